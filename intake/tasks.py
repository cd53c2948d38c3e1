"""Background tasks (Django's task framework API, the django-tasks backport, as capture's): an article's
address is fetched here, never on a request's thread."""

from django_tasks import task

from . import services


@task()
def fetch_article(request_id: int) -> None:
    services.run_fetch(request_id)
