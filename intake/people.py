"""People in an article: the desk's speaker table (every alias, declined forms) and the entities of a
sentence (known speakers, outlets, countries, descriptions, pronouns, new names), outside its quotations.

Pure functions over text; `intake.candidates` decides which of them spoke.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable

from . import agencies
from .rules import Rules

def fold(text: str) -> str:
    """Case- and width-insensitive form of a name (as claims.models.fold), for lookups in any script."""
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


@dataclasses.dataclass(frozen=True)
class KnownSpeaker:
    id: int | str
    name: str


class SpeakerTable:
    """Every name and alias of the desk's speakers, in any script, looked up by dictionary.

    No giant regular expression: with thousands of aliases one would take seconds to compile.
    Words are looked up as runs of 1–N words (Latin, Cyrillic; a declined ending such as
    Кулебы → Кулеба is tried off), and text without spaces (Japanese) position by position,
    with the alias lengths that start with that character.
    """

    def __init__(self, entries: Iterable[tuple[int | str, str, Iterable[str]]]):
        self.by_folded: dict[str, KnownSpeaker] = {}
        # Cyrillic names decline by their last vowel (Кулеба → Кулебы, Кулебе): their stem, for
        # languages whose rules allow an ending after a name.
        self.by_stem: dict[str, KnownSpeaker] = {}
        for key, name, aliases in entries:
            speaker = KnownSpeaker(key, name)
            for alias in (name, *aliases):
                folded = fold(alias)
                if len(folded) >= 2 and folded not in self.by_folded:
                    self.by_folded[folded] = speaker
                if len(folded) >= 5 and folded[-1] in _DECLINING_VOWELS:
                    self.by_stem.setdefault(folded[:-1], speaker)
        self.max_words = max((len(_WORD.findall(alias)) for alias in self.by_folded), default=1)
        self.lengths: dict[str, list[int]] = {}
        for alias in self.by_folded:
            self.lengths.setdefault(alias[0], []).append(len(alias))
        for first in self.lengths:
            self.lengths[first] = sorted(set(self.lengths[first]), reverse=True)

    def lookup(self, text: str) -> KnownSpeaker | None:
        return self.by_folded.get(fold(text))

    def find(self, text: str, *, bounded: bool, suffix: re.Pattern | None = None) -> list[tuple[int, int, str, KnownSpeaker]]:
        """(start, end, as written, speaker) of every name in `text`, longest first, not overlapping."""
        if not self.by_folded:
            return []
        return self._find_words(text, suffix) if bounded else self._find_anywhere(text)

    def _find_words(self, text: str, suffix: re.Pattern | None):
        words = list(_WORD.finditer(text))
        found, index = [], 0
        while index < len(words):
            hit = None
            for count in range(min(self.max_words, len(words) - index), 0, -1):
                start, end = words[index].start(), words[index + count - 1].end()
                phrase = text[start:end]
                speaker = self.by_folded.get(fold(phrase))
                if speaker is None and suffix is not None:
                    last = words[index + count - 1].group(0)
                    for cut in range(1, min(4, len(last) - 1)):
                        if suffix.fullmatch(last[-cut:]):
                            stem = fold(phrase[:-cut])
                            speaker = self.by_folded.get(stem) or self.by_stem.get(stem)
                            if speaker is not None:
                                break
                if speaker is not None:
                    hit = (start, end, phrase, speaker, count)
                    break
            if hit is not None:
                found.append(hit[:4])
                index += hit[4]
            else:
                index += 1
        return found

    def _find_anywhere(self, text: str):
        folded_text = text.lower()
        found, position = [], 0
        while position < len(text):
            hit = None
            for length in self.lengths.get(folded_text[position], ()):
                piece = text[position : position + length]
                if len(piece) == length:
                    speaker = self.by_folded.get(fold(piece))
                    if speaker is not None:
                        hit = (position, position + length, piece, speaker)
                        break
            if hit is not None:
                found.append(hit)
                position = hit[1]
            else:
                position += 1
        return found


_DECLINING_VOWELS = frozenset("аяоеиыуюьіїэaeoyáéíóúý")  # Кулеба → Кулебы, Lukašenko → Lukašenka
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")


@dataclasses.dataclass(frozen=True)
class Entity:
    start: int  # in the sentence
    end: int
    kind: str  # known | outlet | description | pronoun | new
    text: str
    speaker: KnownSpeaker | None = None


def _quote_spans(text: str, rules: Rules) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of each quotation including its marks; an unclosed one runs to the end."""
    spans = []
    position = 0
    while position < len(text):
        best = None
        for opening, closing in rules.quotes:
            found = text.find(opening, position)
            if found >= 0 and (best is None or found < best[0]):
                best = (found, opening, closing)
        if best is None:
            break
        start, opening, closing = best
        depth, cursor = 1, start + len(opening)
        end, closed = len(text), False
        while cursor < len(text):
            if opening != closing and text.startswith(opening, cursor):
                depth += 1
            elif text.startswith(closing, cursor):
                depth -= 1
                if depth == 0:
                    end, closed = cursor + len(closing), True
                    break
            cursor += 1
        spans.append((start, end, closed))
        position = end
    return spans


