"""What each event says (docs/webhooks.md holds a JSON schema per event; tests validate against them).

Public data only: a fact-check's event carries what its public page and ClaimReview show; a repeat
alert what the public article and fact-check show; a tip only its id and the desk's link, never the
reader's words or address."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from monitoring.models import RepeatAlert
from publishing import claimreview
from publishing import selectors as publishing

from .models import Event

# Workflow steps that make each fact-check event.
PUBLISH_STEPS = frozenset({"publish"})
UPDATE_STEPS = frozenset({"publish_update", "publish_correction", "retract"})


def _desk(path: str) -> str:
    return settings.DESK_URL.rstrip("/") + path


def event_for_step(step: str) -> str | None:
    if step in PUBLISH_STEPS:
        return Event.PUBLISHED
    if step in UPDATE_STEPS:
        return Event.UPDATED
    return None


def fact_check(claim_id: int, step: str) -> dict:
    """The public fact-check as its page shows it: ClaimReview (null once retracted), state, URL."""
    claim = publishing.get_public_claim(claim_id)
    facts = claimreview.page_facts(claim)
    return {
        "claim_id": claim.pk,
        "step": step,
        "state": claim.state,
        "url": facts.url,
        "claim_reviewed": facts.claim_reviewed,
        "rating": facts.verdict_label,
        "date_published": facts.date_published,
        "date_modified": facts.date_modified or None,
        "claim_review": claimreview.claim_review(facts),
    }


def repeat(alert_id: int) -> dict:
    alert = RepeatAlert.objects.select_related("candidate__article", "candidate__speaker", "candidate__outlet", "claim").get(pk=alert_id)
    candidate = alert.candidate
    return {
        "alert_id": alert.pk,
        "claim_id": alert.claim_id,
        "fact_check_url": claimreview.canonical_url(alert.claim),
        "statement": candidate.statement,
        "speaker": candidate.speaker.name if candidate.speaker_id else None,
        "outlet": candidate.outlet.name,
        "article_url": candidate.article.url,
        "said_on": candidate.said_on.isoformat() if candidate.said_on else None,
        "desk_url": _desk(reverse("monitoring_repeats") + f"#repeat-{alert.pk}"),
    }


def tip(tip_id: int) -> dict:
    return {"tip_id": tip_id, "desk_url": _desk(reverse("tip_detail", args=[tip_id]))}
