from django.utils.functional import SimpleLazyObject

from .services import unread_count


def inbox(request):
    """`unread_notification_count` for the navigation; queried only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
