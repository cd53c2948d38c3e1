"""The review workflow in one place: states, transitions and who may take them.

A small explicit table rather than a state-machine library: the desk has a dozen
transitions, each with a role *and* an object rule (only the assigned reviewer
proposes; the proposer never approves), and the services need row locks and a
version check around every step. A table keeps all of that readable in one
screen and testable as data; see README "Workflow" for the diagram.

This module is pure Python (no model imports at load time) so that
`claims.models` can use `State` for its field choices.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    VERDICT_PROPOSED = "verdict_proposed", _("Verdict proposed")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Published, corrected")
    RETRACTED = "retracted", _("Retracted")
    REJECTED = "rejected", _("Rejected / not checkable")


# States in which the claim's own fields (statement, speaker, dates) and its
# evidence may be edited. After a verdict is proposed the claim is frozen;
# a chief editor must reopen it (audited) before anyone edits it again.
EDITABLE_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED})
# States a reader may see on the public site.
PUBLIC_STATES = frozenset({State.PUBLISHED, State.CORRECTED, State.RETRACTED})
OPEN_STATES = frozenset(
    {State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED, State.VERDICT_PROPOSED, State.APPROVED}
)

# Django permissions (codenames on claims.Claim) that make up the roles.
PERM_VIEW = "claims.view_claim"
PERM_EDIT = "claims.change_claim"
PERM_EVIDENCE = "claims.add_evidence"
PERM_SUBMIT = "claims.submit_claim"
PERM_REVIEW = "claims.review_claim"
PERM_APPROVE = "claims.approve_verdict"
PERM_PUBLISH = "claims.publish_claim"
PERM_ASSIGN = "claims.assign_reviewer"


class WorkflowError(Exception):
    """A refused step; `status_code` is what a view or the API answers."""

    status_code = 409

    def __init__(self, message, *, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotAllowed(WorkflowError):
    """The user's role, or their relation to this claim, forbids the step."""

    status_code = 403


class Conflict(WorkflowError):
    """The claim changed since the user loaded it."""

    status_code = 409


class InvalidInput(WorkflowError):
    """The step lacks something it needs (a reason, a rating)."""

    status_code = 400


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    note_required: bool = False
    note_is_public: bool = False
    # Extra object rule name, checked by `check_transition`.
    rule: str = ""
    fields: tuple = field(default_factory=tuple)


def _t(name, label, sources, target, permission, **kwargs):
    return Transition(name=name, label=label, sources=frozenset(sources), target=target, permission=permission, **kwargs)


TRANSITIONS = {
    t.name: t
    for t in [
        _t("submit", _("Submit for review"), {State.DRAFT}, State.SUBMITTED, PERM_SUBMIT),
        # After changes were requested the claim goes back to the reviewer who asked
        # for them, not into the general queue: they know what they were waiting for.
        _t("resubmit", _("Resubmit to the reviewer"), {State.CHANGES_REQUESTED}, State.IN_REVIEW, PERM_SUBMIT),
        _t("take", _("Take for review"), {State.SUBMITTED}, State.IN_REVIEW, PERM_REVIEW, rule="not_author"),
        _t(
            "assign",
            _("Assign a reviewer"),
            {State.SUBMITTED, State.IN_REVIEW},
            State.IN_REVIEW,
            PERM_ASSIGN,
            fields=("reviewer", "due"),
        ),
        _t("unassign", _("Release the review"), {State.IN_REVIEW}, State.SUBMITTED, PERM_VIEW, rule="assignee_or_assigner"),
        _t(
            "request_changes",
            _("Request changes"),
            {State.IN_REVIEW},
            State.CHANGES_REQUESTED,
            PERM_REVIEW,
            note_required=True,
            rule="assignee",
        ),
        _t(
            "propose",
            _("Propose a verdict"),
            {State.IN_REVIEW},
            State.VERDICT_PROPOSED,
            PERM_REVIEW,
            rule="assignee",
            fields=("verdict",),
        ),
        _t(
            "send_back",
            _("Send the verdict back"),
            {State.VERDICT_PROPOSED},
            State.IN_REVIEW,
            PERM_APPROVE,
            note_required=True,
            rule="not_proposer",
        ),
        _t("approve", _("Approve the verdict"), {State.VERDICT_PROPOSED}, State.APPROVED, PERM_APPROVE, rule="not_proposer"),
        _t("publish", _("Publish"), {State.APPROVED}, State.PUBLISHED, PERM_PUBLISH),
        _t(
            "reject",
            _("Reject as not checkable"),
            {State.SUBMITTED, State.IN_REVIEW},
            State.REJECTED,
            PERM_VIEW,
            note_required=True,
            rule="assignee_or_approver",
        ),
        _t(
            "reopen",
            _("Reopen for editing"),
            {State.APPROVED, State.REJECTED},
            State.DRAFT,
            PERM_APPROVE,
            note_required=True,
        ),
        _t(
            "correct",
            _("Publish a correction"),
            {State.PUBLISHED, State.CORRECTED},
            State.CORRECTED,
            PERM_PUBLISH,
            note_required=True,
            note_is_public=True,
            fields=("verdict",),
        ),
        _t(
            "retract",
            _("Retract"),
            {State.PUBLISHED, State.CORRECTED},
            State.RETRACTED,
            PERM_PUBLISH,
            note_required=True,
            note_is_public=True,
        ),
    ]
}


