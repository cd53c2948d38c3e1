"""Precision and recall of the candidate finder against labelled articles (the gold sets).

A candidate counts when its speaker matches a gold statement's speaker and its excerpt overlaps
the gold excerpt (by character position). Gold articles are data files in `intake/gold/`
(written for this project; see README "Article intake"); the seed post is passed in by the
`evaluate_intake` command, which lives above `demo`.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterable
from pathlib import Path

from .candidates import Candidate, SpeakerTable, find_candidates, fold
from .sentences import detect_language

GOLD_DIR = Path(__file__).with_name("gold")
EVAL_DIR = Path(__file__).with_name("eval")  # the frozen set of issue #28: never edited
# Every frozen evaluation set by name (`evaluate_intake --set NAME`): eval_v2 holds languages without rules.
EVAL_SETS = {"eval": EVAL_DIR, "eval_v2": Path(__file__).with_name("eval_v2")}


@dataclasses.dataclass(frozen=True)
class GoldStatement:
    excerpt: str
    speaker: str | None  # a name (resolved through the article's speaker table) or None: a description
    # Only in the frozen evaluation set (intake/eval/): the exact statement, the day said, the outlet.
    statement: str | None = None
    said_on: datetime.date | None = None
    reporter: str | None = None
    description: str = ""


@dataclasses.dataclass(frozen=True)
class GoldArticle:
    name: str
    language: str
    text: str
    published_on: datetime.date | None
    speakers: tuple[tuple[str, str, tuple[str, ...]], ...]  # (key, name, aliases)
    statements: tuple[GoldStatement, ...]
    split: str = ""
    not_claims: tuple[str, ...] = ()

    def table(self) -> SpeakerTable:
        return SpeakerTable(self.speakers)


@dataclasses.dataclass
class Score:
    candidates: int = 0
    correct: int = 0  # candidates that match a gold statement
    gold: int = 0
    found: int = 0  # gold statements some candidate matches

    @property
    def precision(self) -> float:
        return self.correct / self.candidates if self.candidates else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def add(self, other: Score) -> None:
        self.candidates += other.candidates
        self.correct += other.correct
        self.gold += other.gold
        self.found += other.found


def load_gold(path: Path) -> GoldArticle:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join(data["text"]) if isinstance(data["text"], list) else data["text"]
    return GoldArticle(
        name=path.stem,
        language=data["language"],
        text=text,
        published_on=datetime.date.fromisoformat(data["published_on"]) if data.get("published_on") else None,
        speakers=tuple((s["name"], s["name"], tuple(s.get("aliases", []))) for s in data.get("speakers", [])),
        statements=tuple(
            GoldStatement(
                item["excerpt"],
                item.get("speaker"),
                statement=item.get("statement"),
                said_on=datetime.date.fromisoformat(item["said_on"]) if item.get("said_on") else None,
                reporter=item.get("reporter"),
                description=item.get("description", ""),
            )
            for item in data["statements"]
        ),
        split=data.get("split", ""),
        not_claims=tuple(data.get("not_claims", [])),
    )


def gold_articles(directory: Path = GOLD_DIR, split: str | None = None) -> list[GoldArticle]:
    articles = [load_gold(path) for path in sorted(directory.glob("*.json"))]
    return [a for a in articles if split is None or a.split == split]


def _speaker_matches(candidate: Candidate, gold: GoldStatement, table: SpeakerTable) -> bool:
    if gold.speaker is None:
        return candidate.speaker is None
    known = table.lookup(gold.speaker)
    if known is not None:
        return candidate.speaker is not None and candidate.speaker.id == known.id
    return candidate.speaker is None and fold(candidate.speaker_label) == fold(gold.speaker)


def score_article(article: GoldArticle) -> tuple[Score, list[Candidate], list[GoldStatement]]:
    """The article's score, its candidates, and the gold statements no candidate found."""
    table = article.table()
    candidates = find_candidates(article.text, article.language, table, article.published_on)
    spans = []
    for statement in article.statements:
        start = article.text.find(statement.excerpt)
        if start < 0:
            raise ValueError(f"{article.name}: gold excerpt not in the text: {statement.excerpt[:60]}")
        spans.append((start, start + len(statement.excerpt)))
    matched_gold = set()
    correct = 0
    for candidate in candidates:
        hit = False
        for number, (statement, (start, end)) in enumerate(zip(article.statements, spans)):
            if candidate.start < end and start < candidate.end and _speaker_matches(candidate, statement, table):
                matched_gold.add(number)
                hit = True
        correct += hit
    missed = [s for number, s in enumerate(article.statements) if number not in matched_gold]
    score = Score(candidates=len(candidates), correct=correct, gold=len(article.statements), found=len(matched_gold))
    return score, candidates, missed


def evaluate(articles: Iterable[GoldArticle]) -> dict[str, Score]:
    """Scores per language (and per article name for those passed as their own set, e.g. the seed)."""
    scores: dict[str, Score] = {}
    for article in articles:
        score, _candidates, _missed = score_article(article)
        scores.setdefault(article.language, Score()).add(score)
    return scores


# --- the frozen evaluation set (intake/eval/, issue #28): every figure the issue asks for ----------


