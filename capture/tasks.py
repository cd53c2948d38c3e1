"""Background tasks (Django's task framework API, the django-tasks backport): a capture never blocks a save."""

from django_tasks import task

from . import services


@task()
def capture_source(capture_id: int) -> None:
    services.run_capture(capture_id)


@task()
def recheck_source(source_id: int) -> None:
    services.recheck_source(source_id)
