"""The review workflow in one place: states, transitions and who may take them.

A small explicit table rather than a state-machine library: the desk has a dozen
transitions, each with a role *and* an object rule (only the assigned reviewer
proposes; the proposer never approves), and the services need row locks and a
version check around every step. A table keeps all of that readable in one
screen and testable as data; see README "Workflow" for the diagram.

Each `Transition` is the one spec of its step: its rules (`Rule` objects), the
inputs it takes (`Input`, from which the desk form, the API serializer and the
advertised fields are built) and its service (`@implements`, checked against
the inputs). `path_to` reads walks off the table. The states themselves are the
claim's vocabulary (`claims.states`); the refusals are the project's one error
family (`factcheck.errors`).
"""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from claims.authorship import contributors
from claims.permissions import (
    PERM_APPROVE,
    PERM_ASSIGN,
    PERM_PUBLISH,
    PERM_REVIEW,
    PERM_SUBMIT,
    PERM_VIEW,
)
from claims.states import STANDING_STATES, State
from factcheck.errors import Conflict, InvalidInput, NotAllowed, WorkflowError

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from claims.models import Claim

    from .models import FactCheckRevision, Rating, Verdict

    # What a step decides on: the proposed verdict (review steps) or the open revision of a
    # published fact-check (revision steps); None when there is none.
    Subject = Verdict | FactCheckRevision | None


