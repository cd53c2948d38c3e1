"""The frozen intake evaluation set, version 2 (`intake/eval_v2/`: be, pt, nl, cs), checked as data, not the engine.

The languages are ones the desk has no extraction rules for; the set measures a language-general
intake path. Every span must be findable in its article (a scorer cuts by character position), the
splits must be balanced and the counts its README states must hold.
"""

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest

from intake.evaluation import gold_articles, load_gold

from .eval_rules import ARTICLE_KEYS, check_spans, iso_or_none, load

EVAL_DIR = Path(__file__).resolve().parents[2] / "intake" / "eval_v2"
FILES = sorted(EVAL_DIR.glob("*.json"))
LANGUAGES = {"be", "pt", "nl", "cs"}
ARTICLES = {path.stem: load(path) for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_article_loads_with_the_fields_of_version_1(path):
    data, text = ARTICLES[path.stem]
    assert set(data) == ARTICLE_KEYS, set(data) ^ ARTICLE_KEYS
    assert data["language"] in LANGUAGES
    assert path.stem.startswith(data["language"] + "_"), "files are named <lang>_<slug>.json"
    assert data["split"] in ("dev", "test")
    assert isinstance(data["text"], list), "one line per paragraph"
    assert data["shape"].strip() and data["about"].strip()
    assert iso_or_none(data["published_on"]), data["published_on"]
    assert text.strip() and data["statements"] and data["not_claims"]
    article = load_gold(path)  # the project's own scorer reads the same file
    assert len(article.statements) == len(data["statements"]) and article.split == data["split"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_span_is_an_exact_substring_and_statements_sit_inside_their_excerpts(path):
    data, text = ARTICLES[path.stem]
    check_spans(data, text)


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
