"""The frozen claim-matching evaluation set (matching/eval/queries.jsonl) is what its README says.

This checks the data, not any engine: counts, targets that exist in the demo seed, both splits in
every language × kind group, and that a "same" query shares no content word with its target's
statement or translation (names, numbers and function words aside), so surface overlap cannot
score it.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from demo.seed import CLAIMS

QUERIES = Path(__file__).resolve().parents[2] / "matching" / "eval" / "queries.jsonl"
ROWS = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
BY_KEY = {claim["key"]: claim for claim in CLAIMS}
KINDS = {"same", "negative", "changed_number"}

# Latin-script names, months and weapon designations that a query may share with a translation.
NAMES = set(
    "putin lukashenko kuleba dmytro zelensky zelenskyy zelenskiy volodymyr biden minsk russia russian russians "
    "belarus belarusian belarusians ukraine ukrainian ukrainians crimea donetsk luhansk washington kyiv moscow "
    "iskander iskanders bmp mlrs general staff facebook september december".split()
)
STOPWORDS = set(
    "the a an of in on at to and or but is are was were be been being has have had will would could should with "
    "by for from that this these those it its s t their they them we us our he his him she her not no nothing as "
    "than there here what whatever any anything even if only more also do does did can cannot out up about into "
    "over between after all who which said says say without".split()
)
# Japanese: names, titles and counters removed before comparing kanji/katakana bigrams.
JA_NAMES = [
    "ドネツク州", "ルガンスク州", "プーチン", "ルカシェンコ", "クレーバ", "ゼレンスキー", "バイデン", "ベラルーシ", "ロシア",
    "ウクライナ", "ミンスク", "ワシントン", "クリミア", "ドネツク", "ルガンスク", "ルハンシク", "イスカンデル", "モスクワ",
    "大統領", "外相", "氏", "露", "米",
]
JA_STOP = set("何側日月年回")
WORD = re.compile(r"[^\W_]+")
JA_RUN = re.compile(r"[\u4e00-\u9fff]+|[\u30a1-\u30fa\u30fc]+")


def latin_words(text: str) -> set[str]:
    words = {w.lower() for w in WORD.findall(text)}
    return {w for w in words if not any(c.isdigit() for c in w) and w not in NAMES and w not in STOPWORDS and len(w) > 1}


def same_word(a: str, b: str) -> bool:
    """Equal, or (for English) one inflection of the other: a shared 5-letter stem or a prefix of ≥ 4 letters."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return (len(short) >= 5 and short[:5] == long[:5]) or (len(short) >= 4 and long.startswith(short))


def ja_features(text: str) -> set[str]:
    text = re.sub(r"\d+", " ", text)
    for name in JA_NAMES:
        text = text.replace(name, " ")
    features = set()
    for run in JA_RUN.findall(text):
        if len(run) == 1:
            features.add(run)
        features.update(run[i : i + 2] for i in range(len(run) - 1))
    return features - JA_STOP


def shared_content(row: dict) -> set[str]:
    claim = BY_KEY[row["target"]]
    target_words = latin_words(claim["translation"])
    shared = set()
    for word in latin_words(row["query"]):
        if row["language"] == "en":
            shared |= {t for t in target_words if same_word(word, t)}
        elif word in target_words:
            shared.add(word)
    return shared | (ja_features(row["query"]) & ja_features(claim["statement"]))


def test_it_has_the_promised_counts():
    kinds = Counter(row["kind"] for row in ROWS)
    assert kinds["same"] >= 300 and kinds["negative"] >= 100 and kinds["changed_number"] >= 25
    same_by_language = Counter(row["language"] for row in ROWS if row["kind"] == "same")
    assert {"ru", "uk", "en", "ja", "it", "de"} <= {lang for lang, n in same_by_language.items() if n >= 35}


def test_every_row_is_well_formed_and_ids_are_unique():
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    for row in ROWS:
        assert row["kind"] in KINDS and row["split"] in {"dev", "test"} and row["query"].strip() and row["note"], row
        if row["kind"] == "same":
            assert row["target"] in BY_KEY, row
        else:
            assert row["target"] is None and row["near"] in BY_KEY, row


def test_every_seed_claim_has_same_queries_in_several_languages():
    languages = {key: {row["language"] for row in ROWS if row["target"] == key} for key in BY_KEY}
    assert all(len(langs) >= 4 for langs in languages.values()), languages


def test_both_splits_are_present_in_every_language_and_kind():
    groups = {}
    for row in ROWS:
        groups.setdefault((row["language"], row["kind"]), set()).add(row["split"])
    assert all(splits == {"dev", "test"} for splits in groups.values()), groups


@pytest.mark.parametrize("row", [row for row in ROWS if row["kind"] == "same"], ids=lambda row: row["id"])
def test_a_same_query_shares_no_content_word_with_its_target(row):
    assert shared_content(row) == set()
