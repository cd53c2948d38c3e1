"""The labelling rules both frozen intake evaluation sets keep (`intake/eval/`, `intake/eval_v2/`), checked as data.

One place for them, so a set written later is held to exactly the rules of the first (its README's).
"""

import datetime
import json
import re
from pathlib import Path

ARTICLE_KEYS = {"about", "language", "published_on", "split", "shape", "speakers", "text", "statements", "not_claims"}
STATEMENT_KEYS = {"speaker", "description", "excerpt", "statement", "statement_continued", "kind", "said_on", "reporter", "note"}
OPENING_MARKS = "«“„「『‚‹\"'‘"
CLOSING_MARKS = "»”“」』‘’›\"'"


def load(path: Path) -> tuple[dict, str]:
    """An article's labels and its text (one line per paragraph, joined)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join(data["text"]) if isinstance(data["text"], list) else data["text"]
    return data, text


def iso_or_none(value) -> bool:
    if value is None:
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(datetime.date.fromisoformat(value))


def check_spans(data: dict, text: str) -> None:
    """Every span is an exact substring; statements sit in their excerpts, in order, quote marks outside;
    speakers are the article's; no span that must not be a claim overlaps a statement."""
    names = {speaker["name"] for speaker in data["speakers"]}
    for speaker in data["speakers"]:
        assert set(speaker) == {"name", "kind", "aliases"} and speaker["kind"] in ("person", "organisation")
    statement_spans = []
    for item in data["statements"]:
        assert set(item) <= STATEMENT_KEYS, set(item) - STATEMENT_KEYS
        excerpt, statement = item["excerpt"], item["statement"]
        assert excerpt in text, excerpt
        start = text.find(excerpt)
        parts = [statement, *item.get("statement_continued", [])]
        position = 0
        for part in parts:  # each part inside the excerpt, in order
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
        assert iso_or_none(item["said_on"]), item["said_on"]
        assert item["reporter"] is None or (item["reporter"].strip() and item["reporter"] != item["speaker"])
    for negative in data["not_claims"]:
        assert negative in text, negative
        start = text.find(negative)
        for span_start, span_end in statement_spans:
            assert not (start < span_end and span_start < start + len(negative)), f"a non-claim overlaps a statement: {negative}"
