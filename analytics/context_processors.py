"""What the desk's navigation needs from analytics: whether to offer the page (the rule stays in `access`)."""

from django.utils.functional import SimpleLazyObject

from .access import can_view_analytics


def nav(request) -> dict:
    return {"can_view_analytics": SimpleLazyObject(lambda: can_view_analytics(request.user))}