# --- rules about this claim ------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """An object rule on top of the role: its stable name (the API's `"rule"`), what a refused user
    reads, and the predicate `holds(claim, user, subject)`; `subject` is what the step decides on
    (the proposed verdict, or the open revision of a published fact-check). `refusal` is the error
    family: 403 for who may act, 409 for what is not there to act on."""

    name: str
    message: Promise
    holds: Callable[[Claim, AbstractBaseUser, Subject], bool]
    refusal: type[WorkflowError] = NotAllowed

    def check(self, claim: Claim, user: AbstractBaseUser, subject: Subject) -> None:
        if not self.holds(claim, user, subject):
            raise self.refusal(self.message, rule=self.name)


# Who wrote a claim is defined once (`claims.authorship.contributors`): its creator, whoever rewrote it,
# added evidence outside review, was handed it, submitted it, or wrote a duplicate merged into it.
NOT_AUTHOR = Rule(
    "not_author",
    _("Four-eyes rule: whoever wrote a claim or its evidence cannot review it or decide on its verdict."),
    lambda claim, user, proposed: user.pk not in contributors(claim),
)
ASSIGNEE = Rule(
    "assignee",
    _("Only the reviewer assigned to this claim can do this."),
    lambda claim, user, proposed: claim.assigned_reviewer_id == user.pk,
)
ASSIGNEE_OR_ASSIGNER = Rule(
    "assignee_or_assigner",
    _("Only the assigned reviewer or a chief editor can release this review."),
    lambda claim, user, proposed: claim.assigned_reviewer_id == user.pk or user.has_perm(PERM_ASSIGN),
)
ASSIGNEE_OR_APPROVER = Rule(
    "assignee_or_approver",
    _("Only the assigned reviewer or a chief editor can reject this claim."),
    lambda claim, user, proposed: claim.assigned_reviewer_id == user.pk or user.has_perm(PERM_APPROVE),
)
PREDICTION_OR_PROMISE = Rule(
    "prediction_or_promise",
    _(
        "Only a prediction or a promise is resolved (kept, broken, partly kept, not yet); this claim is neither. "
        "To look at a fact-check again, record a re-check."
    ),
    lambda claim, user, proposed: claim.kind in ("prediction", "promise"),
)
NO_PENDING_RESOLUTION = Rule(
    "resolution_pending",
    _("A resolution of this claim is already waiting for approval: a chief editor decides on it first."),
    lambda claim, user, proposed: not claim.resolutions.filter(status="proposed").exists(),
)
RESOLUTION_PROPOSED = Rule(
    "no_resolution_proposed",
    _("No resolution of this claim is waiting for approval: a reviewer proposes one first, with its evidence."),
    lambda claim, user, proposed: claim.resolutions.filter(status="proposed").exists(),
)
NOT_RESOLUTION_PROPOSER = Rule(
    "not_resolution_proposer",
    _("Four-eyes rule: the reviewer who proposed a resolution cannot approve it; another chief editor decides."),
    lambda claim, user, proposed: not claim.resolutions.filter(status="proposed", proposed_by=user).exists(),
)
NOT_PROPOSER = Rule(
    "not_proposer",
    _("Four-eyes rule: the reviewer who proposed a verdict cannot decide on it."),
    lambda claim, user, proposed: proposed is None or proposed.proposed_by_id != user.pk,
)


# --- rules about the open revision of a published fact-check --------------------------


def _revision(subject: Subject) -> FactCheckRevision | None:
    return subject if subject is not None and hasattr(subject, "prepared_by_id") else None


def _open(subject: Subject, status: str, kind: str | None = None) -> bool:
    revision = _revision(subject)
    return revision is not None and revision.status == status and (kind is None or revision.kind == kind)


def revision_approver_roles(kind: str) -> list[str]:
    """The roles that may approve a revision of `kind` ("update" or "correction"): the
    FACTCHECK_REVISION_APPROVERS setting (README "Workflow"). Never the preparer (NOT_PREPARER)."""
    return list(settings.FACTCHECK_REVISION_APPROVERS.get(kind, ()))


def may_approve_revision(user: AbstractBaseUser, kind: str) -> bool:
    return user.is_superuser or user.groups.filter(name__in=revision_approver_roles(kind)).exists()


NO_OPEN_REVISION = Rule(
    "open_revision",
    _("An update or correction of this fact-check is already being prepared: continue that one."),
    lambda claim, user, subject: _revision(subject) is None,
    refusal=Conflict,
)
REVISION_IN_PREPARATION = Rule(
    "no_revision",
    _("No update or correction of this fact-check is being prepared: start an update or a correction first."),
    lambda claim, user, subject: _open(subject, "draft"),
    refusal=Conflict,
)
REVISION_AWAITING = Rule(
    "no_revision",
    _("No update or correction of this fact-check awaits approval: its preparer sends it for approval first."),
    lambda claim, user, subject: _open(subject, "proposed"),
    refusal=Conflict,
)
UPDATE_AWAITING = Rule(
    "no_update",
    _("No update of this fact-check awaits approval (a correction is published with “Approve and publish the correction”)."),
    lambda claim, user, subject: _open(subject, "proposed", "update"),
    refusal=Conflict,
)
CORRECTION_AWAITING = Rule(
    "no_correction",
    _("No correction of this fact-check awaits approval (an update is published with “Approve and publish the update”)."),
    lambda claim, user, subject: _open(subject, "proposed", "correction"),
    refusal=Conflict,
)
REVISION_OPEN = Rule(
    "no_revision",
    _("No update or correction of this fact-check is open."),
    lambda claim, user, subject: _open(subject, "draft") or _open(subject, "proposed"),
    refusal=Conflict,
)
PREPARER = Rule(
    "preparer",
    _("Only the person who prepared this revision can send it for approval."),
    lambda claim, user, subject: _revision(subject) is not None and _revision(subject).prepared_by_id == user.pk,
)
PREPARER_OR_CHIEF = Rule(
    "preparer_or_chief",
    _("Only the person who prepared this revision or a chief editor can withdraw it."),
    lambda claim, user, subject: (
        _revision(subject) is not None and (_revision(subject).prepared_by_id == user.pk or user.has_perm(PERM_APPROVE))
    ),
)
NOT_PREPARER = Rule(
    "not_preparer",
    _("Four-eyes rule: whoever prepared a revision cannot approve it; another person approves it."),
    lambda claim, user, subject: _revision(subject) is None or _revision(subject).prepared_by_id != user.pk,
)
REVISION_APPROVER = Rule(
    "revision_approver",
    _("Your role may not approve this kind of revision (the desk's FACTCHECK_REVISION_APPROVERS setting says who may)."),
    lambda claim, user, subject: _revision(subject) is not None and may_approve_revision(user, _revision(subject).kind),
)


# --- rules about a verdict's content, shared by every step that proposes or approves one -----


@dataclass(frozen=True)
class Candidate:
    """A verdict as a step would put it in force: a new proposal, the proposal being approved,
    or a revision being sent for approval or published."""

    claim: Claim
    rating: Rating
    evidence: tuple[tuple[str, int], ...]  # (relation, source id) of every item it rests on
    kind: str = "verdict"  # "verdict", "update" or "correction"
    previous_rating_id: int | None = None


@dataclass(frozen=True)
class VerdictRule:
    """A rule on the verdict itself. The spec lists it on every step that proposes *or* approves,
    so a proposal is refused with the same message the approver would otherwise meet later."""

    name: str
    holds: Callable[[Candidate], bool]
    message: Callable[[Candidate], str]
    field: str = "evidence"

    def check(self, candidate: Candidate) -> None:
        if not self.holds(candidate):
            raise InvalidInput(self.message(candidate), field=self.field, rule=self.name)


def _independent(candidate: Candidate) -> bool:
    if candidate.rating.is_unverifiable:
        return True
    from claims.models import Evidence

    attribution_sources = set(
        candidate.claim.evidence.filter(relation=Evidence.Relation.ATTRIBUTION).values_list("source_id", flat=True)
    )
    attribution_sources |= {source for relation, source in candidate.evidence if relation == Evidence.Relation.ATTRIBUTION}
    return any(
        relation != Evidence.Relation.ATTRIBUTION and source not in attribution_sources
        for relation, source in candidate.evidence
    )


INDEPENDENT_EVIDENCE = VerdictRule(
    "independent_evidence",
    _independent,
    lambda candidate: _(
        "A rating of “%(rating)s” needs at least one piece of evidence (supports, refutes or context) "
        "from a source other than the one that shows the claim was made."
    )
    % {"rating": candidate.rating.label},
)
UPDATE_KEEPS_RATING = VerdictRule(
    "update_changes_rating",
    lambda candidate: candidate.kind != "update" or candidate.rating.pk == candidate.previous_rating_id,
    lambda candidate: str(
        _("An update keeps the rating; a new rating is a correction. Withdraw this update and start a correction.")
    ),
    field="rating",
)
VERDICT_RULES = (INDEPENDENT_EVIDENCE, UPDATE_KEEPS_RATING)


# --- what a step takes ----------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One thing a step takes besides the claim, the actor and the version the actor saw.

    The desk form (`reviews.forms`), the API input serializer and the fields
    `GET …/transitions/` advertises are all built from these, in this order.
    """

    name: str
    required: bool = False
    public: bool = False  # a note that readers see (corrections, retractions)


