"""One calibrated score for a (query, claim) pair, and the label the desk shows for it.

The score is a logistic model over a few signals, fitted on the dev split of the frozen evaluation set
(`manage.py evaluate_matching --split dev --fit` prints the weights below):

- `semantic`: cosine of the query with the claim's statement (and `translation`: with its translation),
  both embedded the same way (`matching.embedding`);
- `prior`: the claim's genericity (its mean similarity to background news lines, `index.genericity`):
  a short generic claim is close to everything, so the same cosine says less for it;
- `margin`: how far this claim's cosine is above the best other candidate's (one clear winner or many
  look-alikes);
- `lexical`: the wording/alias engine's score (`claims.matching`: names in any script, numbers, stems);
- `other_name`: the query names a person who is neither the claim's speaker nor named in it.

The number guard is a rule, not a weight: a claim whose numbers differ from the query's (each side has
a number the other lacks: 30 % and 40 %, the 19th and the 20th) is never "same claim" and is ranked
after every candidate without such a difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SAME = "same"
RELATED = "related"

FEATURES = ("semantic", "translation", "prior", "margin", "lexical", "other_name", "speaker", "query_prior")
# Fitted on the dev split (see the module docstring); intercept last.
WEIGHTS = (7.513, 8.013, 4.911, 10.794, -2.561, -1.074, 2.375, -13.302, -0.568)
# Thresholds chosen on the dev split (P@1 0.958, R@5 0.994; negatives first 10.7 %: the 5 % target is not reached
# without labelling under half of the true matches "same claim").
SAME_AT = 0.98
RELATED_AT = 0.005


@dataclass
class Signals:
    semantic: float = 0.0
    translation: float = 0.0
    prior: float = 0.0
    margin: float = 0.0
    lexical: float = 0.0
    other_name: float = 0.0
    speaker: float = 0.0
    query_prior: float = 0.0
    numbers_differ: bool = False
    verbatim: float = 0.0  # the raw (uncentred) cosine, statement or translation: near-verbatim wording

    def vector(self) -> list[float]:
        return [getattr(self, name) for name in FEATURES]


def probability(signals: Signals, weights=None) -> float:
    weights = weights or WEIGHTS
    z = sum(w * x for w, x in zip(weights, signals.vector())) + weights[-1]
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def label(score: float, numbers_differ: bool, same_at: float = None, related_at: float = None) -> str:
    """"same", "related" or "" (not shown) for a calibrated score."""
    same_at = SAME_AT if same_at is None else same_at
    related_at = RELATED_AT if related_at is None else related_at
    if score >= same_at and not numbers_differ:
        return SAME
    if score >= related_at:
        return RELATED
    return ""


def fit(rows: list[tuple[list[float], int]], *, steps: int = 4000, rate: float = 0.5, l2: float = 1e-3) -> tuple[float, ...]:
    """Logistic regression by gradient descent (numpy), for `evaluate_matching --fit` on the dev split."""
    import numpy as np

    x = np.array([r[0] for r in rows], dtype=np.float64)
    y = np.array([r[1] for r in rows], dtype=np.float64)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.c_[(x - mean) / std, np.ones(len(x))]  # standardised, so one step size suits every signal
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        w -= rate * (z.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0])
    weights = w[:-1] / std
    intercept = w[-1] - float((w[:-1] * mean / std).sum())
    return tuple(round(float(v), 3) for v in [*weights, intercept])
