"""The repeat alerts page under /desk/monitoring/repeats/: open alerts with their one-click decisions.

Thin views, as the queue's: the role through `monitoring.queue.check_queue_access` (403), then the
object (404); writes through `monitoring.repeats`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.access import require_desk_access
from factcheck.errors import NotAllowed, WorkflowError

from . import repeats
from .forms import RepeatDismissForm
from .models import RepeatAlert
from .queue import check_queue_access
from .views import _allowed

RECENT = 20


def _may_decide(user) -> bool:
    try:
        check_queue_access(user)
    except NotAllowed:
        return False
    return True


@login_required
def monitoring_repeats(request):
    """Open repeat alerts first, then the latest decided ones. Every desk member may read them (the reviewer
    who checked a claim is told of its repeats); those who take articles in confirm or dismiss them."""
    require_desk_access(request.user)
    context = {
        "can_decide": _may_decide(request.user),
        "open": list(repeats.open_alerts()[:200]),
        "decided": list(repeats.alerts().exclude(state=RepeatAlert.State.OPEN).order_by("-decided_at", "-id")[:RECENT]),
        "dismiss_form": RepeatDismissForm(),
    }
    return render(request, "monitoring/repeats.html", context)


def _alert(request, pk) -> RepeatAlert:
    _allowed(request.user)
    return get_object_or_404(repeats.alerts(), pk=pk)


@require_POST
@login_required
def monitoring_repeat_confirm(request, pk):
    alert = _alert(request, pk)
    try:
        appearance = repeats.confirm(user=request.user, alert=alert)
    except WorkflowError as refusal:
        messages.error(request, refusal.message)
        return redirect("monitoring_repeats")
    messages.success(
        request, _("Claim #%(pk)s now lists %(url)s as an appearance.") % {"pk": appearance.claim_id, "url": appearance.url}
    )
    return redirect("monitoring_repeats")


@require_POST
@login_required
def monitoring_repeat_dismiss(request, pk):
    alert = _alert(request, pk)
    form = RepeatDismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this is not a repeat (“different claim”, “quoted to refute it”)."))
        return redirect("monitoring_repeats")
    try:
        repeats.dismiss(user=request.user, alert=alert, reason=form.cleaned_data["reason"])
    except WorkflowError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Repeat alert dismissed."))
    return redirect("monitoring_repeats")