def note(*, required: bool = False, public: bool = False) -> Input:
    return Input("note", required=required, public=public)


REVIEWER = Input("reviewer", required=True)
DUE = Input("due")
VERDICT = (
    Input("attribution", required=True),
    Input("rating", required=True),
    Input("summary", required=True),
    Input("explanation"),
    Input("evidence"),
)
RECHECK = (Input("recheck_on"), Input("recheck_reason"))  # look at a published verdict again on that date
RESOLUTION = (Input("outcome", required=True), Input("source_url", required=True), Input("excerpt"), Input("next_resolution_on"))
EDITOR = Input("editor", required=True)
CONFIRM_OPEN_THREADS = Input("confirm_open_threads")
CONFIRM_UNVERIFIED_EXCERPTS = Input("confirm_unverified_excerpts")  # with the reason in the note

# Implementations registered by `reviews.services` (`@implements("take")`), checked against the inputs.
_SERVICES: dict[str, Callable[..., Claim]] = {}
_NOT_INPUTS = ("claim", "user", "expected_version")


@dataclass(frozen=True)
class Transition:
    """One workflow step: everything the desk page, the admin, the API and the services need to know."""

    name: str
    label: Promise
    sources: frozenset[str]
    target: str | None  # None: the claim keeps its state (resolve, hand over, re-check; a revision until it is published)
    permission: str
    rules: tuple[Rule, ...] = ()
    inputs: tuple[Input, ...] = (note(),)
    # Rules on the verdict the step proposes or puts in force (shared by proposal and approval).
    verdict_rules: tuple[VerdictRule, ...] = ()
    # Steps a walk takes first, in the same state (the revision a publish step publishes).
    needs: tuple[str, ...] = ()

    def target_from(self, state: str) -> str:
        """The state a claim in `state` is in after this step."""
        return self.target or state

    @property
    def input_names(self) -> list[str]:
        return [item.name for item in self.inputs]

    @property
    def required_inputs(self) -> list[str]:
        return [item.name for item in self.inputs if item.required and item.name != "note"] + (
            ["note"] if self.note_required else []
        )

    @property
    def note_required(self) -> bool:
        return any(item.name == "note" and item.required for item in self.inputs)

    @property
    def note_is_public(self) -> bool:
        return any(item.name == "note" and item.public for item in self.inputs)

    @property
    def service(self) -> Callable[..., Claim]:
        """The function in `reviews.services` that takes this step."""
        if self.name not in _SERVICES:
            import_module("reviews.services")
        return _SERVICES[self.name]


