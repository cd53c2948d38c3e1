"""Language detection and sentence splitting for article intake, with positions in the article text.

Lines are split first (a headline or a caption is its own line), then pysbd splits each line with
the language's rules; sentences are re-joined while a quotation mark is still open on the line,
so 「……。……」と述べた stays one sentence, and an unbalanced quote ends at the end of its line.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from claims.languages import detect_text_language

from .rules import Rules

DETECT_SAMPLE_CHARS = 3000
# A line of its own that does not end like a sentence (after its closing quotes) is a headline or caption.
SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "…", ":", "：")

_KANA = re.compile(r"[\u3040-\u30ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """The article's main language as a desk tag ("ja", "it", …), among every language lingua knows
    (claims.languages: built once per process, low-accuracy models), or "" when it cannot tell."""
    sample = text[:DETECT_SAMPLE_CHARS]
    if not sample.strip():
        return ""
    if len(_KANA.findall(sample)) >= 5:  # kana only occur in Japanese: no model needed
        return "ja"
    return detect_text_language(sample) or ""


def script_language(sentence: str, article_language: str) -> str:
    """Which rules a sentence is read with: the article's, unless its script says otherwise.

    A Japanese blog quoting an English headline, an English story with a Russian quote: each
    sentence goes to the rules of its own script (kana → ja, Cyrillic → uk/ru, Latin → en).
    An article in a language without rules stays without rules: its Latin or Cyrillic sentences
    are not guessed to be English or Russian.
    """
    kana, cyrillic, latin = len(_KANA.findall(sentence)), len(_CYRILLIC.findall(sentence)), len(_LATIN.findall(sentence))
    if article_language == "ja" and (kana or not (cyrillic or latin)):
        return "ja"
    if kana >= 2:
        return "ja"
    if cyrillic > latin:
        if article_language in ("ru", "uk") or article_language not in ("ja", "en"):
            return article_language
        return "uk" if _UKRAINIAN_LETTERS.search(sentence) else "ru"
    if latin > cyrillic and article_language in ("ja", "ru", "uk"):
        return "en"
    return article_language


@dataclasses.dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    line: int  # index of the line (paragraph) it is on
    headline: bool  # a line of its own without closing punctuation


@functools.cache
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def _balanced(text: str, quotes: tuple[tuple[str, str], ...]) -> bool:
    for opening, closing in quotes:
        if opening == closing:
            if text.count(opening) % 2:
                return False
        elif text.count(opening) > text.count(closing):
            return False
    return True


def split(text: str, rules: Rules) -> list[Sentence]:
    """Sentences with their offsets in `text` (exact: text[start:end] == sentence.text)."""
    sentences: list[Sentence] = []
    segmenter = _segmenter(rules.splitter)
    position = 0
    for number, line in enumerate(text.split("\n")):
        line_start = position
        position += len(line) + 1
        if not line.strip():
            continue
        pieces = segmenter.segment(line) if len(line) > 1 else [line]
        spans: list[tuple[int, int]] = []
        cursor = 0
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                continue
            found = line.find(stripped, cursor)
            if found < 0:  # the splitter changed the text: keep the rest of the line whole
                spans.append((cursor, len(line)))
                cursor = len(line)
                break
            spans.append((found, found + len(stripped)))
            cursor = found + len(stripped)
        merged: list[tuple[int, int]] = []
        for span in spans:
            if merged and not _balanced(line[merged[-1][0] : merged[-1][1]], rules.quotes):
                merged[-1] = (merged[-1][0], span[1])
            else:
                merged.append(span)
        last_line_text = line.rstrip()
        for start, end in merged:
            body = line[start:end]
            single = len(merged) == 1 and body.strip() == last_line_text.strip()
            closers = "".join(closing for _opening, closing in rules.quotes) + " \t\u3000"
            headline = single and not body.rstrip(closers).endswith(SENTENCE_ENDS)
            sentences.append(Sentence(line_start + start, line_start + end, body, number, headline))
    return sentences
