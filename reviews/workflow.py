"""The review workflow in one place: states, transitions and who may take them.

A small explicit table rather than a state-machine library: the desk has a dozen
transitions, each with a role *and* an object rule (only the assigned reviewer
proposes; the proposer never approves), and the services need row locks and a
version check around every step. A table keeps all of that readable in one
screen and testable as data; see README "Workflow" for the diagram.

The states themselves are the claim's vocabulary (`claims.states`); the
refusals are the project's one error family (`factcheck.errors`).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from claims.access import can_view_claim
from claims.permissions import (
    PERM_APPROVE,
    PERM_ASSIGN,
    PERM_PUBLISH,
    PERM_REVIEW,
    PERM_SUBMIT,
    PERM_VIEW,
)
from claims.states import State
from factcheck.errors import NotAllowed, WorkflowError


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


def rule_message(rule: str) -> str:
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
        raise NotAllowed(_("You do not have access to this claim."), rule="desk_only")
    if not user.has_perm(transition.permission):
        raise NotAllowed(
            _("Your role does not allow “%(action)s”.") % {"action": transition.label},
            rule="role",
        )
    if claim.state not in transition.sources:
        raise WorkflowError(
            _("“%(action)s” is not possible while the claim is “%(state)s”.")
            % {"action": transition.label, "state": State(claim.state).label},
            rule="state",
        )
    if transition.rule and not _rule_holds(transition.rule, claim, user, proposed_verdict):
        raise NotAllowed(rule_message(transition.rule), rule=transition.rule)


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














def can_be_reviewer(user, claim):
    """Who may be assigned: a reviewer who did not write the claim (four-eyes)."""
    return user.is_active and user.has_perm(PERM_REVIEW) and user.pk != claim.created_by_id
