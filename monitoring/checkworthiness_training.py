"""Learning check-worthiness from the desk's own decisions, and measuring it.

`retrain` fits a logistic regression (numpy, L2-regularised gradient descent: sixteen features and a few
thousand decisions at most, so scikit-learn would add a dependency for nothing) on the decided candidates
(accepted or merged: 1, dismissed: 0), once there are `MONITORING_CHECKWORTHINESS_MIN_DECISIONS` of each.
It stores a `CheckworthinessModel` row with its 5-fold cross-validated ROC AUC and the shipped weights'
AUC on the same decisions; `weights_in_use` takes the newest row only when it is the better of the two.
`rescore` writes the scores of the waiting candidates again (after a new model, or by hand).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .checkworthiness import KEYS, SHIPPED_WEIGHTS, Weights, assess, features
from .models import Candidate, CheckworthinessModel

L2 = 0.01
STEPS = 2000
FOLDS = 5


def weights_in_use() -> Weights:
    """The newest trained model if it beat the shipped weights on its decisions; otherwise the shipped weights."""
    newest = CheckworthinessModel.objects.order_by("-version").first()
    if newest is not None and newest.better:
        return Weights({key: float(value) for key, value in newest.coefficients.items()}, version=newest.version)
    return SHIPPED_WEIGHTS


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = L2, steps: int = STEPS) -> Weights:
    """Logistic regression by full-batch gradient descent (the bias is not regularised)."""
    rows, columns = x.shape
    design = np.hstack([np.ones((rows, 1)), x])
    beta = np.zeros(columns + 1)
    rate = 0.5
    for _step in range(steps):
        predicted = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -50, 50)))
        gradient = design.T @ (predicted - y) / rows
        gradient[1:] += l2 * beta[1:]
        beta -= rate * gradient
    coefficients = {"bias": round(float(beta[0]), 4)} | {key: round(float(value), 4) for key, value in zip(KEYS, beta[1:])}
    return Weights(coefficients)


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """The probability that a worthy statement scores above an unworthy one (ties count half)."""
    labels, scores = np.asarray(labels), np.asarray(scores, dtype=float)
    positives, negatives = scores[labels == 1], scores[labels == 0]
    if not len(positives) or not len(negatives):
        return float("nan")
    above = (positives[:, None] > negatives[None, :]).sum() + 0.5 * (positives[:, None] == negatives[None, :]).sum()
    return float(above / (len(positives) * len(negatives)))


def cross_validated_auc(x: np.ndarray, y: np.ndarray, *, folds: int = FOLDS, seed: int = 0) -> float:
    """Out-of-fold scores of a model fitted on the other folds (stratified, seeded: the same decisions give the same figure)."""
    generator = np.random.default_rng(seed)
    fold_of = np.empty(len(y), dtype=int)
    for label in (0, 1):
        members = np.flatnonzero(y == label)
        generator.shuffle(members)
        fold_of[members] = np.arange(len(members)) % folds
    scores = np.empty(len(y))
    for fold in range(folds):
        held = fold_of == fold
        model = fit(x[~held], y[~held])
        scores[held] = [model.score_values(list(row)) for row in x[held]]
    return roc_auc(y, scores)


def decisions() -> tuple[list[str], list[int]]:
    """The decided candidates' statements and labels: accepted or merged (worth checking) 1, dismissed 0."""
    rows = Candidate.objects.exclude(status=Candidate.Status.WAITING).values_list("statement", "status")
    statements, labels = [], []
    for statement, status in rows.iterator():
        statements.append(statement)
        labels.append(0 if status == Candidate.Status.DISMISSED else 1)
    return statements, labels


@dataclass
class Retrained:
    model: CheckworthinessModel | None
    accepted: int
    dismissed: int
    reason: str = ""  # why no model was trained


def retrain(*, minimum: int | None = None) -> Retrained:
    """Train on the desk's decisions when there are enough of each kind; store the model row (never used unless better)."""
    minimum = settings.MONITORING_CHECKWORTHINESS_MIN_DECISIONS if minimum is None else minimum
    statements, labels = decisions()
    accepted, dismissed = sum(labels), len(labels) - sum(labels)
    if accepted < minimum or dismissed < minimum:
        return Retrained(None, accepted, dismissed, f"needs {minimum} accepted and {minimum} dismissed candidates")
    x = np.array([features(statement) for statement in statements])
    y = np.array(labels, dtype=float)
    cv_auc = cross_validated_auc(x, y)
    shipped_auc = roc_auc(y, [SHIPPED_WEIGHTS.score_values(list(row)) for row in x])
    weights = fit(x, y)
    with transaction.atomic():
        version = (CheckworthinessModel.objects.select_for_update().aggregate(top=Max("version"))["top"] or 0) + 1
        model = CheckworthinessModel.objects.create(
            version=version, coefficients=weights.coefficients, accepted=accepted, dismissed=dismissed,
            cv_auc=round(cv_auc, 4), shipped_auc=round(shipped_auc, 4), trained_at=timezone.now(),
        )
    return Retrained(model, accepted, dismissed)


def rescore(*, batch: int = 500) -> int:
    """Score every waiting candidate again with the weights in use; the number rescored."""
    weights = weights_in_use()
    done = 0
    ids = list(Candidate.objects.filter(status=Candidate.Status.WAITING).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        rows = list(Candidate.objects.filter(pk__in=ids[start : start + batch]).only("pk", "statement"))
        for candidate in rows:
            candidate.checkworthiness, candidate.checkworthiness_why = assess(candidate.statement, weights)
        Candidate.objects.bulk_update(rows, ["checkworthiness", "checkworthiness_why"])
        done += len(rows)
    return done


# Measures (manage.py evaluate_checkworthiness): ROC AUC, precision at the top 10 of each day, confusion matrix.

THRESHOLD = 0.5
TOP = 10


@dataclass
class Evaluation:
    items: int
    auc: float
    precision_mean: float
    precision_min: float
    days: int
    confusion: dict[str, int]  # tp, fp, fn, tn at THRESHOLD


def precision_at_top(items: Iterable[tuple[object, int, float]], top: int = TOP) -> dict[object, float]:
    """(day, label, score) triples: for each day, the share of worthy statements among its `top` highest scores."""
    by_day: dict[object, list[tuple[float, int]]] = defaultdict(list)
    for day, label, score in items:
        by_day[day].append((score, label))
    result = {}
    for day, scored in by_day.items():
        ranked = sorted(scored, key=lambda pair: -pair[0])[:top]
        result[day] = sum(label for _score, label in ranked) / len(ranked)
    return result


def evaluate(rows: Sequence[dict], scorer, *, threshold: float = THRESHOLD) -> Evaluation:
    """`rows`: {"text", "label", "day"}; `scorer`: text -> score."""
    scores = [scorer(row["text"]) for row in rows]
    labels = [int(row["label"]) for row in rows]
    per_day = precision_at_top((row["day"], label, score) for row, label, score in zip(rows, labels, scores))
    confusion = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for label, score in zip(labels, scores):
        predicted = score >= threshold
        confusion[("t" if predicted == bool(label) else "f") + ("p" if predicted else "n")] += 1
    return Evaluation(
        items=len(rows),
        auc=roc_auc(labels, scores),
        precision_mean=sum(per_day.values()) / len(per_day) if per_day else float("nan"),
        precision_min=min(per_day.values()) if per_day else float("nan"),
        days=len(per_day),
        confusion=confusion,
    )


def digit_baseline(text: str) -> float:
    """The plain "has a digit" rule the weights are measured against."""
    return 1.0 if any(character.isdigit() for character in text) else 0.0

