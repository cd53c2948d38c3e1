"""The attribution rules of each language, read from `intake/rules/<language>.toml`.

Languages differ only in these data files (cue verbs, quotation marks, pronouns, descriptions,
date words); `intake.candidates` has no branch per language. A new language is a new file.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from pathlib import Path

RULES_DIR = Path(__file__).with_name("rules")


def _any(patterns: list[str], flags: int = 0) -> re.Pattern | None:
    """One compiled alternation of `patterns`, or None when the list is empty."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), flags)


@dataclasses.dataclass(frozen=True)
class Rules:
    language: str
    splitter: str
    speaker_mode: str  # "topic" (Japanese: the marked subject) or "nearest" (the name closest to the cue)
    clause_side: str  # "before" (the statement precedes the cue) or "auto"
    subject_after: re.Pattern | None
    carry_sentences: int
    nearest_window: int
    terminators: str
    quotes: tuple[tuple[str, str], ...]
    min_quote_chars: int
    min_quote_words: int
    cues: re.Pattern
    statement_trim: re.Pattern | None
    clause_lead: re.Pattern | None
    unattributed: re.Pattern | None
    pronouns: re.Pattern | None
    descriptions: tuple[re.Pattern, ...]
    new_names: tuple[re.Pattern, ...]
    not_names: frozenset[str]
    outlets: tuple[str, ...]
    according_to: tuple[re.Pattern, ...]
    months: tuple[re.Pattern, ...]
    weekdays: tuple[str, ...]
    dates: tuple[re.Pattern, ...]
    offsets: dict[str, int]
    name_suffix: str
    countries: re.Pattern | None = None  # a country as subject names no one who spoke
    back_reference: re.Pattern | None = None
    reported_by: tuple[re.Pattern, ...] = ()  # ", сообщает X" / ", the X reported": X is the reporter
    general: bool = False  # built by intake.general for a language without a file (learned cues)
    titles: re.Pattern | None = None  # 市長, 知事 after a name: a pronoun with that title (同市長) means that person

    @property
    def quote_needs_cue(self) -> bool:
        """Only a marked subject (Japanese 「は、「…」」) makes a quote without a verb a statement."""
        return self.speaker_mode != "topic"


def _load(path: Path) -> Rules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    ignore = re.IGNORECASE
    return Rules(
        language=data["language"],
        splitter=data.get("splitter", data["language"]),
        speaker_mode=data.get("speaker_mode", "nearest"),
        clause_side=data.get("clause_side", "auto"),
        subject_after=re.compile(data["subject_after"]) if data.get("subject_after") else None,
        carry_sentences=int(data.get("carry_sentences", 0)),
        nearest_window=int(data.get("nearest_window", 60)),
        terminators=data.get("terminators", ".!?"),
        quotes=tuple((pair[0], pair[1]) for pair in data.get("quotes", [])),
        min_quote_chars=int(data.get("min_quote_chars", 10)),
        min_quote_words=int(data.get("min_quote_words", 1)),
        cues=_any(data["cues"], ignore),
        statement_trim=re.compile(data["statement_trim"]) if data.get("statement_trim") else None,
        clause_lead=re.compile(data["clause_lead"], ignore) if data.get("clause_lead") else None,
        unattributed=_any(data.get("unattributed", []), ignore),
        pronouns=_any(data.get("pronouns", [])),
        descriptions=tuple(re.compile(p) for p in data.get("descriptions", [])),
        new_names=tuple(re.compile(p) for p in data.get("new_names", [])),
        not_names=frozenset(data.get("not_names", [])),
        outlets=tuple(sorted(data.get("outlets", []), key=len, reverse=True)),
        according_to=tuple(re.compile(p, ignore) for p in data.get("according_to", [])),
        months=tuple(re.compile(p, ignore) for p in data.get("months", [])),
        weekdays=tuple(w.casefold() for w in data.get("weekdays", [])),
        dates=tuple(re.compile(p, ignore) for p in data.get("dates", [])),
        offsets={key.casefold(): int(value) for key, value in data.get("offsets", {}).items()},
        name_suffix=data.get("name_suffix", ""),
        countries=_any(data.get("countries", [])),
        back_reference=_any(data.get("back_reference", []), ignore),
        reported_by=tuple(re.compile(p) for p in data.get("reported_by", [])),
        titles=re.compile(data["titles"]) if data.get("titles") else None,
    )


@functools.cache
def all_rules() -> dict[str, Rules]:
    """Every language with a rules file, loaded once per process."""
    loaded = {}
    for path in sorted(RULES_DIR.glob("*.toml")):
        rules = _load(path)
        loaded[rules.language] = rules
    return loaded


def rules_for(language: str) -> Rules | None:
    """The rules for `language`, or None: intake then offers no candidates (add claims by hand)."""
    return all_rules().get(language)


def supported_languages() -> list[str]:
    return sorted(all_rules())
