"""Repeat alerts: a statement from a followed feed that the matcher calls the same claim as a published
fact-check. The people who checked it hear of it once; one click confirms it as a new appearance of the
fact-check (`claims.appearances`), which never reopens its verdict; or it is dismissed with a reason.

Found after the candidates are committed, in a task (`monitoring.tasks.detect_repeats`), so a poll never
waits for the matcher: one batched matching call per article, against standing fact-checks only.
`detect` is idempotent (one alert per candidate and claim, `RepeatAlert.repeat_alert_once_per_pair`),
so a second poll, a rescoring or two workers at once never alert twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims.appearances import Appearance, add_appearance
from claims.models import Claim
from factcheck.errors import Conflict, InvalidInput
from factcheck.text import check_field
from matching import scoring
from matching import selectors as matching
from notifications import services as notifications
from publishing import selectors as publishing

from .models import Candidate, RepeatAlert
from .queue import check_queue_access
from .signals import repeat_detected

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)

MATCHES_PER_CANDIDATE = 3


def published_on(claim: Claim) -> str:
    return timezone.localtime(claim.published_at).date().isoformat() if claim.published_at else ""


def rated(claim: Claim) -> str:
    """"rated False on 2022-12-20": the verdict in force and the day the fact-check was first published."""
    label = claim.current_verdict.rating.label if claim.current_verdict_id else ""
    return _("rated %(rating)s on %(date)s") % {"rating": label, "date": published_on(claim)}


def headline(alert: RepeatAlert) -> str:
    """"Lukashenko repeated a claim rated False on 2022-12-20": the inbox entry, the e-mail subject, the queue."""
    speaker = alert.candidate.speaker_label
    if speaker:
        return _("%(speaker)s repeated a claim %(rated)s") % {"speaker": speaker, "rated": rated(alert.claim)}
    return _("A claim %(rated)s was repeated") % {"rated": rated(alert.claim)}


def alert_url(alert: RepeatAlert) -> str:
    return reverse("monitoring_repeats") + f"#repeat-{alert.pk}"


def detect(candidate_ids: Iterable[int]) -> list[RepeatAlert]:
    """Alerts for the waiting candidates that say the same as a standing fact-check: the new ones, each told once.

    Off when `MONITORING_REPEAT_ALERTS` is false; nothing to match (and no model loaded) while the desk
    has published nothing."""
    if not settings.MONITORING_REPEAT_ALERTS:
        return []
    visible = publishing.standing_claims()
    if not visible.exists():
        return []
    candidates = list(
        Candidate.objects.filter(pk__in=list(candidate_ids), status=Candidate.Status.WAITING).select_related("speaker", "article")
    )
    if not candidates:
        return []
    standing = set(visible.values_list("pk", flat=True))
    queries = [matching.Query(c.statement, "", c.speaker_id, None) for c in candidates]
    # Matched against the whole archive, as the desk's suggestions are: the calibrated score weighs a claim
    # against its neighbours (the margin over the next one), so a search among the published few alone
    # would score a repeat as only "related" (0.85 instead of 0.998 for the Russian repeat in the tests).
    found = matching.suggest_many(queries, Claim.objects.all(), limit=MATCHES_PER_CANDIDATE, names=matching.cached_names())
    created = []
    for candidate, suggestions in zip(candidates, found):
        for suggestion in suggestions:
            if suggestion.label != scoring.SAME or suggestion.claim.pk not in standing:
                continue
            alert = _create_once(candidate, suggestion.claim, suggestion.score)
            if alert is not None:
                created.append(alert)
    return created


def _still_repeats(candidate_id: int) -> None:
    """The candidate heads the queue while an alert on it is open."""
    still = RepeatAlert.objects.filter(candidate_id=candidate_id, state=RepeatAlert.State.OPEN).exists()
    Candidate.objects.filter(pk=candidate_id).update(repeats_fact_check=still)


def _create_once(candidate: Candidate, claim: Claim, score: float) -> RepeatAlert | None:
    try:
        with transaction.atomic():
            alert = RepeatAlert.objects.create(candidate=candidate, claim=claim, score=score)
            Candidate.objects.filter(pk=candidate.pk).update(repeats_fact_check=True)
            alert = RepeatAlert.objects.select_related("candidate__speaker", "claim__current_verdict__rating").get(pk=alert.pk)
            _tell(alert)
            transaction.on_commit(lambda: _announce(alert.pk))
    except IntegrityError:  # found before (a second poll, a rescoring, another worker)
        return None
    return alert


def _announce(alert_id: int) -> None:
    """Tell listeners above monitoring (webhooks) after the alert committed; a failing one never undoes it."""
    for receiver, result in repeat_detected.send_robust(sender=RepeatAlert, alert_id=alert_id):
        if isinstance(result, Exception):
            logger.error("repeat_detected receiver %r failed", receiver, exc_info=result)


def _tell(alert: RepeatAlert) -> None:
    """The inbox entries and e-mails, in the desk's language, once per person and alert."""
    with translation.override(settings.LANGUAGE_CODE):
        text = headline(alert)
        body = _("“%(statement)s”\n%(article)s\n\nOur fact-check: claim #%(pk)s “%(claim)s”") % {
            "statement": alert.candidate.statement[:500],
            "article": alert.candidate.article.url,
            "pk": alert.claim_id,
            "claim": alert.claim.statement[:300],
        }
    notifications.notify_repeat(claim=alert.claim, key=f"repeat:{alert.pk}", text=text, url=alert_url(alert), body=body)


