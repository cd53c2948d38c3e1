"""Every workflow step as one atomic call, shared by views, admin, API and commands.

Each step: lock the claim row, check the expected version, check role and
object rules (`reviews.workflow`), apply, bump the version with a conditional
UPDATE (the guard that also holds on SQLite, where row locks do not exist),
write one audit entry, and announce the step after commit. Any refusal raises
a `WorkflowError` before anything is written.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from capture.selectors import excerpts_not_found
from claims import audit
from claims import services as claim_services
from claims.models import AuditEntry, Claim, Evidence, Source
from claims.states import State
from factcheck.errors import Conflict, InvalidInput, NotAllowed, conflict_message, parse_version
from factcheck.text import check_field

from .hooks import open_thread_count, step_recorded
from .models import AttributionFinding, Correction, Rating, Resolution, Verdict
from .signals import claim_transitioned
from .workflow import TRANSITIONS, Transition, can_be_reviewer, can_hold, check_transition, implements

logger = logging.getLogger(__name__)

User = AbstractBaseUser
Version = int | str | None
# What a step's `apply` gets: the locked claim, the proposed verdict (if any), the
# column changes to make, and the step's timestamp; it returns the verdict to audit.
Apply = Callable[[Claim, "Verdict | None", dict, datetime.datetime], "Verdict | None"]
EvidenceItems = Iterable[Evidence | int | str]
RatingChoice = Rating | int | str


def _announce(claim_id: int, entry: AuditEntry, transition: Transition) -> None:
    """Tell listeners (email, inbox) after commit; a failing listener never undoes or hides the step."""
    for receiver, result in claim_transitioned.send_robust(
        sender=Claim, claim_id=claim_id, entry=entry, transition=transition
    ):
        if isinstance(result, Exception):
            logger.error("claim_transitioned receiver %r failed", receiver, exc_info=result)


def _proposed_verdict(claim: Claim) -> Verdict | None:
    return claim.verdicts.filter(status=Verdict.Status.PROPOSED).select_related("proposed_by", "rating").first()


def _run(
    name: str,
    *,
    claim: Claim,
    user: User,
    expected_version: Version = None,
    note: str = "",
    apply: Apply | None = None,
    audit_note: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Claim:
    transition = TRANSITIONS[name]
    expected_version = parse_version(expected_version)
    note = (note or "").strip()
    # The note may become a public correction note: the text rule and its length apply here.
    check_field(Correction, "note", note)
    if transition.note_required and not note:
        raise InvalidInput(_("Give a reason to “%(action)s”.") % {"action": transition.label}, field="note")

    with transaction.atomic():
        try:
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
        except Claim.DoesNotExist:
            raise Conflict(_("This claim no longer exists.")) from None
        if expected_version is not None and locked.version != expected_version:
            raise Conflict(conflict_message())
        proposed = _proposed_verdict(locked) if locked.state == State.VERDICT_PROPOSED else None
        check_transition(transition, locked, user, proposed_verdict=proposed)

        now = timezone.now()
        target = transition.target_from(locked.state)
        changes = {"state": target}
        verdict = apply(locked, proposed, changes, now) if apply else None
        changes.update(version=F("version") + 1, updated_at=now)
        if Claim.objects.filter(pk=locked.pk, version=locked.version).update(**changes) != 1:
            raise Conflict(conflict_message())

        entry = audit.record(
            claim=locked,
            actor=user,
            created_at=now,
            action=transition.name,
            from_state=locked.state,
            to_state=target,
            note=audit_note if audit_note is not None else note,
            verdict=verdict,
            snapshot={**_snapshot(locked, changes, verdict), **(extra or {})},
        )
        step_recorded(entry)  # rollups (analytics) commit with the step or not at all
        transaction.on_commit(lambda: _announce(locked.pk, entry, transition))
    claim.refresh_from_db()
    return claim


def _snapshot(locked: Claim, changes: dict[str, Any], verdict: Verdict | None) -> dict[str, Any]:
    """What changed besides the state, so the audit log alone can replay the claim."""
    data = {}
    if "assigned_reviewer" in changes:
        reviewer = changes["assigned_reviewer"]
        data["assigned_reviewer"] = reviewer.get_username() if reviewer else None
        data["assigned_reviewer_id"] = reviewer.pk if reviewer else None
        if locked.assigned_reviewer_id and locked.assigned_reviewer_id != data["assigned_reviewer_id"]:
            data["previous_reviewer_id"] = locked.assigned_reviewer_id
    if "current_verdict" in changes:
        data["current_verdict_id"] = changes["current_verdict"].pk if changes["current_verdict"] else None
    if changes.get("review_due"):
        data["review_due"] = changes["review_due"].isoformat()
    if "owner" in changes:
        owner = changes["owner"]
        data["owner"] = owner.get_username() if owner else None
        data["owner_id"] = owner.pk if owner else None
    for key in ("recheck_due", "resolution_due"):
        if key in changes:
            data[key] = changes[key].isoformat() if changes[key] else None
    if verdict is not None:
        data["verdict"] = verdict.snapshot()
    return data


def _evidence_for(claim: Claim, evidence: EvidenceItems) -> list[Evidence]:
    """Evidence ids or objects, checked to belong to this claim."""
    ids = {e.pk if isinstance(e, Evidence) else int(e) for e in evidence}
    found = list(Evidence.objects.filter(claim=claim, pk__in=ids))
    if len(found) != len(ids):
        raise InvalidInput(_("A verdict can only rest on this claim's own evidence."), field="evidence")
    return found


def _new_verdict(
    claim: Claim,
    user: User,
    now: datetime.datetime,
    *,
    attribution: str,
    rating: RatingChoice,
    summary: str,
    explanation: str,
    evidence: EvidenceItems,
    status: str,
    corrects: Verdict | None = None,
    recheck_on: datetime.date | None = None,
    recheck_reason: str = "",
) -> Verdict:
    if attribution not in AttributionFinding.values:
        raise InvalidInput(_("Say whether the claim was said as reported."), field="attribution")
    if not isinstance(rating, Rating):
        try:
            rating = Rating.objects.get(pk=rating)
        except (Rating.DoesNotExist, ValueError, TypeError):
            raise InvalidInput(_("Choose a rating from the scale."), field="rating") from None
    if not rating.scale.is_active:
        raise InvalidInput(_("That rating belongs to a scale that is no longer in use."), field="rating")
    summary = (summary or "").strip()
    if not summary:
        raise InvalidInput(_("Write a short summary of the verdict."), field="summary")
    check_field(Verdict, "summary", summary)
    check_field(Verdict, "explanation", explanation or "")
    items = _evidence_for(claim, evidence)
    verdict = Verdict.objects.create(
        claim=claim,
        attribution=attribution,
        rating=rating,
        summary=summary,
        explanation=(explanation or "").strip(),
        status=status,
        corrects=corrects,
        recheck_on=recheck_on,
        recheck_reason=recheck_reason,
        proposed_by=user,
        proposed_at=now,
        decided_by=user if status == Verdict.Status.APPROVED else None,
        decided_at=now if status == Verdict.Status.APPROVED else None,
    )
    verdict.evidence.set(items)
    return verdict


def check_substance_evidence(verdict: Verdict) -> None:
    """A true/false rating must rest on evidence beyond the source that shows it was said."""
    if verdict.rating.is_unverifiable:
        return
    attribution_sources = set(
        verdict.claim.evidence.filter(relation=Evidence.Relation.ATTRIBUTION).values_list("source_id", flat=True)
    )
    for item in verdict.evidence.all():
        if item.relation != Evidence.Relation.ATTRIBUTION and item.source_id not in attribution_sources:
            return
    raise InvalidInput(
        _(
            "A rating of “%(rating)s” needs at least one piece of evidence (supports, refutes or context) "
            "from a source other than the one that shows the claim was made."
        )
        % {"rating": verdict.rating.label},
        field="evidence",
    )


# --- the steps -------------------------------------------------------------


@implements("submit")
def submit_claim(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    return _run("submit", claim=claim, user=user, expected_version=expected_version, note=note)


@implements("resubmit")
def resubmit_claim(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    return _run("resubmit", claim=claim, user=user, expected_version=expected_version, note=note)


@implements("take")
def take_claim(
    *, claim: Claim, user: User, expected_version: Version = None, note: str = "", due: datetime.date | None = None
) -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        changes["assigned_reviewer"] = user
        changes["review_due"] = due

    return _run("take", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("assign")
def assign_reviewer(
    *,
    claim: Claim,
    user: User,
    reviewer: User | None,
    due: datetime.date | None = None,
    expected_version: Version = None,
    note: str = "",
) -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        if reviewer is None:
            raise InvalidInput(_("Choose a reviewer."), field="reviewer")
        if not can_be_reviewer(reviewer, locked):
            raise NotAllowed(
                _("%(user)s cannot review this claim: a reviewer must hold the Reviewer role and not be its author.")
                % {"user": reviewer},
            )
        changes["assigned_reviewer"] = reviewer
        changes["review_due"] = due

    return _run("assign", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("unassign")
def unassign_reviewer(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        changes["assigned_reviewer"] = None
        changes["review_due"] = None

    return _run("unassign", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("request_changes")
def request_changes(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    return _run("request_changes", claim=claim, user=user, expected_version=expected_version, note=note)


@implements("propose")
def propose_verdict(
    *,
    claim: Claim,
    user: User,
    attribution: str,
    rating: RatingChoice,
    summary: str,
    explanation: str = "",
    evidence: EvidenceItems = (),
    recheck_on: datetime.date | None = None,
    recheck_reason: str = "",
    expected_version: Version = None,
    note: str = "",
    confirm_unverified_excerpts: bool = False,
) -> Claim:
    extra: dict[str, Any] = {}
    recheck_on, recheck_reason = check_recheck(recheck_on, recheck_reason)

    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        verdict = _new_verdict(
            locked,
            user,
            now,
            attribution=attribution,
            rating=rating,
            summary=summary,
            explanation=explanation,
            evidence=evidence,
            status=Verdict.Status.PROPOSED,
            recheck_on=recheck_on,
            recheck_reason=recheck_reason,
        )
        check_excerpts_found(verdict, confirmed=confirm_unverified_excerpts, reason=note, extra=extra)
        return verdict

    return _run("propose", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra)


def check_excerpts_found(verdict: Verdict, *, confirmed: bool, reason: str, extra: dict[str, Any]) -> None:
    """Evidence whose excerpt is not in the desk's capture of its source needs a confirmation and a reason,
    both kept in the audit entry (`capture.selectors` compares the excerpts)."""
    missing = excerpts_not_found(verdict.evidence.select_related("source"))
    if not missing:
        return
    if not confirmed or not (reason or "").strip():
        raise InvalidInput(
            _(
                "%(count)s excerpt(s) this verdict rests on were not found in the desk's capture of their source. "
                "Tick the confirmation and give the reason in the note to propose anyway."
            )
            % {"count": len(missing)},
            field="confirm_unverified_excerpts",
            rule="excerpt_not_found",
        )
    extra["confirmed_unverified_excerpts"] = [item.pk for item in missing]


@implements("send_back")
def send_back_verdict(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        _decide(proposed, user, now, Verdict.Status.SENT_BACK)
        return proposed

    return _run("send_back", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("approve")
def approve_verdict(
    *, claim: Claim, user: User, expected_version: Version = None, note: str = "", confirm_open_threads: bool = False
) -> Claim:
    extra = {}

    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        check_substance_evidence(proposed)
        open_threads = open_thread_count(locked)
        if open_threads and not confirm_open_threads:
            raise InvalidInput(
                _("%(count)s discussion thread(s) on this claim are still open. Confirm to approve anyway.")
                % {"count": open_threads},
                field="confirm_open_threads",
            )
        if open_threads:
            extra["confirmed_open_threads"] = open_threads
        _decide(proposed, user, now, Verdict.Status.APPROVED)
        changes["current_verdict"] = proposed
        changes["recheck_due"] = proposed.recheck_on
        changes["recheck_reason"] = proposed.recheck_reason
        return proposed

    return _run("approve", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra)


@implements("publish")
def publish_claim(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        if locked.published_at is None:
            changes["published_at"] = now
        return locked.current_verdict

    return _run("publish", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("reject")
def reject_claim(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    return _run("reject", claim=claim, user=user, expected_version=expected_version, note=note)


@implements("reopen")
def reopen_claim(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        verdict = locked.current_verdict
        if verdict is not None:
            Verdict.objects.filter(pk=verdict.pk).update(status=Verdict.Status.WITHDRAWN)
            verdict.refresh_from_db()
        # Reopened by a chief, the claim waits in the Unowned queue until a chief hands it to an editor.
        changes.update(current_verdict=None, assigned_reviewer=None, review_due=None, owner=None)
        return verdict

    return _run("reopen", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("correct")
def correct_verdict(
    *,
    claim: Claim,
    user: User,
    note: str,
    attribution: str,
    rating: RatingChoice,
    summary: str,
    explanation: str = "",
    evidence: EvidenceItems = (),
    expected_version: Version = None,
) -> Claim:
    """A new verdict with a public correction note; the old one stays in the history."""

    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        previous = locked.current_verdict
        verdict = _new_verdict(
            locked,
            user,
            now,
            attribution=attribution,
            rating=rating,
            summary=summary,
            explanation=explanation,
            evidence=evidence,
            status=Verdict.Status.APPROVED,
            corrects=previous,
        )
        check_substance_evidence(verdict)
        Correction.objects.create(
            claim=locked,
            kind=Correction.Kind.CORRECTION,
            note=note.strip(),
            verdict=verdict,
            previous_verdict=previous,
            created_by=user,
            created_at=now,
        )
        changes["current_verdict"] = verdict
        return verdict

    return _run("correct", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("retract")
def retract_claim(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        Correction.objects.create(
            claim=locked,
            kind=Correction.Kind.RETRACTION,
            note=note.strip(),
            previous_verdict=locked.current_verdict,
            created_by=user,
            created_at=now,
        )
        return locked.current_verdict

    return _run("retract", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


def check_recheck(recheck_on: datetime.date | None, recheck_reason: str) -> tuple[datetime.date | None, str]:
    """A re-check date lies ahead and says why; checked before anything is written."""
    recheck_reason = (recheck_reason or "").strip()
    if recheck_on is None:
        if recheck_reason:
            raise InvalidInput(_("Give the date to look at this again, or leave the reason empty."), field="recheck_on")
        return None, ""
    if recheck_on <= timezone.localdate():
        raise InvalidInput(
            _("A re-check date must lie ahead: choose a day after today, or leave it empty."),
            field="recheck_on",
            rule="recheck_in_future",
        )
    if not recheck_reason:
        raise InvalidInput(
            _("Say what to look for on the re-check date (“when the official trade figures for 2022 are out”)."),
            field="recheck_reason",
        )
    check_field(Verdict, "recheck_reason", recheck_reason)
    return recheck_on, recheck_reason


# --- steps that leave the state as it is -----------------------------------------------


@implements("hand_over")
def hand_over(*, claim: Claim, user: User, editor: User | None, expected_version: Version = None, note: str = "") -> Claim:
    """A chief gives a claim nobody can act on (Unowned queue) to an editor, who is told."""

    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        if editor is None:
            raise InvalidInput(_("Choose the editor to hand the claim to."), field="editor")
        if not can_hold(editor):
            raise InvalidInput(
                _("%(user)s cannot take this claim: choose an active editor who can sign in.") % {"user": editor},
                field="editor",
                rule="editor_can_act",
            )
        changes["owner"] = editor

    return _run("hand_over", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("record_recheck")
def record_recheck(
    *,
    claim: Claim,
    user: User,
    note: str,
    recheck_on: datetime.date | None = None,
    recheck_reason: str = "",
    expected_version: Version = None,
) -> Claim:
    """The fact-check was looked at again (the note says what was found); optionally a next re-check date."""
    recheck_on, recheck_reason = check_recheck(recheck_on, recheck_reason)

    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        changes.update(recheck_due=recheck_on, recheck_reason=recheck_reason)

    return _run("record_recheck", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply)


@implements("propose_resolution")
def propose_resolution(
    *,
    claim: Claim,
    user: User,
    outcome: str,
    source_url: str,
    note: str,
    excerpt: str = "",
    next_resolution_on: datetime.date | None = None,
    expected_version: Version = None,
) -> Claim:
    """A reviewer says whether a prediction or promise came true, citing a source; another person approves it."""
    if outcome not in Resolution.Outcome.values:
        raise InvalidInput(_("Choose kept, broken, partly kept or not yet."), field="outcome")
    if outcome == Resolution.Outcome.NOT_YET:
        if next_resolution_on is None or next_resolution_on <= timezone.localdate():
            raise InvalidInput(
                _("“Not yet” needs the next date to look again, after today."),
                field="next_resolution_on",
                rule="next_resolution_in_future",
            )
    elif next_resolution_on is not None:
        raise InvalidInput(_("Only “not yet” takes a next resolution date."), field="next_resolution_on")
    check_field(Resolution, "excerpt", excerpt or "")
    extra: dict[str, Any] = {}

    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        source = _source_for(source_url, user)
        resolution = Resolution.objects.create(
            claim=locked,
            outcome=outcome,
            note=note.strip(),
            source=source,
            excerpt=excerpt or "",
            next_resolution_on=next_resolution_on,
            proposed_by=user,
            proposed_at=now,
        )
        extra["resolution"] = resolution.snapshot()

    return _run(
        "propose_resolution", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra
    )


def _source_for(url: str, user: User) -> Source:
    """The desk's source at `url`, added if new (the URL rules of `claims.validators` apply)."""
    url = (url or "").strip()
    if not url:
        raise InvalidInput(_("Give the URL of the source that shows the outcome."), field="source_url")
    existing = Source.objects.filter(url=url).first()
    if existing is not None:
        return existing
    try:
        return claim_services.create_source(user=user, url=url, title=url[:300], kind=Source.Kind.ARTICLE)
    except ValidationError as error:
        messages = error.message_dict.get("url") or error.messages
        raise InvalidInput(" ".join(str(m) for m in messages), field="source_url") from None


