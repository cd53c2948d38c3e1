"""The desk page of a revision of a published fact-check: `/desk/claims/<pk>/revision/`.

Its preparer edits the draft (verdict, evidence kept, evidence added, new sources); the
revision steps (send for approval, send back, withdraw, approve and publish) are the spec's
(`reviews.workflow`), posted to the claim's action URL like every other step. Readers keep
seeing the published version until the revision is approved and published.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from claims.access import get_claim_for_user
from claims.models import Claim
from factcheck.errors import WorkflowError
from reviews import services as workflow_services
from reviews.forms import action_form
from reviews.workflow import REVISION_STEPS, TRANSITIONS, allowed_transitions

from .forms import RevisionForm


def revision_actions(claim, user, revision, *, bound_action=None):
    """The revision steps `user` may take now, each with its form (from the spec)."""
    actions = []
    for transition in allowed_transitions(claim, user, proposed_verdict=revision):
        if transition.name not in REVISION_STEPS:
            continue
        if bound_action and bound_action[0] == transition.name:
            form = bound_action[1]
        else:
            form = action_form(transition.name, claim)
        actions.append({"transition": transition, "form": form})
    return actions


def render_revision_page(request, claim, revision, *, form=None, bound_action=None, status=200):
    user = request.user
    editable = revision.status == revision.Status.DRAFT and revision.prepared_by_id == user.pk
    if editable and form is None:
        form = RevisionForm(revision)
        form.initial["expected_version"] = claim.version
    return render(
        request,
        "desk/revision.html",
        {
            "claim": claim,
            "revision": revision,
            "published": claim.current_verdict,
            "form": form if editable else None,
            "actions": revision_actions(claim, user, revision, bound_action=bound_action),
            "new_evidence": list(revision.new_evidence.select_related("source")),
            "kept": list(revision.evidence.select_related("source")),
        },
        status=status,
    )


@login_required
def revision_edit(request, pk):
    claim = get_claim_for_user(request.user, pk, Claim.objects.select_related("current_verdict__rating", "speaker"))
    revision = workflow_services.open_revision(claim)
    if revision is None:
        messages.info(request, _("No update or correction of this fact-check is open: start one below."))
        return redirect(claim)
    if request.method != "POST":
        return render_revision_page(request, claim, revision)
    form = RevisionForm(revision, request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return render_revision_page(request, claim, revision, form=form, status=400)
    try:
        workflow_services.edit_revision(claim=claim, user=request.user, **form.service_kwargs())
    except WorkflowError as error:
        target = form if error.field in form.fields else form.add_row if error.field in form.add_row.fields else None
        if error.field == "new_evidence":
            form.add_row.add_error(None, error.message)
        elif target is not None:
            target.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)
        messages.error(request, error.message)
        claim.refresh_from_db()
        return render_revision_page(request, claim, workflow_services.open_revision(claim) or revision, form=form, status=error.status_code)
    messages.success(request, _("The revision was saved. Readers still see the published version."))
    return redirect("revision_edit", pk=claim.pk)


def step_page_after(transition_name: str) -> str:
    """Where the desk goes after a step: the revision page while a revision is open."""
    return "revision_edit" if transition_name in ("start_update", "start_correction", "propose_revision", "return_revision") else "claim_detail"


__all__ = ["revision_edit", "render_revision_page", "step_page_after", "TRANSITIONS"]
