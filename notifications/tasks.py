"""Background tasks (Django's task framework API, the django-tasks backport): the daily sweep."""

from django_tasks import task

from . import services


@task()
def daily_sweep() -> int:
    """Tell people of re-checks and resolutions that fell due (safe to run any number of times a day)."""
    return services.sweep_due()
