"""Reads for the monitoring queue: the waiting candidates, their count, their closest existing claims."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from matching import selectors as matching

from .models import Candidate, Feed

SUGGESTIONS_PER_CANDIDATE = 3


# The queue's orders: most worth checking first (the default), or newest first.
ORDERS = {
    "worthy": ("-repeats_fact_check", "-checkworthiness", "-found_at", "-id"),  # a repeat of a fact-check first
    "newest": ("-found_at", "-id"),
}


def waiting(order: str = "worthy") -> QuerySet[Candidate]:
    """The queue: candidates no editor has decided yet, most worth checking first, with what each row shows."""
    return (
        Candidate.objects.filter(status=Candidate.Status.WAITING)
        .select_related("speaker", "outlet", "article", "source")
        .order_by(*ORDERS.get(order, ORDERS["worthy"]))
    )


def waiting_count() -> int:
    return Candidate.objects.filter(status=Candidate.Status.WAITING).count()


def feeds() -> QuerySet[Feed]:
    return Feed.objects.select_related("outlet").order_by("-failures", "outlet__name", "url")


def closest_claims(user, candidates: list[Candidate]) -> list[list[matching.Suggestion]]:
    """For each candidate on the page, the recorded claims that say much the same (one batched matching call).

    Off (no suggestions) when `MONITORING_SUGGESTIONS` is false."""
    if not candidates or not settings.MONITORING_SUGGESTIONS:
        return [[] for _candidate in candidates]
    queries = [matching.Query(candidate.statement, "", candidate.speaker_id, None) for candidate in candidates]
    return matching.suggest_many(queries, matching.visible_claims(user), limit=SUGGESTIONS_PER_CANDIDATE, names=matching.cached_names())