def enqueue_detection(candidate_ids: list[int]) -> None:
    """After the candidates commit, look for repeats in a task (the poll does not wait for the matcher)."""
    if not candidate_ids or not settings.MONITORING_REPEAT_ALERTS:
        return
    from .tasks import detect_repeats

    transaction.on_commit(lambda: detect_repeats.enqueue(candidate_ids=list(candidate_ids)))


# --- reads ---------------------------------------------------------------------------------


def alerts() -> QuerySet[RepeatAlert]:
    return RepeatAlert.objects.select_related(
        "candidate__speaker", "candidate__outlet", "candidate__article", "claim__current_verdict__rating", "claim__speaker", "decided_by"
    )


def open_alerts() -> QuerySet[RepeatAlert]:
    return alerts().filter(state=RepeatAlert.State.OPEN)


def open_alerts_by_candidate(candidates: list[Candidate]) -> dict[int, list[RepeatAlert]]:
    """For the queue page: each candidate's open alerts (one query for the page)."""
    found: dict[int, list[RepeatAlert]] = {}
    for alert in open_alerts().filter(candidate__in=[c.pk for c in candidates]):
        found.setdefault(alert.candidate_id, []).append(alert)
    return found


# --- decisions -----------------------------------------------------------------------------


def _locked_open(alert: RepeatAlert) -> RepeatAlert:
    locked = RepeatAlert.objects.select_for_update(of=("self",)).select_related("candidate__source", "candidate__speaker", "claim").get(pk=alert.pk)
    if locked.state != RepeatAlert.State.OPEN:
        raise Conflict(
            _("This repeat alert was already decided (%(state)s), so nothing was changed.") % {"state": locked.get_state_display()},
            rule="decided",
        )
    return locked


@transaction.atomic
def confirm(*, user: User, alert: RepeatAlert) -> Appearance:
    """One click: the candidate's article becomes a new appearance of the published fact-check.

    The fact-check's verdict, evidence and version stay as they are (no second person: nothing it says
    changes); the appearance is audited on the claim. The candidate is marked merged into the claim."""
    check_queue_access(user)
    locked = _locked_open(alert)
    candidate = locked.candidate
    source = candidate.source
    appearance = add_appearance(
        claim=locked.claim,
        user=user,
        url=candidate.article.url,
        title=candidate.article.title or source.title,
        outlet=candidate.outlet,
        appeared_on=candidate.said_on or source.published_on,
        speaker=candidate.speaker,
        speaker_name=candidate.speaker_label,
        language=candidate.language,
        excerpt=candidate.excerpt,
        source=source,
        note=_("Repeat found by monitoring (match %(score).2f).") % {"score": locked.score},
    )
    now = timezone.now()
    RepeatAlert.objects.filter(pk=locked.pk).update(state=RepeatAlert.State.CONFIRMED, decided_by=user, decided_at=now, appearance=appearance)
    _still_repeats(candidate.pk)
    Candidate.objects.filter(pk=candidate.pk, status=Candidate.Status.WAITING).update(
        status=Candidate.Status.MERGED, decided_by=user, decided_at=now, claim=locked.claim
    )
    alert.refresh_from_db()
    return appearance


@transaction.atomic
def dismiss(*, user: User, alert: RepeatAlert, reason: str) -> RepeatAlert:
    """Not a repeat after all (or not worth listing): closed with a reason; the candidate stays in the queue."""
    check_queue_access(user)
    reason = check_field(RepeatAlert, "dismiss_reason", (reason or "").strip(), field="reason")
    if not reason:
        raise InvalidInput(_("Say why this is not a repeat (“different claim”, “quoted to refute it”)."), field="reason", rule="reason")
    locked = _locked_open(alert)
    RepeatAlert.objects.filter(pk=locked.pk).update(
        state=RepeatAlert.State.DISMISSED, decided_by=user, decided_at=timezone.now(), dismiss_reason=reason
    )
    _still_repeats(locked.candidate_id)
    alert.refresh_from_db()
    return alert
