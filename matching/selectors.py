"""“Have we checked this before?”: the claims closest in meaning to a statement, in any language.

The public entry points (`suggestions_for`, `suggest`, `suggest_many`, `as_result`) that the desk, the
API and article intake call. Candidates come from two places — the nearest stored vectors
(`matching.index`) and the wording/alias index (`claims.matching`) — and each is scored once
(`matching.scoring`): one calibrated score, one label ("same claim", "related") and the reasons.
Suggestions only ever come from the claims the caller may see (`visible_claims`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import QuerySet

from claims import matching as lexical
from claims.access import can_view_claim
from claims.matching import MAX_QUERY_CHARS, NameTable, Query, cached_names, from_tokens, visible_claims  # noqa: F401
from claims.models import Claim

from . import embedding, index, scoring

DEFAULT_LIMIT = 5
# Nearest vectors asked for per query; visibility and the lexical candidates are applied to these.
SEMANTIC_CANDIDATES = 30
LEXICAL_CANDIDATES = 30
# A cosine this high is the same wording (or its translation): shown at least as related.
NEAR_VERBATIM = 0.9


@dataclass
class Suggestion:
    claim: Claim
    score: float  # the calibrated probability that this is the same claim, 0–1
    why: list[str]
    label: str = ""  # scoring.SAME or scoring.RELATED
    signals: scoring.Signals = field(default_factory=scoring.Signals)


_DIGITS = re.compile(r"\d+")


def _digit_counts(text: str) -> Counter:
    return Counter(int(d) for d in _DIGITS.findall(text or "") if len(d) < 12)


def _numbers_differ(query_numbers: frozenset, claim_numbers: frozenset, query_text: str = "", claim: Claim | None = None) -> bool:
    """Each side has a number the other lacks — as normalised values (30 %, 三割), or counted as written:
    "20 tanks and 20 vehicles" against "20 tanks and 30 vehicles" changed a number though every value
    of the query but 30 is in the claim."""
    if bool(query_numbers - claim_numbers) and bool(claim_numbers - query_numbers):
        return True
    if claim is None:
        return False
    asked = _digit_counts(query_text)
    held = _digit_counts(claim.statement) | _digit_counts(claim.translation)
    return bool(asked - held) and bool(held - asked)


def rank(found: list[Suggestion]) -> list[Suggestion]:
    """Same claim before related; a changed number after every candidate without one; then by score."""
    order = {scoring.SAME: 0, scoring.RELATED: 1}
    return sorted(found, key=lambda s: (order.get(s.label, 2), s.signals.numbers_differ, -s.score, -s.claim.pk))


def suggest_many(
    queries: list[Query],
    visible: QuerySet | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    names: NameTable | None = None,
    shown_only: bool = True,
    weights=None,
) -> list[list[Suggestion]]:
    """The closest visible claims for each query, best first (a fixed number of queries for all of them).

    `shown_only=False` keeps the candidates under the "related" threshold too (evaluation, fitting)."""
    visible = visible if visible is not None else Claim.objects.all()
    names = names or cached_names()
    using = visible.db
    texts = [(q.statement or "")[:MAX_QUERY_CHARS] for q in queries]
    sides = [q.sides(names) for q in queries]
    results: list[list[Suggestion]] = [[] for _ in queries]
    live = [i for i, s in enumerate(sides) if any(f.tokens for f in s) or texts[i].strip()]
    if not live:
        return results
    vectors = embedding.embed([texts[i] or queries[i].translation or "" for i in live])
    m = index.matrix(using)
    query_prior = index.genericity(vectors)
    semantic: dict[int, dict[int, tuple[float, float, float]]] = {}
    for row, i in enumerate(live):
        if not np.any(vectors[row]):
            continue
        semantic[i] = {pk: (s, t, max(rs, rt)) for pk, s, t, rs, rt in index.nearest(vectors[row], m, SEMANTIC_CANDIDATES)}
    lexical_found = lexical.suggest_many([queries[i] for i in live], visible, limit=LEXICAL_CANDIDATES, names=names, threshold=0)
    lex: dict[int, dict[int, lexical.Suggestion]] = {i: {s.claim.pk: s for s in found} for i, found in zip(live, lexical_found)}
    ids = {pk for i in live for pk in (*semantic.get(i, {}), *lex.get(i, {}))}
    rows = visible.filter(pk__in=ids, merged_into__isnull=True).order_by().select_related("speaker", "current_verdict__rating", "match_key")
    claims = {claim.pk: claim for claim in rows}
    for row, i in enumerate(live):
        query = queries[i]
        q_numbers = frozenset().union(*(f.numbers for f in sides[i])) if sides[i] else frozenset()
        q_names = frozenset().union(*(f.speakers for f in sides[i])) if sides[i] else frozenset()
        vector = vectors[row]
        centred = m.centred(vector)[0]
        candidates = [pk for pk in dict.fromkeys([*semantic.get(i, {}), *lex.get(i, {})]) if pk in claims and pk != query.exclude_id]
        sims, priors = {}, {}
        for pk in candidates:
            if pk in semantic.get(i, {}):
                sims[pk] = semantic[i][pk]
            elif m.position(pk) is not None:  # a lexical candidate outside the nearest vectors: cosines from the matrix
                at = m.position(pk)
                cs, ct = m.cosines([at], centred)
                sims[pk] = (float(cs[0]), float(ct[0]), float(max(m.statements[at] @ vector, m.translations[at] @ vector)))
        unembedded = [pk for pk in candidates if pk not in sims]
        if unembedded:  # saved, but its task has not run yet: embedded here (not stored; the task stores it)
            texts_now = embedding.embed([claims[pk].statement for pk in unembedded] + [claims[pk].translation or "" for pk in unembedded])
            n = len(unembedded)
            generic = index.genericity(texts_now[:n])
            moved = m.centred(texts_now)
            for k, pk in enumerate(unembedded):
                raw = max(float(texts_now[k] @ vector), float(texts_now[n + k] @ vector))
                sims[pk] = (float(moved[k] @ centred), float(moved[n + k] @ centred), raw)
                priors[pk] = float(generic[k])
        best = {pk: max(a, b) for pk, (a, b, _) in sims.items()}
        ranked = sorted(best, key=lambda pk: -best[pk])
        top_pk = ranked[0] if ranked else None
        second = best[ranked[1]] if len(ranked) > 1 else None
        found = []
        for pk in candidates:
            claim = claims[pk]
            key = getattr(claim, "match_key", None)
            claim_sides = [from_tokens(t) for t in ((key.statement_tokens, key.translation_tokens) if key else ()) if t]
            c_numbers = frozenset().union(*(f.numbers for f in claim_sides)) if claim_sides else frozenset()
            c_names = frozenset().union(*(f.speakers for f in claim_sides)) if claim_sides else frozenset()
            s, t, raw = sims[pk]
            at = m.position(pk)
            # How far above the best other candidate (a lone candidate: as if the next were 0.05 below).
            other = (second if second is not None else best[pk] - 0.05) if pk == top_pk else best[top_pk]
            lex_hit = lex.get(i, {}).get(pk)
            signals = scoring.Signals(
                semantic=s,
                translation=t if t else s,
                verbatim=raw,
                prior=float(m.prior[at]) if at is not None else priors.get(pk, 0.8),
                margin=best[pk] - other,
                lexical=min(1.5, lex_hit.score / 100) if lex_hit else 0.0,
                other_name=float(bool(q_names - c_names - {claim.speaker_id})),
                speaker=float(claim.speaker_id is not None and claim.speaker_id in q_names),
                query_prior=float(query_prior[row]),
                numbers_differ=_numbers_differ(q_numbers, c_numbers, texts[i], claim),
            )
            score = scoring.probability(signals, weights)
            why = [w for w in (lex_hit.why if lex_hit else []) if w != "numbers differ"]
            if raw >= 0.8:
                why.insert(0, "meaning")
            if signals.numbers_differ:
                why.append("numbers differ")
            label = scoring.label(score, signals.numbers_differ)
            if not label and raw >= NEAR_VERBATIM:
                # Worded almost alike (often its translation), yet close to another claim too: the
                # margin signal held it back, but an editor must still see it.
                label = scoring.RELATED
            if shown_only and not label:
                continue
            found.append(Suggestion(claim, round(score, 3), why, label, signals))
        results[i] = rank(found)[:limit] if shown_only else rank(found)
    return results


def suggest(query: Query, visible: QuerySet | None = None, *, limit: int = DEFAULT_LIMIT, names: NameTable | None = None) -> list[Suggestion]:
    """The closest visible claims to one query, best first, each with its label and why it matched."""
    return suggest_many([query], visible, limit=limit, names=names)[0]


def suggestions_for(user, *, statement: str = "", translation: str = "", speaker=None, exclude=None, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """Suggestions for the claim form, the desk endpoint and the API: only claims `user` may see."""
    try:
        speaker_id = int(speaker) if speaker not in (None, "") else None
        exclude_id = int(exclude) if exclude not in (None, "") else None
    except (TypeError, ValueError):
        speaker_id = exclude_id = None
    query = Query(statement or "", translation or "", speaker_id, exclude_id)
    return suggest(query, visible_claims(user), limit=max(1, min(int(limit), 20)))


def label_text(label: str) -> str:
    from django.utils.translation import gettext as _

    return {scoring.SAME: _("same claim"), scoring.RELATED: _("related")}.get(label, "")


def why_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {**lexical.why_labels(), "meaning": _("same meaning")}


def as_result(suggestion: Suggestion, url: str) -> dict:
    """One suggestion as the type-ahead answer `{id, label, detail, match, …}` (desk JSON, API, intake)."""
    result = lexical.as_result(lexical.Suggestion(suggestion.claim, suggestion.score, suggestion.why), url)
    labels = why_labels()
    result["why"] = [labels.get(w, w) for w in suggestion.why]
    result["match"] = suggestion.label
    result["match_label"] = label_text(suggestion.label)
    return result


__all__ = ["Query", "Suggestion", "as_result", "can_view_claim", "suggest", "suggest_many", "suggestions_for", "visible_claims"]
