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

GOLD_DIR = Path(__file__).with_name("gold")


@dataclasses.dataclass(frozen=True)
class GoldStatement:
    excerpt: str
    speaker: str | None  # a name (resolved through the article's speaker table) or None: a description


@dataclasses.dataclass(frozen=True)
class GoldArticle:
    name: str
    language: str
    text: str
    published_on: datetime.date | None
    speakers: tuple[tuple[str, str, tuple[str, ...]], ...]  # (key, name, aliases)
    statements: tuple[GoldStatement, ...]

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
        statements=tuple(GoldStatement(item["excerpt"], item.get("speaker")) for item in data["statements"]),
    )


def gold_articles(directory: Path = GOLD_DIR) -> list[GoldArticle]:
    return [load_gold(path) for path in sorted(directory.glob("*.json"))]


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
