"""Background delivery (Django's task framework API, the django-tasks backport, as capture's and monitoring's)."""

from django_tasks import task

from . import services


@task()
def deliver(delivery_id: int) -> str:
    """One attempt; a failure schedules the next (deferred) or leaves it to `send_webhooks`."""
    return services.attempt(delivery_id).status


@task()
def send_due() -> int:
    return services.send_due()