def _t(
    name: str,
    label: Promise,
    sources: set[str],
    target: str | None,
    permission: str,
    *,
    rules: list[Rule] | tuple[Rule, ...] = (),
    inputs: list[Input] | tuple[Input, ...] = (note(),),
    verdict_rules: tuple[VerdictRule, ...] = (),
    needs: tuple[str, ...] = (),
) -> Transition:
    return Transition(
        name=name,
        label=label,
        sources=frozenset(sources),
        target=target,
        permission=permission,
        rules=tuple(rules),
        inputs=tuple(inputs),
        verdict_rules=verdict_rules,
        needs=needs,
    )


REASON = note(required=True)
PUBLIC_REASON = note(required=True, public=True)
# A published fact-check whose verdict stands: it can be updated, corrected or retracted.
STANDING = set(STANDING_STATES)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("submit", _("Submit for review"), {State.DRAFT}, State.SUBMITTED, PERM_SUBMIT),
        # After changes were requested the claim goes back to the reviewer who asked
        # for them, not into the general queue: they know what they were waiting for.
        _t("resubmit", _("Resubmit to the reviewer"), {State.CHANGES_REQUESTED}, State.IN_REVIEW, PERM_SUBMIT),
        _t(
            "take",
            _("Take for review"),
            {State.SUBMITTED},
            State.IN_REVIEW,
            PERM_REVIEW,
            rules=[NOT_AUTHOR],
            inputs=[DUE, note()],
        ),
        _t(
            "assign",
            _("Assign a reviewer"),
            {State.SUBMITTED, State.IN_REVIEW},
            State.IN_REVIEW,
            PERM_ASSIGN,
            inputs=[REVIEWER, DUE, note()],
        ),
        _t(
            "unassign",
            _("Release the review"),
            {State.IN_REVIEW},
            State.SUBMITTED,
            PERM_VIEW,
            rules=[ASSIGNEE_OR_ASSIGNER],
        ),
        _t(
            "request_changes",
            _("Request changes"),
            {State.IN_REVIEW},
            State.CHANGES_REQUESTED,
            PERM_REVIEW,
            rules=[ASSIGNEE],
            inputs=[REASON],
        ),
        _t(
            "propose",
            _("Propose a verdict"),
            {State.IN_REVIEW},
            State.VERDICT_PROPOSED,
            PERM_REVIEW,
            rules=[ASSIGNEE, NOT_AUTHOR],
            inputs=[*VERDICT, *RECHECK, note(), CONFIRM_UNVERIFIED_EXCERPTS],
            verdict_rules=VERDICT_RULES,
        ),
        _t(
            "send_back",
            _("Send the verdict back"),
            {State.VERDICT_PROPOSED},
            State.IN_REVIEW,
            PERM_APPROVE,
            rules=[NOT_PROPOSER],
            inputs=[REASON],
        ),
        _t(
            "approve",
            _("Approve the verdict"),
            {State.VERDICT_PROPOSED},
            State.APPROVED,
            PERM_APPROVE,
            rules=[NOT_PROPOSER, NOT_AUTHOR],
            inputs=[note(), CONFIRM_OPEN_THREADS],
            verdict_rules=VERDICT_RULES,
        ),
        _t("publish", _("Publish"), {State.APPROVED}, State.PUBLISHED, PERM_PUBLISH),
        _t(
            "reject",
            _("Reject as not checkable"),
            {State.SUBMITTED, State.IN_REVIEW},
            State.REJECTED,
            PERM_VIEW,
            rules=[ASSIGNEE_OR_APPROVER],
            inputs=[REASON],
        ),
        _t(
            "reopen",
            _("Reopen for editing"),
            {State.APPROVED, State.REJECTED},
            State.DRAFT,
            PERM_APPROVE,
            inputs=[REASON],
        ),
        # A published fact-check changes only through a revision, prepared by one person and
        # approved by another (four-eyes); the public page shows the approved version meanwhile.
        _t("start_update", _("Start an update"), STANDING, None, PERM_VIEW, rules=[NO_OPEN_REVISION]),
        _t("start_correction", _("Start a correction"), STANDING, None, PERM_VIEW, rules=[NO_OPEN_REVISION]),
        _t(
            "propose_revision",
            _("Send the revision for approval"),
            STANDING,
            None,
            PERM_VIEW,
            rules=[REVISION_IN_PREPARATION, PREPARER],
            inputs=[PUBLIC_REASON],
            verdict_rules=VERDICT_RULES,
        ),
        _t(
            "return_revision",
            _("Send the revision back"),
            STANDING,
            None,
            PERM_VIEW,
            rules=[REVISION_AWAITING, NOT_PREPARER, REVISION_APPROVER],
            inputs=[REASON],
        ),
        _t(
            "withdraw_revision",
            _("Withdraw the revision"),
            STANDING,
            None,
            PERM_VIEW,
            rules=[REVISION_OPEN, PREPARER_OR_CHIEF],
        ),
        _t(
            "publish_update",
            _("Approve and publish the update"),
            STANDING,
            None,
            PERM_VIEW,
            rules=[UPDATE_AWAITING, NOT_PREPARER, REVISION_APPROVER],
            verdict_rules=VERDICT_RULES,
            needs=("start_update", "propose_revision"),
        ),
        _t(
            "publish_correction",
            _("Approve and publish the correction"),
            STANDING,
            State.CORRECTED,
            PERM_VIEW,
            rules=[CORRECTION_AWAITING, NOT_PREPARER, REVISION_APPROVER],
            verdict_rules=VERDICT_RULES,
            needs=("start_correction", "propose_revision"),
        ),
        _t(
            "retract",
            _("Retract"),
            {State.PUBLISHED, State.CORRECTED},
            State.RETRACTED,
            PERM_PUBLISH,
            inputs=[PUBLIC_REASON],
        ),
        # Steps that leave the state as it is (target None).
        _t(
            "hand_over",
            _("Hand to an editor"),
            {State.DRAFT, State.CHANGES_REQUESTED},
            None,
            PERM_ASSIGN,
            inputs=[EDITOR, note()],
        ),
        _t(
            "record_recheck",
            _("Record a re-check"),
            {State.PUBLISHED, State.CORRECTED},
            None,
            PERM_REVIEW,
            inputs=[*RECHECK, REASON],
        ),
        _t(
            "propose_resolution",
            _("Propose a resolution"),
            {State.PUBLISHED, State.CORRECTED},
            None,
            PERM_REVIEW,
            rules=[PREDICTION_OR_PROMISE, NO_PENDING_RESOLUTION],
            inputs=[*RESOLUTION, PUBLIC_REASON],
        ),
        _t(
            "resolve",
            _("Approve the resolution"),
            {State.PUBLISHED, State.CORRECTED},
            None,
            PERM_APPROVE,
            rules=[PREDICTION_OR_PROMISE, RESOLUTION_PROPOSED, NOT_RESOLUTION_PROPOSER],
        ),
    ]
}


