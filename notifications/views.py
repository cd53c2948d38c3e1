"""The inbox: unread first, mark read one by one or all at once (POST), open = mark read and go there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims.access import require_desk_access
from claims.pagination import page_of

from . import services
from .models import Notification

PAGE_SIZE = 50


@login_required
@require_GET
def inbox(request):
    require_desk_access(request.user)
    # Each item names its claim (statement, speaker) and who acted: joined here, one query for the page.
    notifications = Notification.objects.filter(recipient=request.user).select_related(
        "actor", "audit_entry", "capture", "claim__speaker"
    )
    page = page_of(request, notifications, PAGE_SIZE, count=True)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "notifications": page.items, "unread": services.unread_count(request.user)},
    )


def _own(request, pk):
    require_desk_access(request.user)
    # Someone else's notification is as good as missing: 404, never a hint it exists.
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


@login_required
@require_POST
def mark_read(request, pk):
    notification = services.mark_read(notification=_own(request, pk), user=request.user)
    messages.success(request, _("Marked as read."))
    return redirect(reverse("inbox") + f"#notification-{notification.pk}")


@login_required
@require_POST
def open_notification(request, pk):
    notification = services.mark_read(notification=_own(request, pk), user=request.user)
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("inbox")


@login_required
@require_POST
def mark_all_read(request):
    require_desk_access(request.user)
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("inbox")

