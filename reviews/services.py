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
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from capture.selectors import excerpts_not_found
from claims import audit, chains, speakers
from claims import services as claim_services
from claims.models import AuditEntry, Claim, Evidence, Source
from claims.states import State
from factcheck.errors import Conflict, InvalidInput, NotAllowed, conflict_message, parse_version
from factcheck.text import check_field

from .hooks import open_thread_count, step_recorded
from .models import AttributionFinding, Correction, FactCheckRevision, Rating, Resolution, RevisionEvidence, Verdict
from .selectors import step_subject
from .signals import claim_transitioned
from .workflow import (
    TRANSITIONS,
    UPDATE_KEEPS_RATING,
    Candidate,
    Transition,
    can_be_reviewer,
    can_hold,
    check_transition,
    implements,
)

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
        proposed = step_subject(locked)
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


def check_verdict_rules(name: str, candidate: Candidate) -> None:
    """The spec's verdict rules of step `name` (`Transition.verdict_rules`): the same `VerdictRule`
    objects on proposal and approval, so nobody proposes what cannot be approved."""
    for rule in TRANSITIONS[name].verdict_rules:
        rule.check(candidate)


def verdict_candidate(verdict: Verdict) -> Candidate:
    return Candidate(
        claim=verdict.claim,
        rating=verdict.rating,
        evidence=tuple((item.relation, item.source_id) for item in verdict.evidence.all()),
    )


