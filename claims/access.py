"""Who may see and edit claims, and object lookups for views.

`get_claim_for_user` answers 404 for what does not exist and 403 for what the
user may not see; `edit_refusal` says why a user may not edit a claim (or its
evidence) now. Views, admin, API and services all ask here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from factcheck.errors import NotAllowed, WorkflowError

from .models import Claim, Evidence, Source
from .permissions import PERM_EDIT, PERM_EVIDENCE, PERM_VIEW
from .states import EDITABLE_STATES, PUBLIC_STATES, STANDING_STATES, State

# What readers may see: published, corrected or retracted, with a verdict (as publishing.selectors.public_claims).
PUBLIC_CLAIM = Q(state__in=PUBLIC_STATES, current_verdict__isnull=False)


def can_view_claim(user) -> bool:
    """Every desk role sees every claim; outsiders see none (public pages aside)."""
    return user.is_authenticated and user.is_active and user.has_perm(PERM_VIEW)


def require_desk_access(user) -> None:
    if not can_view_claim(user):
        raise PermissionDenied(_("Only members of the fact-check desk can see this page."))


def get_claim_for_user(user, pk, queryset=None) -> Claim:
    require_desk_access(user)
    return get_object_or_404(queryset if queryset is not None else Claim.objects.all(), pk=pk)


def edit_refusal(user, claim, perm: str = PERM_EDIT) -> WorkflowError | None:
    """Why `user` may not edit `claim` (or, with PERM_EVIDENCE, its evidence), or None if they may."""
    if not can_view_claim(user):
        return NotAllowed(_("You do not have access to this claim."), rule="desk_only")
    if not user.has_perm(perm):
        return NotAllowed(
            _("Your role does not allow editing claims.")
            if perm == PERM_EDIT
            else _("Your role does not allow changing evidence."),
            rule="role",
        )
    if claim.state not in EDITABLE_STATES:
        return frozen_refusal(claim)
    if perm == PERM_EVIDENCE:
        return evidence_refusal(user, claim)
    return None


def frozen_refusal(claim) -> WorkflowError:
    """Why a claim past review cannot be edited, naming the step that exists from its state
    (reviews.workflow): never a step the user cannot find on the claim page."""
    if claim.state in STANDING_STATES:
        message = _("This fact-check is published: start an update or a correction on the claim page.")
        rule = "published"
    elif claim.state == State.VERDICT_PROPOSED:
        message = _(
            "A verdict is proposed, so the claim is frozen: a chief editor can send the verdict back "
            "(“Send the verdict back”), and the reviewer then edits it."
        )
        rule = "frozen"
    elif claim.state in (State.APPROVED, State.REJECTED):
        message = _("The claim is “%(state)s”: a chief editor can reopen it for editing (“Reopen for editing”).") % {
            "state": State(claim.state).label
        }
        rule = "frozen"
    else:
        message = _("This fact-check was retracted; it stays as it was, for the record.")
        rule = "retracted"
    return WorkflowError(message, rule=rule)


def public_sources():
    """Sources a published fact-check cites or was reported by: what readers may open."""
    public = Claim.objects.filter(PUBLIC_CLAIM)
    cited = Evidence.objects.filter(source=OuterRef("pk"), claim__in=public.values("pk"))
    return Source.objects.filter(Q(Exists(cited)) | Q(Exists(public.filter(reported_by=OuterRef("pk")))))


def can_view_source_file(user, source: Source) -> bool:
    """Desk roles open any source's file; everyone else only those of public sources."""
    return can_view_claim(user) or public_sources().filter(pk=source.pk).exists()


def evidence_refusal(user, claim) -> WorkflowError | None:
    """Who researches: the evidence rule (README "Roles").

    In review, only the assigned reviewer changes the evidence: the reviewer is
    weighing it, and a change under their feet (even by the claim's editor) would
    go unseen; editors ask through a comment or get the claim back with "request
    changes". Before and after review (draft, submitted, changes requested) the
    claim's editors change it, and so does the reviewer already assigned. Admins may always.
    """
    if user.is_superuser:
        return None
    assigned = claim.assigned_reviewer_id is not None and claim.assigned_reviewer_id == user.pk
    if claim.state == State.IN_REVIEW:
        if assigned:
            return None
        return NotAllowed(
            _("While a claim is in review only its assigned reviewer changes its evidence; comment on the claim instead."),
            rule="not_assigned_reviewer",
        )
    if assigned or user.has_perm(PERM_EDIT):
        return None
    return NotAllowed(
        _("Only the claim's editors change its evidence until a reviewer takes it."),
        rule="not_assigned_reviewer",
    )
