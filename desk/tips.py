"""The Intake queue of reader tips: list, one tip, accept (a draft claim), dismiss with a reason, erase the reader's data.

Thin views over `tips.services` / `tips.selectors`; every desk role sees the queue (and the
reader's e-mail), editors decide.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims.access import require_desk_access
from factcheck.errors import WorkflowError
from tips import selectors, services
from tips.forms import DismissForm
from tips.models import Tip

LIST_ROWS = 50


@login_required
@require_GET
def tip_list(request):
    require_desk_access(request.user)
    return render(
        request,
        "desk/tip_list.html",
        {"queue": selectors.intake_queue()[:LIST_ROWS], "decided": selectors.decided_tips()[:LIST_ROWS]},
    )


def _render_tip(request, tip, dismiss_form=None, status=200):
    return render(
        request,
        "desk/tip_detail.html",
        {"tip": tip, "dismiss_form": dismiss_form or DismissForm(), "can_decide": services.can_decide(request.user)},
        status=status,
    )


@login_required
@require_GET
def tip_detail(request, pk):
    require_desk_access(request.user)
    return _render_tip(request, get_object_or_404(Tip.objects.select_related("claim", "decided_by"), pk=pk))


def _refused(request, tip, error: WorkflowError):
    if error.status_code == 403:
        raise PermissionDenied(error.message)
    messages.error(request, error.message)
    return redirect("tip_detail", pk=tip.pk)


@login_required
@require_POST
def tip_accept(request, pk):
    require_desk_access(request.user)
    tip = get_object_or_404(Tip, pk=pk)
    try:
        claim = services.accept_tip(tip=tip, user=request.user)
    except WorkflowError as error:
        return _refused(request, tip, error)
    messages.success(request, _("The tip is now draft claim #%(pk)s: add the speaker, the date and the evidence.") % {"pk": claim.pk})
    return redirect("claim_edit", pk=claim.pk)


@login_required
@require_POST
def tip_dismiss(request, pk):
    require_desk_access(request.user)
    tip = get_object_or_404(Tip, pk=pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_tip(tip=tip, user=request.user, reason=form.cleaned_data["reason"])
        except WorkflowError as error:
            if error.status_code == 400:
                form.add_error("reason", error.message)
                return _render_tip(request, tip, form, status=400)
            return _refused(request, tip, error)
        messages.success(request, _("Tip dismissed."))
        return redirect("tip_list")
    return _render_tip(request, tip, form, status=400)


@login_required
@require_POST
def tip_erase(request, pk):
    require_desk_access(request.user)
    tip = get_object_or_404(Tip, pk=pk)
    try:
        services.erase_personal_data(tip=tip, user=request.user)
    except WorkflowError as error:
        return _refused(request, tip, error)
    messages.success(request, _("The reader's e-mail address is erased."))
    return redirect("tip_detail", pk=tip.pk)