def revision_candidate(revision: FactCheckRevision) -> Candidate:
    items = [(item.relation, item.source_id) for item in revision.evidence.all()]
    items += [(item.relation, item.source_id) for item in revision.new_evidence.all()]
    return Candidate(
        claim=revision.claim,
        rating=revision.rating,
        evidence=tuple(items),
        kind=revision.kind,
        previous_rating_id=revision.base_verdict.rating_id,
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
        check_verdict_rules("propose", verdict_candidate(verdict))
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
        check_verdict_rules("approve", verdict_candidate(proposed))
        open_threads = open_thread_count(locked)
        if open_threads and not confirm_open_threads:
            raise InvalidInput(
                _("%(count)s discussion thread(s) on this claim are still open. Confirm to approve anyway.")
                % {"count": open_threads},
                field="confirm_open_threads",
            )
        if open_threads:
            extra["confirmed_open_threads"] = open_threads
        # The version approved shows the speaker as the records read now; later edits reach it by a revision.
        proposed.speaker_shown = speakers.speaker_now(locked).as_json()
        proposed.save(update_fields=["speaker_shown"])
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


@implements("retract")
def retract_claim(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    def apply(locked: Claim, proposed: Verdict | None, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        # A retracted fact-check is not revised further: an open revision is withdrawn with it.
        FactCheckRevision.objects.filter(claim=locked, status__in=FactCheckRevision.OPEN).update(
            status=FactCheckRevision.Status.WITHDRAWN
        )
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
# --- revisions of a published fact-check (updates and corrections) ----------------------------


def _start_revision(name: str, kind: str, *, claim: Claim, user: User, expected_version: Version, note: str) -> Claim:
    extra: dict[str, Any] = {}

    def apply(locked: Claim, subject: Any, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        current = locked.current_verdict
        try:
            with transaction.atomic():
                revision = FactCheckRevision.objects.create(
                    claim=locked,
                    kind=kind,
                    base_verdict=current,
                    attribution=current.attribution,
                    rating=current.rating,
                    summary=current.summary,
                    explanation=current.explanation,
                    prepared_by=user,
                    created_at=now,
                )
        except IntegrityError:  # someone started one a moment ago (the database's one-open-revision rule)
            raise Conflict(
                _("An update or correction of this fact-check is already being prepared: continue that one."),
                rule="open_revision",
            ) from None
        revision.evidence.set(current.evidence.all())
        extra["revision"] = revision.snapshot()
        return None

    return _run(name, claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra)


@implements("start_update")
def start_update(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    """Open an update beside the published version: sources added, explanation clarified, rating kept."""
    return _start_revision("start_update", FactCheckRevision.Kind.UPDATE, claim=claim, user=user, expected_version=expected_version, note=note)


@implements("start_correction")
def start_correction(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    """Open a correction beside the published version: the verdict or a material fact changes."""
    return _start_revision(
        "start_correction", FactCheckRevision.Kind.CORRECTION, claim=claim, user=user, expected_version=expected_version, note=note
    )


def open_revision(claim: Claim) -> FactCheckRevision | None:
    """The revision being prepared or awaiting approval, if any (at most one: a database rule)."""
    return (
        FactCheckRevision.objects.filter(claim=claim, status__in=FactCheckRevision.OPEN)
        .select_related("prepared_by", "rating__scale", "base_verdict__rating")
        .first()
    )


def edit_revision(
    *,
    claim: Claim,
    user: User,
    expected_version: Version,
    attribution: str,
    rating: RatingChoice,
    summary: str,
    explanation: str = "",
    evidence: EvidenceItems = (),
    new_evidence: Iterable[dict[str, Any]] = (),
    note: str | None = None,
    hops: Iterable[Mapping[str, Any]] | None = None,
) -> FactCheckRevision:
    """Change the draft revision (its preparer only): the verdict fields, which of the claim's
    evidence it rests on, and evidence it adds (`new_evidence`: the full list of
    {source, relation, excerpt, locator, or new_source}), the public note drafted so far (None: as it is;
    `propose_revision` sends it), and the reporting chain it sets (`hops`, the claim form's rows: new outlets,
    sources added here by URL or title; None: as it is). New sources and outlets are recorded now, by the
    claim form's path; the claim changes only when the revision is published."""
    expected_version = parse_version(expected_version)
    with transaction.atomic():
        try:
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
        except Claim.DoesNotExist:
            raise Conflict(_("This claim no longer exists.")) from None
        if expected_version is not None and locked.version != expected_version:
            raise Conflict(conflict_message())
        revision = open_revision(locked)
        if revision is None or revision.status != FactCheckRevision.Status.DRAFT:
            raise Conflict(
                _("No update or correction of this fact-check is being prepared: start an update or a correction first."),
                rule="no_revision",
            )
        if revision.prepared_by_id != user.pk:
            raise NotAllowed(
                _("Only %(user)s, who prepared this revision, changes it; comment on the claim instead.")
                % {"user": revision.prepared_by},
                rule="preparer",
            )
        if attribution not in AttributionFinding.values:
            raise InvalidInput(_("Say whether the claim was said as reported."), field="attribution")
        if not isinstance(rating, Rating):
            try:
                rating = Rating.objects.get(pk=rating)
            except (Rating.DoesNotExist, ValueError, TypeError):
                raise InvalidInput(_("Choose a rating from the scale."), field="rating") from None
        summary = (summary or "").strip()
        if not summary:
            raise InvalidInput(_("Write a short summary of the verdict."), field="summary")
        check_field(Verdict, "summary", summary)
        check_field(Verdict, "explanation", explanation or "")
        kept = _evidence_for(locked, evidence)
        outlet_cache: dict = {}
        rows = _new_evidence_rows(locked, revision, new_evidence, user, outlet_cache=outlet_cache)
        if hops is not None:
            revision.hops = _revision_chain(locked, hops, user=user, added=[row.source for row in rows], outlet_cache=outlet_cache)
        revision.attribution, revision.rating, revision.summary = attribution, rating, summary
        revision.explanation = (explanation or "").strip()
        if note is not None:
            check_field(FactCheckRevision, "note", note)
            revision.note = note.strip()
        # Refused here, at the first step that can tell, not at approval.
        UPDATE_KEEPS_RATING.check(
            Candidate(claim=locked, rating=rating, evidence=(), kind=revision.kind, previous_rating_id=revision.base_verdict.rating_id)
        )
        revision.save(update_fields=["attribution", "rating", "summary", "explanation", "note", "hops"])
        revision.evidence.set(kept)
        revision.new_evidence.all().delete()
        RevisionEvidence.objects.bulk_create(rows)
        now = timezone.now()
        if Claim.objects.filter(pk=locked.pk, version=locked.version).update(version=F("version") + 1, updated_at=now) != 1:
            raise Conflict(conflict_message())
        audit.record(
            claim=locked,
            actor=user,
            created_at=now,
            action="edit_revision",
            from_state=locked.state,
            to_state=locked.state,
            snapshot={"revision": revision.snapshot()},
        )
    claim.refresh_from_db()
    return revision


def _revision_chain(
    claim: Claim, hops: Iterable[Mapping[str, Any]], *, user: User, added: list[Source], outlet_cache: dict
) -> list[dict[str, Any]] | None:
    """The chain a revision sets, checked now by the claim's own rules (`claims.chains.checked_chain`) and kept
    as JSON until publication; None when it is the chain the claim has."""
    rows = chains.checked_chain(
        claim=claim, hops=claim_services.form_hop_rows(hops, user=user, added=added, outlet_cache=outlet_cache)
    )
    kept = chains.chain_as_json(rows)
    return None if kept == chains.chain_as_json(chains.chain_rows(claim)) else kept


def _new_evidence_rows(
    claim: Claim, revision: FactCheckRevision, items: Iterable[dict[str, Any]], user: User, *, outlet_cache: dict | None = None
) -> list[RevisionEvidence]:
    """Check each new item; a `new_source` ({title, url, …, outlet | new_outlet}) is recorded first, by the
    claim form's own path (`claims.services.create_form_source`: a new outlet is added; the source stays
    private until a public fact-check cites it)."""
    rows, seen = [], set()
    outlet_cache = {} if outlet_cache is None else outlet_cache
    for item in items:
        source = item.get("source")
        if item.get("new_source"):
            source = claim_services.create_form_source(user=user, new_source=item["new_source"], outlet_cache=outlet_cache)
        if not isinstance(source, Source):
            source = Source.objects.filter(pk=source).first() if str(source or "").isdigit() else None
        if source is None:
            raise InvalidInput(_("Choose the source of the new evidence, or add it as a new source."), field="new_evidence")
        relation = item.get("relation") or ""
        if relation not in Evidence.Relation.values:
            raise InvalidInput(_("Say how the new evidence bears on the claim."), field="new_evidence")
        excerpt = item.get("excerpt") or ""
        if not excerpt.strip():
            raise InvalidInput(_("Quote the exact words from the source."), field="new_evidence")
        check_field(RevisionEvidence, "excerpt", excerpt, field="new_evidence")
        check_field(RevisionEvidence, "locator", item.get("locator") or "", field="new_evidence")
        key = (source.pk, relation)
        if key in seen or claim.evidence.filter(source=source, relation=relation).exists():
            raise InvalidInput(
                _("“%(source)s” is already linked to this claim with the same relation.") % {"source": source.title},
                field="new_evidence",
            )
        seen.add(key)
        rows.append(
            RevisionEvidence(revision=revision, source=source, relation=relation, excerpt=excerpt, locator=(item.get("locator") or "").strip())
        )
    return rows


def _changes_something(revision: FactCheckRevision) -> bool:
    base = revision.base_verdict
    return (
        speaker_changes(revision.claim) is not None
        or revision.new_evidence.exists()
        or revision.hops is not None
        or (revision.attribution, revision.rating_id, revision.summary, revision.explanation)
        != (base.attribution, base.rating_id, base.summary, base.explanation)
        or set(revision.evidence.values_list("pk", flat=True)) != set(base.evidence.values_list("pk", flat=True))
    )


def speaker_changes(claim: Claim) -> tuple[speakers.ShownSpeaker, speakers.ShownSpeaker] | None:
    """(as the published version shows the speaker, as a revision published now would) when they differ.

    A speaker renamed, or its kind, role at the time or links changed since: the revision publishes it,
    and a revision may be sent for that alone."""
    shown, now = speakers.speaker_as_published(claim), speakers.speaker_now(claim)
    return None if shown == now else (shown, now)


@implements("propose_revision")
def propose_revision(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    """Send the revision for approval with its public note (“Updated on <date>: <note>”)."""
    extra: dict[str, Any] = {}

    def apply(locked: Claim, revision: FactCheckRevision, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        if not _changes_something(revision):
            raise InvalidInput(
                _("This revision changes nothing yet: add evidence, amend the explanation or the summary, then send it."),
                rule="unchanged",
            )
        check_verdict_rules("propose_revision", revision_candidate(revision))
        revision.status, revision.note, revision.proposed_at = FactCheckRevision.Status.PROPOSED, note, now
        revision.speaker_sent = speakers.speaker_now(locked).as_json()  # what the approver reviews
        revision.save(update_fields=["status", "note", "proposed_at", "speaker_sent"])
        extra["revision"] = revision.snapshot()
        return None

    return _run("propose_revision", claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra)


def _set_revision_status(name: str, status: str, *, claim: Claim, user: User, expected_version: Version, note: str) -> Claim:
    extra: dict[str, Any] = {}

    def apply(locked: Claim, revision: FactCheckRevision, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        revision.status = status
        revision.save(update_fields=["status"])
        extra["revision"] = {"id": revision.pk, "kind": revision.kind, "status": status}
        return None

    return _run(name, claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra)


@implements("return_revision")
def return_revision(*, claim: Claim, user: User, note: str, expected_version: Version = None) -> Claim:
    """An approver sends the revision back to its preparer, saying why."""
    return _set_revision_status(
        "return_revision", FactCheckRevision.Status.DRAFT, claim=claim, user=user, expected_version=expected_version, note=note
    )


@implements("withdraw_revision")
def withdraw_revision(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    """Drop the revision; the published version stays as it is."""
    return _set_revision_status(
        "withdraw_revision", FactCheckRevision.Status.WITHDRAWN, claim=claim, user=user, expected_version=expected_version, note=note
    )


def _speaker_as_sent(claim: Claim, revision: FactCheckRevision) -> dict[str, Any]:
    """The speaker the approver reviewed: as the records read when the revision was sent. A speaker record
    changed after sending would be published unreviewed, so it is refused (the preparer sends it again)."""
    now = speakers.speaker_now(claim)
    if revision.speaker_sent is None:  # sent before the desk kept it: the records as they read now
        return now.as_json()
    sent = speakers.ShownSpeaker.from_json(revision.speaker_sent)
    if sent != now:
        raise Conflict(
            _(
                "The record of the speaker “%(name)s” (name, kind, role at the time or links) changed after this "
                "revision was sent for approval. Send the revision back to its preparer: once sent again, the "
                "change is reviewed with it."
            )
            % {"name": sent.name},
        )
    return revision.speaker_sent


def _publish_revision(name: str, *, claim: Claim, user: User, expected_version: Version, note: str) -> Claim:
    extra: dict[str, Any] = {}

    def apply(locked: Claim, revision: FactCheckRevision, changes: dict[str, Any], now: datetime.datetime) -> Verdict | None:
        check_verdict_rules(name, revision_candidate(revision))
        speaker_shown = _speaker_as_sent(locked, revision)
        previous = locked.current_verdict
        added = []
        for item in revision.new_evidence.all():
            if locked.evidence.filter(source_id=item.source_id, relation=item.relation).exists():
                raise Conflict(_("The claim gained the same evidence meanwhile: send the revision back to its preparer."))
            added.append(
                Evidence.objects.create(
                    claim=locked, source_id=item.source_id, relation=item.relation, excerpt=item.excerpt,
                    locator=item.locator, added_by=revision.prepared_by,
                )
            )
        correction = revision.kind == FactCheckRevision.Kind.CORRECTION
        verdict = Verdict.objects.create(
            claim=locked,
            attribution=revision.attribution,
            rating=revision.rating,
            summary=revision.summary,
            explanation=revision.explanation,
            status=Verdict.Status.APPROVED,
            corrects=previous if correction else None,
            proposed_by=revision.prepared_by,
            proposed_at=revision.proposed_at or now,
            decided_by=user,
            decided_at=now,
            # The new version shows the speaker as sent for approval (a rename before sending is published here).
            speaker_shown=speaker_shown,
        )
        verdict.evidence.set([*revision.evidence.all(), *added])
        if revision.hops is not None:  # the chain it sets, checked again against the claim as it is now
            chains.save_chain(claim=locked, hops=chains.chain_from_json(revision.hops), user=revision.prepared_by)
        Correction.objects.create(
            claim=locked,
            kind=Correction.Kind.CORRECTION if correction else Correction.Kind.UPDATE,
            note=revision.note,
            verdict=verdict,
            previous_verdict=previous,
            created_by=user,
            created_at=now,
        )
        revision.status, revision.approved_by, revision.published_at, revision.verdict = (
            FactCheckRevision.Status.PUBLISHED, user, now, verdict,
        )
        revision.save(update_fields=["status", "approved_by", "published_at", "verdict"])
        changes["current_verdict"] = verdict
        extra["revision"] = {**revision.snapshot(), "added_evidence": [item.pk for item in added]}
        return verdict

    return _run(name, claim=claim, user=user, expected_version=expected_version, note=note, apply=apply, extra=extra)


@implements("publish_update")
def publish_update(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    """A second person approves the update; it goes public at once with its “Updated on” line."""
    return _publish_revision("publish_update", claim=claim, user=user, expected_version=expected_version, note=note)


@implements("publish_correction")
def publish_correction(*, claim: Claim, user: User, expected_version: Version = None, note: str = "") -> Claim:
    """A second person approves the correction; it goes public at once with its correction note."""
    return _publish_revision("publish_correction", claim=claim, user=user, expected_version=expected_version, note=note)


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
