"""Training the general path's cue model (`intake.general.CueModel`) from the rules languages.

Examples are words: every verb form the rules files list (заявил, powiedział, afirmó, sagte …) and
every lower-case word of the rules languages' labelled *dev* articles (intake/eval/ dev split,
intake/gold/), a reporting verb when that language's own cue rule matches it there (the first and last
word of a match: "teilte … mit", "ha detto"). Japanese is left out (no spaces: its "words" are
clauses). The test split is never read. Each word is embedded by the multilingual model
(`matching.embedding`); a logistic regression on the 384 numbers is fitted by gradient descent, and its
weights, bias and threshold go to `intake/general_cues.npz` (`python manage.py train_intake_cues`).

`held_out` trains without one language at a time and scores that language's words: how well the model
finds reporting verbs in a language it has never seen — the honest figure, and how the threshold is set.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from .evaluation import EVAL_DIR, GOLD_DIR, gold_articles
from .general import _WORD, CUE_FRAME, MIN_CUE_CHARS, CueModel
from .rules import all_rules

SPACED_LANGUAGES = ("en", "ru", "uk", "it", "de", "fr", "es", "pl")
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)


def examples(language: str) -> dict[str, int]:
    """{word (folded): 1 if a reporting verb, else 0} for one rules language; seen both ways: a verb."""
    rules = all_rules()[language]
    labels: dict[str, int] = {}
    articles = [a for a in gold_articles(EVAL_DIR, "dev") + gold_articles(GOLD_DIR) if a.language == language]
    for article in articles:
        cue_starts = set()
        for match in rules.cues.finditer(article.text):
            words = list(_WORD.finditer(article.text, match.start(), match.end()))
            if words:
                cue_starts.update({words[0].start(), words[-1].start()})
        for match in _WORD.finditer(article.text):
            word = match.group(0)
            if len(word) < MIN_CUE_CHARS or not word[0].islower():
                continue
            key = word.casefold()
            labels[key] = max(labels.get(key, 0), int(match.start() in cue_starts))
    for pattern in rules.cues.pattern.split("|"):
        for word in re.findall(r"[^\W\d_]{3,}", pattern):
            if word[0].islower():
                labels[word.casefold()] = 1
    return labels


def embeddings(words: list[str]) -> dict[str, np.ndarray]:
    from matching.embedding import embed

    framed = [CUE_FRAME.format(w) for w in words]
    vectors = np.concatenate([embed(framed[i : i + 64]) for i in range(0, len(framed), 64)]) if words else np.zeros((0, 384))
    return dict(zip(words, vectors))


def fit(labels: dict[str, int], vectors: dict[str, np.ndarray], threshold: float, epochs: int = 400, rate: float = 1.0, l2: float = 1e-3) -> CueModel:
    """Logistic regression, positives weighted up to balance the classes."""
    words = list(labels)
    x = np.stack([vectors[w] for w in words]).astype(np.float64)
    y = np.array([labels[w] for w in words], dtype=np.float64)
    positive = max(1.0, y.sum())
    weight = np.where(y > 0, (len(y) - positive) / positive, 1.0)
    weight /= weight.mean()
    w, b = np.zeros(x.shape[1]), 0.0
    for _epoch in range(epochs):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        error = (p - y) * weight / len(y)
        w -= rate * (x.T @ error * 10 + l2 * w)
        b -= rate * error.sum()
    return CueModel(w.astype(np.float32), b, threshold)


@dataclasses.dataclass
class HeldOut:
    language: str
    threshold: float
    recall: float
    precision: float


def _merge(languages) -> dict[str, int]:
    merged: dict[str, int] = {}
    for language in languages:
        for word, label in examples(language).items():
            merged[word] = max(merged.get(word, 0), label)
    return merged


def held_out(vectors: dict[str, np.ndarray]) -> list[HeldOut]:
    """Recall and precision of the verbs of each language, by a model trained without it, per threshold."""
    rows = []
    for language in SPACED_LANGUAGES:
        model = fit(_merge(other for other in SPACED_LANGUAGES if other != language), vectors, 0.5)
        labels = examples(language)
        words = list(labels)
        scores = 1.0 / (1.0 + np.exp(-(np.stack([vectors[w] for w in words]) @ model.weights + model.bias)))
        actual = np.array([labels[w] for w in words]) > 0
        for threshold in THRESHOLDS:
            predicted = scores >= threshold
            hits = int((predicted & actual).sum())
            rows.append(HeldOut(language, threshold, hits / max(1, int(actual.sum())), hits / max(1, int(predicted.sum()))))
    return rows


def train() -> tuple[CueModel, list[HeldOut]]:
    """The model on every rules language, its threshold the one with the best mean F1 held out."""
    labels = _merge(SPACED_LANGUAGES)
    vectors = embeddings(sorted(labels))
    report = held_out(vectors)

    def mean_f1(threshold: float) -> float:
        chosen = [r for r in report if r.threshold == threshold]
        return sum(2 * r.recall * r.precision / (r.recall + r.precision) if r.recall + r.precision else 0.0 for r in chosen) / len(chosen)

    threshold = max(THRESHOLDS, key=mean_f1)
    model = fit(labels, vectors, threshold)
    words = sorted(vectors)
    scores = 1.0 / (1.0 + np.exp(-(np.stack([vectors[w] for w in words]) @ model.weights + model.bias)))
    model.vocabulary = dict(zip(words, (float(v) for v in scores)))
    return model, report
