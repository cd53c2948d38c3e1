"""The frozen check-worthiness evaluation set (monitoring/eval/checkworthiness.jsonl) is what its README says.

This checks the data, not any engine: every line has the fields a candidate would carry plus a label
that follows from its kind; there are enough statements and enough days for precision@10 per day to
mean something; dev and test are split by day, never inside one; a third or more is not English; and
the README's count tables are the file's.
"""

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "monitoring" / "eval"
LINES = (EVAL / "checkworthiness.jsonl").read_text(encoding="utf-8").splitlines()
ROWS = [json.loads(line) for line in LINES if line.strip()]
README = (EVAL / "README.md").read_text(encoding="utf-8")

CHECK_WORTHY = {"number", "comparison", "event", "causal", "legal"}
NOT_CHECK_WORTHY = {"opinion", "prediction", "procedure", "courtesy", "vague", "question"}
LANGUAGES = {"en", "ru", "uk", "ja", "de", "pl", "be"}
REQUIRED = {"id", "day", "language", "speaker", "statement", "label", "kind", "split"}
ATTRIBUTION = re.compile(r",\s*(he|she|the \w+)? ?(said|says|told|added)\b|\bsaid on\b", re.IGNORECASE)


def by(key, rows=ROWS):
    groups = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def test_every_line_is_one_json_object_with_the_fields():
    assert len(ROWS) == len([line for line in LINES if line.strip()])
    for row in ROWS:
        assert REQUIRED <= set(row) <= REQUIRED | {"note"}, row
        assert all(isinstance(row[key], str) and row[key].strip() for key in REQUIRED - {"label"}), row
        assert row["statement"] == row["statement"].strip()
        assert "note" not in row or row["note"].strip()
        datetime.date.fromisoformat(row["day"])


def test_ids_and_statements_are_unique():
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert len({row["statement"] for row in ROWS}) == len(ROWS)


def test_the_kind_fixes_the_label():
    for row in ROWS:
        assert row["label"] in (0, 1) and not isinstance(row["label"], bool), row
        assert row["kind"] in CHECK_WORTHY | NOT_CHECK_WORTHY, row
        assert row["label"] == (1 if row["kind"] in CHECK_WORTHY else 0), row
    assert {row["kind"] for row in ROWS} == CHECK_WORTHY | NOT_CHECK_WORTHY, "every kind is represented"


def test_statements_carry_no_attribution_phrase():
    assert [row["statement"] for row in ROWS if ATTRIBUTION.search(row["statement"])] == []


def test_at_least_400_statements_and_40_to_50_percent_check_worthy():
    assert len(ROWS) >= 400
    share = sum(row["label"] for row in ROWS) / len(ROWS)
    assert 0.40 <= share <= 0.50, share


def test_at_least_12_days_of_25_statements_with_10_positives_each():
    """Precision at the top 10 per day is meaningful only if a perfect ranker can fill the top 10 with positives."""
    days = by("day")
    assert len(days) >= 12
    for day, rows in days.items():
        assert len(rows) >= 25, day
        assert sum(row["label"] for row in rows) >= 10, day
        assert any(row["label"] == 0 for row in rows), day


def test_split_by_day_about_half_and_half():
    splits = {day: {row["split"] for row in rows} for day, rows in by("day").items()}
    assert all(len(names) == 1 for names in splits.values()), "no day is in both splits"
    counts = Counter(next(iter(names)) for names in splits.values())
    assert set(counts) == {"dev", "test"}
    assert abs(counts["dev"] - counts["test"]) <= 1, counts


def test_languages_and_non_english_share():
    assert {row["language"] for row in ROWS} == LANGUAGES
    assert sum(row["language"] != "en" for row in ROWS) / len(ROWS) >= 0.30
    for split, rows in by("split").items():
        assert {row["language"] for row in rows} == LANGUAGES, split
        assert {row["label"] for language, rows_ in by("language", rows).items() for row in rows_} == {0, 1}


def test_hard_cases_are_present():
    """Numbers inside opinions and predictions (label 0), facts without digits (label 1)."""
    digit = re.compile(r"\d")
    assert sum(1 for row in ROWS if row["kind"] == "opinion" and digit.search(row["statement"])) >= 5
    assert sum(1 for row in ROWS if row["kind"] == "prediction" and digit.search(row["statement"])) >= 10
    assert sum(1 for row in ROWS if row["label"] == 1 and not digit.search(row["statement"])) >= 40


def table_rows():
    """The README's count tables, rebuilt from the data, one markdown row each."""
    rows = []
    for split in ("dev", "test", "all"):
        part = ROWS if split == "all" else [row for row in ROWS if row["split"] == split]
        positives = sum(row["label"] for row in part)
        rows.append(f"| {split} | {len({row['day'] for row in part})} | {len(part)} | {positives} | {len(part) - positives} |")
    for language, part in sorted(by("language").items()):
        dev = sum(row["split"] == "dev" for row in part)
        rows.append(f"| {language} | {dev} | {len(part) - dev} | {len(part)} | {sum(row['label'] for row in part)} |")
    for day, part in sorted(by("day").items()):
        rows.append(f"| {day} | {part[0]['split']} | {len(part)} | {sum(row['label'] for row in part)} |")
    for kind, part in sorted(by("kind").items()):
        dev = sum(row["split"] == "dev" for row in part)
        rows.append(f"| {kind} | {part[0]['label']} | {dev} | {len(part) - dev} | {len(part)} |")
    return rows


@pytest.mark.parametrize("row", table_rows())
def test_readme_counts_match_the_data(row):
    assert row in README.splitlines()


def test_readme_states_totals_and_freeze():
    not_english = sum(row["language"] != "en" for row in ROWS)
    assert f"Not English: {not_english} of {len(ROWS)} ({100 * not_english / len(ROWS):.1f} %)" in README
    assert f"Statements with a `note`: {sum('note' in row for row in ROWS)}." in README
    assert "Frozen: never edited." in README
