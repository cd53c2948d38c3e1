"""The desk page of a revision of a published fact-check: `/desk/claims/<pk>/revision/`.

Its preparer edits the draft (verdict, evidence kept, evidence added, new sources and outlets) and
sends it for approval from the same form (a second submit button, so nothing typed is lost); the
other revision steps (send back, withdraw, approve and publish) are the spec's (`reviews.workflow`),
posted to the claim's action URL like every other step. Readers keep
seeing the published version until the revision is approved and published.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from claims import chains
from claims.access import get_claim_for_user
from claims.models import Claim
from factcheck.errors import WorkflowError
from reviews import services as workflow_services
from reviews.forms import action_form
from reviews.workflow import REVISION_STEPS, TRANSITIONS, allowed_transitions

from .forms import RevisionForm


SEND = "propose_revision"  # sent from the revision's own form (a second submit button), not a form of its own


def revision_actions(claim, user, revision, *, bound_action=None, editable=False):
    """The revision steps `user` may take now, each with its form (from the spec); sending is left out of
    the list when the page's edit form carries it, so nothing typed there is lost by sending."""
    actions = []
    for transition in allowed_transitions(claim, user, proposed_verdict=revision):
        if transition.name not in REVISION_STEPS or (editable and transition.name == SEND):
            continue
        if bound_action and bound_action[0] == transition.name:
            form = bound_action[1]
        else:
            form = action_form(transition.name, claim)
        actions.append({"transition": transition, "form": form})
    return actions


def render_revision_page(request, claim, revision, *, form=None, send_form=None, bound_action=None, status=200):
    user = request.user
    editable = revision.status == revision.Status.DRAFT and revision.prepared_by_id == user.pk
    if editable and form is None:
        form = RevisionForm(revision)
        form.initial["expected_version"] = claim.version
    if editable and send_form is None:
        send_form = bound_action[1] if bound_action and bound_action[0] == SEND else action_form(SEND, claim)
        send_form.initial["note"] = revision.note  # drafted and saved with the revision
    return render(
        request,
        "desk/revision.html",
        {
            "claim": claim,
            "revision": revision,
            "published": claim.current_verdict,
            "form": form if editable else None,
            "send_form": send_form if editable else None,
            "send_label": TRANSITIONS[SEND].label,
            "actions": revision_actions(claim, user, revision, bound_action=bound_action, editable=editable),
            "new_evidence": list(revision.new_evidence.select_related("source__outlet")),
            "revision_chain": _chain_of(revision),
            "speaker_change": workflow_services.speaker_changes(claim),  # published with the revision
            "kept": list(revision.evidence.select_related("source")),
        },
        status=status,
    )


def _chain_of(revision):
    """The chain the revision sets (None: it keeps the claim's), readable for the page."""
    if revision.hops is None:
        return None
    try:
        return chains.chain_from_json(revision.hops)
    except WorkflowError:
        return None


def _show_refusal(form, send_form, error):
    """A service's refusal next to the field it names (the revision's, its new row's, the public note), else on top."""
    if form.hops.add_service_error(error):
        pass
    elif error.field == "new_evidence":
        form.add_row.add_error(None, error.message)
    elif error.field in form.fields:
        form.add_error(error.field, error.message)
    elif error.field in form.add_row.fields:
        form.add_row.add_error(error.field, error.message)
    elif send_form is not None and error.field in send_form.fields:
        send_form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


@login_required
def revision_edit(request, pk):
    """Save the draft revision; with *Save and send for approval*, save it and send it in one transaction:
    a refused send writes nothing and shows the form again with everything typed."""
    claim = get_claim_for_user(request.user, pk, Claim.objects.select_related("current_verdict__rating", "speaker"))
    revision = workflow_services.open_revision(claim)
    if revision is None:
        messages.info(request, _("No update or correction of this fact-check is open: start one below."))
        return redirect(claim)
    if request.method != "POST":
        return render_revision_page(request, claim, revision)
    sending = "send" in request.POST
    form = RevisionForm(revision, request.POST)
    send_form = action_form(SEND, claim, request.POST) if sending else None
    valid = form.is_valid()
    if send_form is not None:
        valid = send_form.is_valid() and valid
    if not valid:
        messages.error(request, _("Please correct the errors below."))
        return render_revision_page(request, claim, revision, form=form, send_form=send_form, status=400)
    try:
        with transaction.atomic():
            note = request.POST.get(f"{SEND}-note")  # the public note drafted so far is saved with the revision
            workflow_services.edit_revision(claim=claim, user=request.user, note=note, **form.service_kwargs())
            if sending:
                workflow_services.perform(
                    SEND, claim=claim, user=request.user, **{**send_form.service_kwargs(), "expected_version": claim.version}
                )
    except WorkflowError as error:
        _show_refusal(form, send_form, error)
        messages.error(request, error.message)
        claim.refresh_from_db()
        return render_revision_page(
            request, claim, workflow_services.open_revision(claim) or revision, form=form, send_form=send_form,
            status=error.status_code,
        )
    if sending:
        messages.success(request, _("Done: “%(action)s”.") % {"action": TRANSITIONS[SEND].label})
    else:
        messages.success(request, _("The revision was saved. Readers still see the published version."))
    return redirect("revision_edit", pk=claim.pk)


def step_page_after(transition_name: str) -> str:
    """Where the desk goes after a step: the revision page while a revision is open."""
    return "revision_edit" if transition_name in ("start_update", "start_correction", "propose_revision", "return_revision") else "claim_detail"


__all__ = ["revision_edit", "render_revision_page", "step_page_after", "TRANSITIONS"]
