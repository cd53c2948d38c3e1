"""The frozen intake evaluation set, version 2 (`intake/eval_v2/`: be, pt, nl, cs), checked as data, not the engine.

The languages are ones the desk has no extraction rules for; the set measures a language-general
intake path. Every span must be findable in its article (a scorer cuts by character position), the
splits must be balanced and the counts its README states must hold.
"""

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from intake.evaluation import gold_articles, load_gold

EVAL_DIR = Path(__file__).resolve().parents[2] / "intake" / "eval_v2"
FILES = sorted(EVAL_DIR.glob("*.json"))
LANGUAGES = {"be", "pt", "nl", "cs"}
ARTICLE_KEYS = {"about", "language", "published_on", "split", "shape", "speakers", "text", "statements", "not_claims"}
STATEMENT_KEYS = {"speaker", "description", "excerpt", "statement", "statement_continued", "kind", "said_on", "reporter", "note"}
OPENING_MARKS = "«“„「『‚‹\"'‘"
CLOSING_MARKS = "»”“」』‘’›\"'"


def _load(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, "\n".join(data["text"])


def _iso_or_none(value):
    if value is None:
        return True
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and bool(datetime.date.fromisoformat(value))


ARTICLES = {path.stem: _load(path) for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_article_loads_with_the_fields_of_version_1(path):
    data, text = ARTICLES[path.stem]
    assert set(data) == ARTICLE_KEYS, set(data) ^ ARTICLE_KEYS
    assert data["language"] in LANGUAGES
    assert path.stem.startswith(data["language"] + "_"), "files are named <lang>_<slug>.json"
    assert data["split"] in ("dev", "test")
    assert isinstance(data["text"], list), "one line per paragraph"
    assert data["shape"].strip() and data["about"].strip()
    assert _iso_or_none(data["published_on"]), data["published_on"]
    assert text.strip() and data["statements"] and data["not_claims"]
    article = load_gold(path)  # the project's own scorer reads the same file
    assert len(article.statements) == len(data["statements"]) and article.split == data["split"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_span_is_an_exact_substring_and_statements_sit_inside_their_excerpts(path):
    data, text = ARTICLES[path.stem]
    names = {speaker["name"] for speaker in data["speakers"]}
    for speaker in data["speakers"]:
        assert set(speaker) == {"name", "kind", "aliases"} and speaker["kind"] in ("person", "organisation")
    statement_spans = []
    for item in data["statements"]:
        assert set(item) <= STATEMENT_KEYS, set(item) - STATEMENT_KEYS
        excerpt = item["excerpt"]
        assert excerpt in text, excerpt
        start = text.find(excerpt)
        position = 0
        for part in [item["statement"], *item.get("statement_continued", [])]:  # in the excerpt, in order
            found = excerpt.find(part, position)
            assert found >= 0, (part, excerpt)
            statement_spans.append((start + found, start + found + len(part)))
            position = found + len(part)
            assert part == part.strip() and part[-1] not in ",;:", f"span boundary: {part!r}"
            if item["kind"] == "quote":
                assert part[0] not in OPENING_MARKS and part[-1] not in CLOSING_MARKS, f"quote marks excluded: {part!r}"
        assert item["kind"] in ("quote", "paraphrase")
        if item["speaker"] is None:
            assert item["description"].strip(), "an unnamed speaker is described"
        else:
            assert item["speaker"] in names, f"{item['speaker']} is not in the article's speakers"
            assert "description" not in item
        assert _iso_or_none(item["said_on"]), item["said_on"]
        assert item["reporter"] is None or (item["reporter"].strip() and item["reporter"] != item["speaker"])
    for negative in data["not_claims"]:
        assert negative in text, negative
        start = text.find(negative)
        for span_start, span_end in statement_spans:
            assert not (start < span_end and span_start < start + len(negative)), f"a non-claim overlaps a statement: {negative}"


def test_said_dates_are_never_after_publication():
    for name, (data, _text) in ARTICLES.items():
        if data["published_on"] is None:
            assert all(item["said_on"] is None for item in data["statements"]), f"{name}: no year to resolve against"
            continue
        published = datetime.date.fromisoformat(data["published_on"])
        for item in data["statements"]:
            if item["said_on"]:
                assert datetime.date.fromisoformat(item["said_on"]) <= published, (name, item["statement"])


def test_every_language_has_two_dev_and_two_test_articles_and_the_set_is_big_enough():
    splits = Counter((data["language"], data["split"]) for data, _text in ARTICLES.values())
    assert splits == {(language, split): 2 for language in LANGUAGES for split in ("dev", "test")}, splits
    total = sum(len(data["statements"]) for data, _text in ARTICLES.values())
    assert len(ARTICLES) >= 16 and total >= 120 and total / len(ARTICLES) >= 6
    assert len(gold_articles(EVAL_DIR, split="test")) == len(gold_articles(EVAL_DIR, split="dev")) == 8


def test_the_readme_counts_are_the_files_counts():
    readme = (EVAL_DIR / "README.md").read_text(encoding="utf-8")
    total = sum(len(data["statements"]) for data, _text in ARTICLES.values())
    assert f"| all | {len(ARTICLES)} |" in readme and f"| {total} |" in readme
    for language in LANGUAGES:
        count = sum(len(data["statements"]) for data, _text in ARTICLES.values() if data["language"] == language)
        assert re.search(rf"^\| {language} \| 4 \| 2 / 2 \| \d+ / \d+ \| {count} \|$", readme, re.M), language