def _rule_message(rule):
    return {
        "not_author": _("Four-eyes rule: the editor who wrote a claim cannot review it."),
        "assignee": _("Only the reviewer assigned to this claim can do this."),
        "assignee_or_assigner": _("Only the assigned reviewer or a chief editor can release this review."),
        "assignee_or_approver": _("Only the assigned reviewer or a chief editor can reject this claim."),
        "not_proposer": _("Four-eyes rule: the reviewer who proposed a verdict cannot decide on it."),
    }[rule]


def _rule_holds(rule, claim, user, proposed_verdict):
    if rule == "not_author":
        return claim.created_by_id != user.pk
    if rule == "assignee":
        return claim.assigned_reviewer_id == user.pk
    if rule == "assignee_or_assigner":
        return claim.assigned_reviewer_id == user.pk or user.has_perm(PERM_ASSIGN)
    if rule == "assignee_or_approver":
        return claim.assigned_reviewer_id == user.pk or user.has_perm(PERM_APPROVE)
    if rule == "not_proposer":
        return proposed_verdict is None or proposed_verdict.proposed_by_id != user.pk
    return True


def check_transition(transition, claim, user, *, proposed_verdict=None):
    """Raise the error a user should see if `user` may not take `transition` now."""
    if not user.is_authenticated or not user.is_active or not user.has_perm(PERM_VIEW):
        raise NotAllowed(_("You do not have access to this claim."))
    if not user.has_perm(transition.permission):
        raise NotAllowed(
            _("Your role does not allow “%(action)s”.") % {"action": transition.label},
        )
    if claim.state not in transition.sources:
        raise WorkflowError(
            _("“%(action)s” is not possible while the claim is “%(state)s”.")
            % {"action": transition.label, "state": State(claim.state).label}
        )
    if transition.rule and not _rule_holds(transition.rule, claim, user, proposed_verdict):
        raise NotAllowed(_rule_message(transition.rule))


def allowed_transitions(claim, user, *, proposed_verdict=None):
    """The transitions `user` may take on `claim` now, in table order (for the UI)."""
    allowed = []
    for transition in TRANSITIONS.values():
        try:
            check_transition(transition, claim, user, proposed_verdict=proposed_verdict)
        except WorkflowError:
            continue
        allowed.append(transition)
    return allowed


def can_view_claim(user, claim=None):
    """Every desk role sees every claim; outsiders see none (public pages aside)."""
    return user.is_authenticated and user.is_active and user.has_perm(PERM_VIEW)


def can_edit_claim(user, claim, perm=PERM_EDIT):
    return edit_refusal(user, claim, perm) is None


def edit_refusal(user, claim, perm=PERM_EDIT):
    """Why `user` may not edit `claim` (or, with PERM_EVIDENCE, its evidence), or None if they may."""
    if not can_view_claim(user, claim):
        return NotAllowed(_("You do not have access to this claim."))
    if not user.has_perm(perm):
        return NotAllowed(
            _("Your role does not allow editing claims.")
            if perm == PERM_EDIT
            else _("Your role does not allow changing evidence.")
        )
    if claim.state not in EDITABLE_STATES:
        return WorkflowError(
            _("The claim is “%(state)s” and cannot be edited; a chief editor must reopen it first.")
            % {"state": State(claim.state).label}
        )
    return None


def due_date_applies(claim):
    """A review due date matters only while the claim is still open."""
    return claim.review_due is not None and claim.state in OPEN_STATES


def is_overdue(claim, today=None):
    """A claim is overdue when its review due date has passed while it is still open."""
    return due_date_applies(claim) and claim.review_due < (today or timezone.localdate())


def overdue_q(today=None):
    """`is_overdue` as a query filter, for lists (same rule, evaluated by the database)."""
    return Q(review_due__lt=today or timezone.localdate(), state__in=OPEN_STATES)


def can_be_reviewer(user, claim):
    """Who may be assigned: a reviewer who did not write the claim (four-eyes)."""
    return user.is_active and user.has_perm(PERM_REVIEW) and user.pk != claim.created_by_id
