"""Background tasks (Django's task framework API, the django-tasks backport, as capture's and intake's).

`poll_feeds` polls every due feed; cron (or any scheduler) enqueues it with `manage.py poll_feeds --enqueue`,
and a database-backend worker (`manage.py db_worker`) runs it. Polling it twice at once is harmless:
each feed is leased before it is fetched (`monitoring.polling.poll_feed`)."""

from django_tasks import task

from . import polling


@task()
def poll_feeds() -> int:
    return sum(result.articles for result in polling.poll_due())