@dataclasses.dataclass
class Figures:
    """One language's figures on the evaluation set; the rates are of the *matched* attributions.

    A gold attribution is matched by a candidate whose excerpt overlaps its excerpt (one candidate
    per attribution; a candidate naming the right speaker is preferred). Precision counts a candidate
    right when it overlaps any gold excerpt, so a split quote's second part is not held against it.
    """

    gold: int = 0
    candidates: int = 0
    correct: int = 0  # candidates overlapping a gold excerpt
    matched: int = 0
    speaker_right: int = 0
    statement_right: int = 0
    date_right: int = 0
    reporter_right: int = 0
    not_claims: int = 0
    not_claims_offered: int = 0
    first_seconds: float = 0.0  # the language's first article in this process (rules and splitter load)
    warm_seconds: float = 0.0  # the slowest article's median time once warm

    @staticmethod
    def _rate(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def recall(self) -> float:
        return self._rate(self.matched, self.gold)

    @property
    def precision(self) -> float:
        return self._rate(self.correct, self.candidates)

    @property
    def speaker_accuracy(self) -> float:
        return self._rate(self.speaker_right, self.matched)

    @property
    def statement_agreement(self) -> float:
        return self._rate(self.statement_right, self.matched)

    @property
    def date_accuracy(self) -> float:
        return self._rate(self.date_right, self.matched)

    @property
    def reporter_accuracy(self) -> float:
        return self._rate(self.reporter_right, self.matched)

    def add(self, other: Figures) -> None:
        for field in dataclasses.fields(self):
            if field.name == "first_seconds" or field.name == "warm_seconds":
                setattr(self, field.name, max(getattr(self, field.name), getattr(other, field.name)))
            else:
                setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


@dataclasses.dataclass
class Mismatch:
    """One way a candidate or a gold attribution went wrong, for `evaluate_intake --missed`."""

    article: str
    what: str  # missed | speaker | statement | date | reporter | not_claim | extra
    gold: str
    got: str


def _spans(text: str, pieces: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for piece in pieces:
        start = text.find(piece)
        spans.append((start, start + len(piece)) if start >= 0 else (-1, -1))
    return spans


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def figures_for(article: GoldArticle, candidates: list[Candidate]) -> tuple[Figures, list[Mismatch]]:
    """The evaluation set's figures for one article's candidates, and what went wrong."""
    table = article.table()
    golds = _spans(article.text, (s.excerpt for s in article.statements))
    figures = Figures(gold=len(golds), candidates=len(candidates), not_claims=len(article.not_claims))
    mismatches: list[Mismatch] = []

    def overlaps(candidate: Candidate, span: tuple[int, int]) -> bool:
        return candidate.start < span[1] and span[0] < candidate.end

    used: set[int] = set()
    for statement, span in zip(article.statements, golds):
        options = [n for n, c in enumerate(candidates) if n not in used and overlaps(c, span)]
        if not options:
            mismatches.append(Mismatch(article.name, "missed", f"{statement.speaker}: {statement.excerpt}", ""))
            continue
        options.sort(key=lambda n: (not _speaker_matches(candidates[n], statement, table), _clean(candidates[n].statement) != _clean(statement.statement)))
        number = options[0]
        used.add(number)
        candidate = candidates[number]
        figures.matched += 1
        checks = {
            "speaker": (_speaker_matches(candidate, statement, table), statement.speaker or statement.description, candidate.speaker_label),
            "statement": (_clean(candidate.statement) == _clean(statement.statement), statement.statement, candidate.statement),
            "date": (candidate.said_on == statement.said_on, str(statement.said_on), str(candidate.said_on)),
            "reporter": (fold(candidate.reporting_hint) == fold(statement.reporter or ""), statement.reporter or "", candidate.reporting_hint),
        }
        for what, (right, expected, got) in checks.items():
            if right:
                setattr(figures, f"{what}_right", getattr(figures, f"{what}_right") + 1)
            else:
                mismatches.append(Mismatch(article.name, what, f"{expected} <- {statement.excerpt[:70]}", got or ""))
    for candidate in candidates:
        if any(overlaps(candidate, span) for span in golds):
            figures.correct += 1
        else:
            mismatches.append(Mismatch(article.name, "extra", "", f"{candidate.speaker_label}: {candidate.excerpt[:90]}"))
    for span, text in zip(_spans(article.text, article.not_claims), article.not_claims):
        offered = [c for c in candidates if overlaps(c, span) and not any(overlaps(c, g) for g in golds)]
        if offered:
            figures.not_claims_offered += 1
            mismatches.append(Mismatch(article.name, "not_claim", text[:80], offered[0].speaker_label))
    return figures, mismatches


def evaluate_set(articles: Iterable[GoldArticle], warm_runs: int = 3) -> tuple[dict[str, Figures], list[Mismatch]]:
    """Figures per language (and "all"), with the first and warm extraction times of each language."""
    import statistics
    import time

    by_language: dict[str, Figures] = {}
    mismatches: list[Mismatch] = []
    for article in articles:
        table = article.table()
        started = time.perf_counter()
        detect_language(article.text)  # as the desk does: the language first, then the candidates
        candidates = find_candidates(article.text, article.language, table, article.published_on)
        first = time.perf_counter() - started
        runs = []
        for _run in range(warm_runs):
            started = time.perf_counter()
            detect_language(article.text)
            find_candidates(article.text, article.language, table, article.published_on)
            runs.append(time.perf_counter() - started)
        figures, wrong = figures_for(article, candidates)
        figures.first_seconds = first if article.language not in by_language else 0.0
        figures.warm_seconds = statistics.median(runs) if runs else 0.0
        by_language.setdefault(article.language, Figures()).add(figures)
        mismatches.extend(wrong)
    total = Figures()
    for figures in by_language.values():
        total.add(figures)
    by_language["all"] = total
    return by_language, mismatches
