"""Reading captures: a source's list, the latest text, excerpt marks, word-level diffs, gone pages."""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from claims.models import Evidence

from . import extract
from .models import Capture, SourceWatch


@dataclasses.dataclass(frozen=True)
class ExcerptMark:
    """Where an excerpt stands against the desk's own copy of its source."""

    status: str  # "found" | "not_found" | "no_capture" | "offline" | "in_text" | "not_in_text"
    capture: Capture | None = None

    LABELS = {
        "found": _("found in capture of %(date)s"),
        "not_found": _("not found in capture of %(date)s"),
        "no_capture": _("no capture yet"),
        "offline": _("no capture (offline source)"),
        # An offline source whose text the desk keeps (a pasted article, see intake): checked against that text.
        "in_text": _("found in the source's stored text"),
        "not_in_text": _("not found in the source's stored text"),
    }

    @property
    def label(self) -> str:
        date = f"{self.capture.captured_at:%Y-%m-%d}" if self.capture and self.capture.captured_at else ""
        return str(self.LABELS[self.status]) % {"date": date}


def captures_of(source) -> list[Capture]:
    return list(Capture.objects.filter(source=source).select_related("requested_by").order_by("-requested_at", "-id"))


def latest_done_by_source(source_ids: Iterable[int]) -> dict[int, Capture]:
    """The latest successful capture of each source, in one query."""
    ids = set(source_ids)
    if not ids:
        return {}
    newest = Capture.objects.filter(source=OuterRef("source"), status=Capture.Status.DONE).order_by("-captured_at", "-id")
    captures = Capture.objects.filter(source_id__in=ids, status=Capture.Status.DONE).filter(
        pk=Subquery(newest.values("pk")[:1])
    )
    return {capture.source_id: capture for capture in captures}


def mark_for(excerpt: str, source, capture: Capture | None, cache: dict | None = None) -> ExcerptMark:
    if not source.url:
        if not source.text:
            return ExcerptMark("offline")
        cache = {} if cache is None else cache
        key = ("text", source.pk)
        haystack = cache.get(key)
        if haystack is None:
            haystack = cache[key] = extract.normalise(source.text)
        return ExcerptMark("in_text" if extract.contains(haystack, excerpt) else "not_in_text")
    if capture is None:
        return ExcerptMark("no_capture")
    cache = {} if cache is None else cache
    haystack = cache.get(capture.pk)
    if haystack is None:
        haystack = cache[capture.pk] = extract.normalise(capture.title + "\n" + capture.text)
    return ExcerptMark("found" if extract.contains(haystack, excerpt) else "not_found", capture)


def mark_excerpts(evidence: list[Evidence]) -> dict[int, ExcerptMark]:
    """Each evidence item's excerpt against the latest capture of its source (also set as `item.excerpt_mark`)."""
    latest = latest_done_by_source(item.source_id for item in evidence)
    cache: dict = {}
    marks = {}
    for item in evidence:
        marks[item.pk] = item.excerpt_mark = mark_for(item.excerpt, item.source, latest.get(item.source_id), cache)
    return marks


def excerpts_not_found(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Evidence whose excerpt is not in the latest capture of its source (the propose step asks about these)."""
    items = [item for item in evidence]
    marks = mark_excerpts(items)
    return [item for item in items if marks[item.pk].status in ("not_found", "not_in_text")]


def previous_done(capture: Capture) -> Capture | None:
    return (
        Capture.objects.filter(source_id=capture.source_id, status=Capture.Status.DONE, captured_at__lt=capture.captured_at)
        .order_by("-captured_at", "-id")
        .first()
        if capture.captured_at
        else None
    )


_TOKEN = re.compile(r"\s+|[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


def word_diff(before: str, after: str) -> list[tuple[int, str]]:
    """(op, text) pairs, op -1 removed / 0 same / 1 added, word by word (CJK: character by character)."""
    from diff_match_patch import diff_match_patch

    vocabulary: dict[str, int] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in _TOKEN.findall(text):
            index = vocabulary.get(token)
            if index is None:
                index = vocabulary[token] = len(words)
                words.append(token)
            out.append(chr(0xF0000 + index))
        return "".join(out)

    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    a, b = encode(before), encode(after)
    if len(words) > 0x10FFFF - 0xF0000:  # more distinct words than code points to map them to: diff characters
        diffs = engine.diff_main(before, after)
        engine.diff_cleanupSemantic(diffs)
        return diffs
    diffs = engine.diff_main(a, b, False)
    return [(op, "".join(words[ord(c) - 0xF0000] for c in chunk)) for op, chunk in diffs]


def gone_sources(source_ids: Iterable[int]) -> dict[int, SourceWatch]:
    return {w.source_id: w for w in SourceWatch.objects.filter(source_id__in=set(source_ids), gone_on__isnull=False)}


def capture_context(source) -> dict:
    """What the source's desk page shows about the desk's copies of it."""
    captures = captures_of(source)
    watch = SourceWatch.objects.filter(source=source).first()
    return {
        "captures": captures,
        "watch": watch,
        "capturing": any(capture.status == Capture.Status.PENDING for capture in captures),
    }


def excerpts_lost(capture: Capture, previous: Capture | None) -> list[Evidence]:
    """Evidence on watched claims whose excerpt was in `previous` and is not in `capture` (or the page is gone)."""
    from .services import WATCHED_STATES

    items = list(
        Evidence.objects.filter(source_id=capture.source_id, claim__state__in=WATCHED_STATES).select_related(
            "claim", "claim__assigned_reviewer"
        )
    )
    before = extract.normalise(previous.title + "\n" + previous.text) if previous is not None else ""
    after = "" if capture.gone or capture.status != Capture.Status.DONE else extract.normalise(capture.title + "\n" + capture.text)
    lost = []
    for item in items:
        was_there = previous is None or extract.contains(before, item.excerpt)
        if was_there and not (after and extract.contains(after, item.excerpt)):
            lost.append(item)
    return lost


def desk_copies_of_gone(evidence: list[Evidence]) -> dict[int, Capture]:
    """For sources whose original is gone: the desk's latest copy (also set as `item.desk_copy`), for public pages."""
    gone = gone_sources(item.source_id for item in evidence if item.source.url)
    latest = latest_done_by_source(gone)
    copies = {}
    for item in evidence:
        item.desk_copy = latest.get(item.source_id)
        item.source_gone_on = gone[item.source_id].gone_on if item.source_id in gone else None
        if item.desk_copy is not None:
            copies[item.source_id] = item.desk_copy
    return copies


def public_capture(pk: int, public_claims) -> Capture:
    """A capture readers may see: successful, of a source a public fact-check cites (else DoesNotExist)."""
    capture = Capture.objects.select_related("source").get(pk=pk, status=Capture.Status.DONE)
    if not public_claims.filter(evidence__source_id=capture.source_id).exists():
        raise Capture.DoesNotExist
    return capture
