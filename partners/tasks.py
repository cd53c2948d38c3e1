"""`poll_partners` polls every due partner; cron enqueues it with `manage.py poll_partners --enqueue` and a
worker runs it (as monitoring's `poll_feeds`). Running it twice at once is harmless: partners are leased."""

from django_tasks import task

from . import services


@task()
def poll_partners() -> int:
    return sum(result.imported for result in services.poll_due())