# The steps taken on a revision's own page (the claim page offers only starting one).
REVISION_STEPS = frozenset({"propose_revision", "return_revision", "withdraw_revision", "publish_update", "publish_correction"})


def implements(name: str) -> Callable[[Callable[..., Claim]], Callable[..., Claim]]:
    """Register the service function of step `name`; its keyword arguments must be the step's inputs.

    Checked at import, so a service and its spec cannot drift apart: an input the
    service does not take, or a required input with a default, fails start-up.
    """
    transition = TRANSITIONS[name]

    def register(function: Callable[..., Claim]) -> Callable[..., Claim]:
        parameters = inspect.signature(function).parameters
        taken = {key: p for key, p in parameters.items() if key not in _NOT_INPUTS}
        required = {key for key, p in taken.items() if p.default is inspect.Parameter.empty}
        if set(taken) != set(transition.input_names) or required != set(transition.required_inputs):
            raise TypeError(
                f"{function.__qualname__} takes {sorted(taken)} (required {sorted(required)}); the spec of "
                f"“{name}” says {transition.input_names} (required {transition.required_inputs})"
            )
        _SERVICES[name] = function
        return function

    return register


def check_transition(transition: Transition, claim: Claim, user: AbstractBaseUser, *, proposed_verdict: Subject = None) -> None:
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
    for rule in transition.rules:
        rule.check(claim, user, proposed_verdict)