@implements("resolve")
def approve_resolution(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    """Approve the proposed resolution: it shows on the public page and the promise list; "not yet" moves the date."""
    extra: dict[str, Any] = {}

    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        resolution = locked.resolutions.select_related("proposed_by").get(status=Resolution.Status.PROPOSED)
        resolution.status = Resolution.Status.APPROVED
        resolution.decided_by = user
        resolution.decided_at = now
        resolution.save(update_fields=["status", "decided_by", "decided_at"])
        changes["current_resolution"] = resolution
        if resolution.outcome == Resolution.Outcome.NOT_YET:
            changes["resolution_due"] = resolution.next_resolution_on
        extra["resolution"] = resolution.snapshot()

    return _run("resolve", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra)


def deactivate_user(*, user: User, by: User) -> list[Claim]:
    """Take `user` off the desk (is_active=False): their open claims (the drafts and changes-requested claims
    they hold, the reviews assigned to them) land in the chiefs' Unowned queue (`selectors.unowned`), where a
    chief hands each to someone who can act. Returns those claims. Only someone who may manage users does it."""
    from .selectors import unowned_q

    if not by.has_perm("auth.change_user"):
        raise NotAllowed(_("Only an administrator can deactivate a desk member."), rule="role")
    if user.pk == by.pk:
        raise InvalidInput(_("You cannot deactivate yourself: ask another administrator."), rule="self")
    with transaction.atomic():
        type(user).objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        held = Claim.objects.filter(
            Q(owner=user, state__in=[State.DRAFT, State.CHANGES_REQUESTED])
            | Q(assigned_reviewer=user, state=State.IN_REVIEW)
        )
        moved = list(held.filter(unowned_q()).order_by("pk"))
    logger.info("%s deactivated %s; %s open claim(s) now unowned", by, user, len(moved))
    return moved


def _decide(verdict: Verdict, user: User, now: datetime.datetime, status: str) -> None:
    verdict.status = status
    verdict.decided_by = user
    verdict.decided_at = now
    verdict.save(update_fields=["status", "decided_by", "decided_at"])


def perform(name: str, **kwargs: Any) -> Claim:
    """Run a step by its name in `reviews.workflow.TRANSITIONS` (for views, admin, API and commands)."""
    try:
        transition = TRANSITIONS[name]
    except KeyError:
        raise InvalidInput(_("There is no workflow step called “%(name)s”.") % {"name": name}) from None
    return transition.service(**kwargs)
