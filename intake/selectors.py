"""Reads for article intake: the desk's speaker table, the candidates of a source, their closest claims."""

from __future__ import annotations

import dataclasses

from django.db.models import QuerySet

from matching import selectors as matching
from claims.models import Source, Speaker, SpeakerAlias

from .candidates import Candidate, SpeakerTable, find_candidates
from .models import IntakeRequest

SUGGESTIONS_PER_CANDIDATE = 3


def requests_of(user) -> QuerySet[IntakeRequest]:
    """The intake requests a user may follow: their own, nobody else's whatever their role (the page
    of another's request is a 404, after the role check every intake page makes)."""
    return IntakeRequest.objects.filter(requested_by=user)


def speaker_table() -> SpeakerTable:
    """Every speaker with every alias, in two queries (names in any script resolve to one speaker)."""
    aliases: dict[int, list[str]] = {}
    for speaker_id, name in SpeakerAlias.objects.values_list("speaker_id", "name"):
        aliases.setdefault(speaker_id, []).append(name)
    return SpeakerTable((pk, name, aliases.get(pk, ())) for pk, name in Speaker.objects.values_list("pk", "name").order_by("pk"))


def candidates_for(source: Source, table: SpeakerTable | None = None) -> list[Candidate]:
    """The attributed statements intake proposes for the source's text (by the general path, marked so, for
    a language without rules; none when its language is undetermined)."""
    if not source.text:
        return []
    return find_candidates(source.text, source.language, table or speaker_table(), source.published_on)


@dataclasses.dataclass(frozen=True)
class Segment:
    text: str
    candidate: int | None  # the index of the candidate this stretch belongs to (the first, where they overlap)


def highlighted(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """The article cut at the candidates' offsets, so the template marks them (escaped, no HTML built here)."""
    cuts = sorted({0, len(text), *(p for span in spans for p in span if 0 <= p <= len(text))})
    segments = []
    for start, end in zip(cuts, cuts[1:]):
        owner = next((index for index, (a, b) in enumerate(spans) if a <= start and end <= b), None)
        if segments and segments[-1].candidate == owner:
            segments[-1] = Segment(segments[-1].text + text[start:end], owner)
        else:
            segments.append(Segment(text[start:end], owner))
    return segments


def closest_claims(user, candidates: list[Candidate]) -> list[list[matching.Suggestion]]:
    """For each candidate, the claims already recorded that say much the same (matching.selectors).

    One batched matching call for the whole article (`matching.selectors.suggest_many`: a fixed number of
    queries however many candidates), not one per candidate."""
    if not candidates:
        return []
    queries = [
        matching.Query(candidate.statement, "", candidate.speaker.id if candidate.speaker is not None else None, None)
        for candidate in candidates
    ]
    return matching.suggest_many(
        queries, matching.visible_claims(user), limit=SUGGESTIONS_PER_CANDIDATE, names=matching.cached_names()
    )