def allowed_transitions(claim: Claim, user: AbstractBaseUser, *, proposed_verdict: Subject = None) -> list[Transition]:
    """The transitions `user` may take on `claim` now, in table order (for the UI)."""
    allowed = []
    for transition in TRANSITIONS.values():
        try:
            check_transition(transition, claim, user, proposed_verdict=proposed_verdict)
        except WorkflowError:
            continue
        allowed.append(transition)
    return allowed


def path_to(state: str, *, start: str = State.DRAFT) -> list[str]:
    """The shortest sequence of step names from `start` to `state`, read off the table.

    Ties go to the step listed first in `TRANSITIONS` (so a claim is taken, not
    assigned). Tests, the demo walk and the corpus generator all walk claims
    with it, so a change to the table changes every walk with it. Steps that keep
    the state are no edges; a step's `needs` come before it (start, propose, publish).
    """
    state, start = State(state), State(start)
    paths: dict[str, list[str]] = {start: []}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here == state:
            return paths[here]
        for transition in TRANSITIONS.values():
            if here in transition.sources and transition.target is not None and transition.target not in paths:
                paths[transition.target] = [*paths[here], *transition.needs, transition.name]
                queue.append(transition.target)
    raise ValueError(f"No path from {start} to {state}")


def can_hold(user: AbstractBaseUser) -> bool:
    """Who may be handed a claim to write: an active editor (the submit permission) who can sign in."""
    return user.is_active and user.has_usable_password() and user.has_perm(PERM_SUBMIT)


def can_be_reviewer(user: AbstractBaseUser, claim: Claim) -> bool:
    """Who may be assigned: a reviewer who did not write the claim (four-eyes, `NOT_AUTHOR`)."""
    return user.is_active and user.has_perm(PERM_REVIEW) and user.pk not in contributors(claim)
