"""Workflow buttons on the claim page: validate the step's form, call `reviews.services.perform`, redirect.

The permission check happens first (a forged POST for a step the user may not
take is a 403 whatever it contains); a refused or stale step re-shows the claim
page with the reason and the answer's status (400/403/409).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.access import get_claim_for_user
from claims.views import claim_page_queryset, render_claim_page

from . import services
from .forms import action_form
from .models import Verdict
from .workflow import TRANSITIONS, WorkflowError, check_transition


@login_required
@require_POST
def claim_action(request, pk, action):
    claim = get_claim_for_user(request.user, pk, claim_page_queryset())
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Http404(_("There is no such workflow step."))
    proposed = next((v for v in claim.verdicts.all() if v.status == Verdict.Status.PROPOSED), None)
    check_transition(transition, claim, request.user, proposed_verdict=proposed)  # NotAllowed -> 403 page

    form = action_form(action, claim, request.POST)
    if not form.is_valid():
        messages.error(request, _("“%(action)s” needs a few more details; see the form below.") % {"action": transition.label})
        return render_claim_page(request, claim, bound_action=(action, form), status=400)
    try:
        services.perform(action, claim=claim, user=request.user, **form.service_kwargs())
    except WorkflowError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)
        messages.error(request, error.message)
        fresh = get_claim_for_user(request.user, pk, claim_page_queryset())
        return render_claim_page(request, fresh, bound_action=(action, form), status=error.status_code)
    messages.success(request, _("Done: “%(action)s”.") % {"action": transition.label})
    return redirect(claim)
