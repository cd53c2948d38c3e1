"""What the desk's webhook pages read."""

from django.db.models import QuerySet

from .models import Delivery, Endpoint


def endpoints() -> QuerySet[Endpoint]:
    return Endpoint.objects.select_related("created_by")


def deliveries(*, endpoint: Endpoint | None = None, event: str = "", status: str = "") -> QuerySet[Delivery]:
    """The delivery log, newest first, narrowed by the filters given."""
    rows = Delivery.objects.select_related("endpoint")
    if endpoint is not None:
        rows = rows.filter(endpoint=endpoint)
    if event:
        rows = rows.filter(event=event)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")