# «La cuestión … —puntualizó Lukashenko—, y eso …»: an attribution between dashes inside a quotation.
INNER_ATTRIBUTION = re.compile(r"\s[—–]\s?(?P<attribution>[^—–«»“”„\"]{3,60}?)\s?[—–][,.]?\s?")


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _overlaps(a: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a[0] < end and start < a[1] for start, end in taken)


def find_entities(text: str, rules: Rules, table: SpeakerTable, met: dict[str, str] | None = None) -> list[Entity]:
    """Known speakers, outlets, descriptions, pronouns and new names in `text`, by position (no overlaps).

    `met` maps the folded surname of each new name seen earlier in the article to the full name,
    so "Oleg Rusakov … Rusakov wrote" names one new speaker.
    """
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []

    def add(start, end, kind, value, speaker=None):
        if end > start and not _overlaps((start, end), taken):
            taken.append((start, end))
            found.append(Entity(start, end, kind, value, speaker))

    suffix = re.compile(rules.name_suffix, re.IGNORECASE) if rules.name_suffix else None
    for start, end, written, speaker in table.find(text, bounded=rules.speaker_mode != "topic", suffix=suffix):
        add(start, end, "known", written, speaker)
    names = [name for name in met or () if isinstance(name, str)]
    if names:
        surnames = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        bounded = rules.speaker_mode != "topic"
        pattern = rf"(?<!\w)(?P<n>{surnames})(?:{rules.name_suffix or ''})(?!\w)" if bounded else rf"(?P<n>{surnames})"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            add(match.start(), match.end(), "new", met[fold(match.group("n"))])
    for outlet in rules.outlets:
        for match in re.finditer(re.escape(outlet) + r"(?!\w)", text):
            add(match.start(), match.end(), "outlet", agencies.canonical(outlet))
    if rules.speaker_mode != "topic":
        for start, end, name in agencies.find(text):
            add(start, end, "outlet", name)
    if rules.countries is not None:
        for match in rules.countries.finditer(text):
            add(match.start(), match.end(), "country", match.group(0))
    for description in rules.descriptions:
        for match in description.finditer(text):
            add(match.start("desc"), match.end("desc"), "description", match.group("desc"))
    if rules.pronouns is not None:
        for match in rules.pronouns.finditer(text):
            add(match.start(), match.end(), "pronoun", match.group(0))
    for new_name in rules.new_names:
        for match in new_name.finditer(text):
            words = match.group("name").split(" ")
            start = match.start("name")
            while words and words[0] in rules.not_names:
                start += len(words.pop(0)) + 1
            if len(words) < (2 if rules.speaker_mode != "topic" else 1) or any(w in rules.not_names for w in words):
                continue
            add(start, match.end("name"), "new", " ".join(words))
    found.sort(key=lambda entity: entity.start)
    if met is not None:
        # A surname alone (森教育長, after 森遥教育長): the person named in full earlier in the article.
        for number, entity in enumerate(found):
            if entity.kind == "known":
                met.setdefault(("known", fold(entity.text)), entity.speaker)
            elif entity.kind == "new":
                earlier = next((s for key, s in met.items() if isinstance(key, tuple) and key[1].startswith(fold(entity.text)) and key[1] != fold(entity.text)), None)
                if earlier is not None:
                    found[number] = Entity(entity.start, entity.end, "known", entity.text, earlier)
        if rules.titles is not None:
            # 佐藤市長 … 山田知事 … 同市長は: the last person written with that title, not the last speaker.
            for number, entity in enumerate(found):
                title = rules.titles.match(text, entity.end) if entity.kind in ("known", "new") else None
                if title is not None:
                    met[("title", title.group(0))] = entity
                elif entity.kind == "pronoun":
                    titled = rules.titles.search(entity.text)
                    earlier = met.get(("title", titled.group(0))) if titled else None
                    if earlier is not None:
                        found[number] = Entity(entity.start, entity.end, earlier.kind, earlier.text, earlier.speaker)
        for entity in found:
            if entity.kind == "new":
                parts = entity.text.split(" ")
                if len(parts) > 1:
                    met.setdefault(fold(entity.text), entity.text)
                    met.setdefault(fold(parts[-1]), entity.text)
    # "a local resident, Anna Belova," / "Marta Kowalczyk, a teacher," / "местная жительница Анна Белова":
    # a description next to a name describes that person; the name is the speaker.
    def beside(a: Entity, b: Entity) -> bool:
        return b.kind in ("known", "new") and not text[min(a.end, b.end) : max(a.start, b.start)].strip(" ,、:—–-\u3000")

    named = []
    for number, entity in enumerate(found):
        neighbours = found[max(0, number - 1) : number] + found[number + 1 : number + 2]
        if entity.kind == "description" and any(beside(entity, other) for other in neighbours):
            continue
        named.append(entity)
    return named
