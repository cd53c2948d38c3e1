"""“Already checked by <partner> on <date>: <rating>”: the partners' fact-checks closest in meaning to statements.

A separate small matrix of the imported claims' vectors (`matching.embedding`, the same model as our claims),
kept per process and rebuilt when an import changes it; matching's own index and evaluation are untouched."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from matching import embedding

from .models import ExternalFactCheck

_lock = threading.Lock()
_matrix: tuple[tuple, list[int], np.ndarray] | None = None


@dataclasses.dataclass
class AlreadyChecked:
    fact_check: ExternalFactCheck
    score: float


def _current() -> tuple[list[int], np.ndarray]:
    global _matrix
    stamp = tuple(ExternalFactCheck.objects.filter(embedding__isnull=False).aggregate(n=Count("pk"), at=Max("updated_at")).values())
    with _lock:
        if _matrix is None or _matrix[0] != stamp:
            rows = list(ExternalFactCheck.objects.filter(embedding__isnull=False).values_list("pk", "embedding"))
            ids = [pk for pk, _blob in rows]
            vectors = np.stack([np.frombuffer(bytes(blob), dtype=np.float32) for _pk, blob in rows]) if rows else np.zeros((0, embedding.DIM), np.float32)
            _matrix = (stamp, ids, vectors)
        return _matrix[1], _matrix[2]


def already_checked_many(texts: list[str], *, limit: int = 3) -> list[list[AlreadyChecked]]:
    """For each text, the partners' fact-checks of the same claim (cosine ≥ PARTNERS_MATCH_MIN), closest first."""
    found: list[list[AlreadyChecked]] = [[] for _text in texts]
    ids, matrix = _current()
    if not ids or not any(t and t.strip() for t in texts):
        return found
    scores = embedding.embed(texts) @ matrix.T
    wanted = {}
    for row, text_scores in enumerate(scores):
        top = np.argpartition(-text_scores, limit - 1)[:limit] if len(text_scores) > limit else np.arange(len(text_scores))
        best = top[np.argsort(-text_scores[top])]
        wanted[row] = [(ids[i], float(text_scores[i])) for i in best if text_scores[i] >= settings.PARTNERS_MATCH_MIN]
    rows = ExternalFactCheck.objects.select_related("partner").in_bulk([pk for pairs in wanted.values() for pk, _s in pairs])
    for row, pairs in wanted.items():
        found[row] = [AlreadyChecked(rows[pk], score) for pk, score in pairs if pk in rows]
    return found


def already_checked(statement: str, translation: str = "", *, limit: int = 3) -> list[AlreadyChecked]:
    """The claim form's box: the statement and its translation both asked, the best of each kept once."""
    texts = [t for t in (statement, translation) if t and t.strip()]
    seen, merged = set(), []
    for found in already_checked_many(texts, limit=limit):
        for item in found:
            if item.fact_check.pk not in seen:
                seen.add(item.fact_check.pk)
                merged.append(item)
    return sorted(merged, key=lambda item: -item.score)[:limit]


def label(item: AlreadyChecked) -> str:
    from django.utils.translation import gettext as _

    check = item.fact_check
    return _("already checked by %(partner)s on %(date)s: %(rating)s") % {
        "partner": check.partner.name, "date": check.checked_on.isoformat(), "rating": check.rating_text or "—",
    }


def as_result(item: AlreadyChecked) -> dict:
    """One partner's fact-check for the similar-claims type-ahead (JSON; the page sets it as text)."""
    check = item.fact_check
    return {"label": label(item), "url": check.url, "claim": check.claim_reviewed[:200], "partner": check.partner.name, "score": round(item.score, 3)}


def fact_checks(*, partner=None, language: str = "", q: str = ""):
    """The desk's list of imported fact-checks, filtered."""
    rows = ExternalFactCheck.objects.select_related("partner")
    if partner:
        rows = rows.filter(partner=partner)
    if language:
        rows = rows.filter(language__iexact=language)
    if q:
        rows = rows.filter(claim_reviewed__icontains=q)
    return rows
