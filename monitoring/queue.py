"""The editors' decisions on the monitoring queue: accept (a draft claim, as intake's review creates it),
merge into an existing claim (evidence of a new appearance, under that claim's edit rules), dismiss with a reason.

Each decision is written once: the candidate is locked and must still be waiting (a second click, or
another editor's decision first, is a clear refusal, never a second claim)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.models import Claim, Evidence
from claims.relations import resolve_merged
from claims.services import add_evidence
from factcheck.errors import Conflict, InvalidInput
from factcheck.text import check_field
from intake import services as intake

from .models import Candidate

REASON_MAX = 300


def check_queue_access(user) -> None:
    """The queue feeds intake: the same roles (claims.take_in_article), the same refusal."""
    intake.check_intake_access(user)


def _locked_waiting(candidate: Candidate) -> Candidate:
    locked = Candidate.objects.select_for_update(of=("self",)).select_related("source", "speaker").get(pk=candidate.pk)
    if locked.status != Candidate.Status.WAITING:
        raise Conflict(
            _("This candidate was already decided (%(status)s), so nothing was changed.") % {"status": locked.get_status_display()},
            rule="decided",
        )
    return locked


def _decided(candidate: Candidate, user, status: str, **fields) -> None:
    Candidate.objects.filter(pk=candidate.pk).update(status=status, decided_by=user, decided_at=timezone.now(), **fields)
    candidate.refresh_from_db()


def intake_row(candidate: Candidate) -> dict:
    """The candidate as one accepted row of intake's review (`intake.services.create_claims`)."""
    return {
        "statement": candidate.statement,
        "form": candidate.form or Claim.Form.PARAPHRASE,
        "language": candidate.language,
        "speaker": candidate.speaker.name if candidate.speaker_id else candidate.speaker_name,
        "new_speaker": bool(candidate.speaker_name and not candidate.speaker_id),
        "speaker_description": candidate.speaker_description,
        "said_on": candidate.said_on,
        "said_on_precision": candidate.said_on_precision,
        "excerpt": candidate.excerpt,
        "start": candidate.start,
        "end": candidate.end,
        "reporting_note": candidate.reporting_note,
        "reporting_outlet": candidate.reporting_outlet,
    }


@transaction.atomic
def accept(*, user, candidate: Candidate) -> Claim:
    """A draft claim with attribution evidence and the reporting chain: intake's own `create_claims`."""
    check_queue_access(user)
    locked = _locked_waiting(candidate)
    try:
        [claim] = intake.create_claims(user=user, source=locked.source, rows=[intake_row(locked)])
    except intake.RowErrors as refusal:
        problems = next(iter(refusal.errors.values()), {})
        raise InvalidInput(next(iter(problems.values()), refusal.message), rule="row") from refusal
    _decided(locked, user, Candidate.Status.ACCEPTED, claim=claim)
    candidate.refresh_from_db()
    return claim


@transaction.atomic
def merge(*, user, candidate: Candidate, claim: Claim) -> Claim:
    """The candidate as a new appearance of `claim` (a merged claim's survivor): attribution evidence on it.

    `claims.services.add_evidence` applies the claim's edit rules (role, state, the evidence rule): a
    claim past editing, or a published one, refuses, and the editor asks whoever may change it."""
    check_queue_access(user)
    locked = _locked_waiting(candidate)
    claim = resolve_merged(claim)
    locator = _("characters %(start)s–%(end)s") % {"start": locked.start, "end": locked.end} if locked.start is not None else ""
    if claim.evidence.filter(source=locked.source, relation=Evidence.Relation.ATTRIBUTION).exists():
        raise Conflict(
            _("Claim #%(pk)s already cites this article as its attribution.") % {"pk": claim.pk}, rule="already_cited"
        )
    try:
        add_evidence(
            claim=claim,
            user=user,
            expected_version=claim.version,
            source=locked.source,
            relation=Evidence.Relation.ATTRIBUTION,
            excerpt=locked.excerpt,
            locator=locator,
        )
    except ValidationError as error:
        raise InvalidInput(error.messages[0], rule="evidence") from error
    _decided(locked, user, Candidate.Status.MERGED, claim=claim)
    candidate.refresh_from_db()
    return claim


def _reason(reason: str) -> str:
    reason = check_field(Candidate, "dismiss_reason", (reason or "").strip(), field="reason")
    if not reason:
        raise InvalidInput(_("Say why these candidates are dismissed (“opinion”, “not news”, “already checked”)."), field="reason", rule="reason")
    return reason


@transaction.atomic
def dismiss(*, user, candidates: Iterable[Candidate], reason: str) -> int:
    """Dismiss the waiting ones among `candidates` with one reason; those already decided stay as they are."""
    check_queue_access(user)
    reason = _reason(reason)
    ids = [candidate.pk for candidate in candidates]
    if not ids:
        raise InvalidInput(_("Tick at least one candidate to dismiss."), rule="nothing_ticked")
    return Candidate.objects.filter(pk__in=ids, status=Candidate.Status.WAITING).update(
        status=Candidate.Status.DISMISSED, decided_by=user, decided_at=timezone.now(), dismiss_reason=reason
    )


def dismissed_message(count: int) -> str:
    return ngettext("%(count)s candidate dismissed.", "%(count)s candidates dismissed.", count) % {"count": count}


