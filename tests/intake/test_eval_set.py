"""The frozen intake evaluation set (`intake/eval/`, issue #28) checked as data, not the engine.

Every span the set names must be findable in its article (a scorer cuts by character position), the
counts the issue asks for must hold, and every field must be one the README describes.
"""

import datetime
from collections import Counter
from pathlib import Path

import pytest

from intake.evaluation import load_gold

from .eval_rules import ARTICLE_KEYS, check_spans, iso_or_none, load

EVAL_DIR = Path(__file__).resolve().parents[2] / "intake" / "eval"
FILES = sorted(EVAL_DIR.glob("*.json"))
LANGUAGES = {"en", "ru", "uk", "ja", "it", "de", "fr", "es", "pl"}
ARTICLES = {path.stem: load(path) for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_article_loads_with_the_fields_the_readme_describes(path):
    data, text = ARTICLES[path.stem]
    assert set(data) == ARTICLE_KEYS, set(data) ^ ARTICLE_KEYS
    assert data["language"] in LANGUAGES
    assert path.stem.startswith(data["language"] + "_"), "files are named <lang>_<slug>.json"
    assert data["split"] in ("dev", "test")
    assert data["shape"].strip() and data["about"].strip()
    assert iso_or_none(data["published_on"]), data["published_on"]
    assert text.strip() and data["statements"] and data["not_claims"]
    # The project's own scorer reads the same file (excerpt and speaker are the fields it matches).
    article = load_gold(path)
    assert len(article.statements) == len(data["statements"])


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


def test_the_set_is_as_big_as_the_issue_asks_in_every_language_and_split():
    articles = Counter(data["language"] for data, _text in ARTICLES.values())
    attributions = Counter()
    splits = {}
    for data, _text in ARTICLES.values():
        attributions[data["language"]] += len(data["statements"])
        splits.setdefault(data["language"], set()).add(data["split"])
    assert len(ARTICLES) >= 27
    assert set(articles) >= LANGUAGES and len(articles) >= 9
    assert all(articles[language] >= 3 for language in LANGUAGES), articles
    assert all(attributions[language] >= 15 for language in LANGUAGES), attributions
    assert sum(attributions.values()) >= 220
    assert all(splits[language] == {"dev", "test"} for language in LANGUAGES), splits


def test_the_readme_counts_are_the_files_counts():
    readme = (EVAL_DIR / "README.md").read_text(encoding="utf-8")
    total = sum(len(data["statements"]) for data, _text in ARTICLES.values())
    assert f"| all | {len(ARTICLES)} |" in readme and f"| {total} |" in readme
