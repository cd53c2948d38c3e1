"""From a fetched body to text: charset, main text and title (trafilatura), date hint (htmldate), PDF (pypdf).

Also the one comparison of excerpts with captured text (`normalise`, `contains`).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import re
import unicodedata

from factcheck.text import machine_text

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
TEXT_TYPES = frozenset({"text/plain"})
MAX_PDF_PAGES = 500
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Extracted:
    title: str = ""
    text: str = ""
    published: datetime.date | None = None
    note: str = ""  # why there is no text, when there is none


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def decode_html(body: bytes, declared: str = "") -> str:
    """Decode with the declared charset if it really decodes, else the page's <meta>, else detection.

    A mislabelled page (Shift_JIS sent as UTF-8, windows-1251 with no label) still reads right.
    """
    meta = _META_CHARSET.search(body[:4096])
    candidates = [declared, meta.group(1).decode("ascii", "ignore") if meta else ""]
    for charset in candidates:
        if not charset:
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("utf-8", errors="replace")


def max_text_chars() -> int:
    from django.conf import settings

    return int(getattr(settings, "CAPTURE_TEXT_MAX_CHARS", 1_000_000))


def extract(body: bytes, content_type: str, charset: str = "", url: str = "") -> Extracted:
    """The page's title and main text without control characters, the text cut at CAPTURE_TEXT_MAX_CHARS
    (the note says so: the body itself is kept whole in the WARC)."""
    found = _extract(body, content_type, charset, url)
    text, title, note = machine_text(found.text), machine_text(found.title), found.note
    limit = max_text_chars()
    if len(text) > limit:
        note = "; ".join(filter(None, [note, f"text cut at {limit:,} of {len(text):,} characters"]))
        text = text[:limit]
    return dataclasses.replace(found, text=text, title=title, note=note)


def _extract(body: bytes, content_type: str, charset: str = "", url: str = "") -> Extracted:
    if content_type in PDF_TYPES or body[:5] == b"%PDF-":
        return _pdf(body)
    if content_type in TEXT_TYPES:
        return Extracted(text=decode_html(body, charset).strip())
    if content_type not in HTML_TYPES:
        return Extracted(note="stored as-is")
    return _html(decode_html(body, charset), url)


def _html(html: str, url: str) -> Extracted:
    import lxml.html
    import trafilatura
    from htmldate import find_date

    if not html.strip():
        return Extracted(note="empty page")
    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # lxml refuses some documents (e.g. only an XML declaration)
        return Extracted(note="unreadable HTML")
    title_node = tree.find(".//title")
    title = " ".join((title_node.text_content() if title_node is not None else "").split())
    text = trafilatura.extract(html, url=url or None, include_comments=False, include_tables=True, favor_recall=True) or ""
    published = None
    try:
        found = find_date(tree, url=url or None, outputformat="%Y-%m-%d", extensive_search=False)
        if found:
            published = datetime.date.fromisoformat(found)
    except Exception:  # a hint only: never fail a capture over it
        published = None
    note = "" if text else "no text found (the page may need JavaScript)"
    return Extracted(title=title[:500], text=text, published=published, note=note)


def _pdf(body: bytes) -> Extracted:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(body))
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
        title = str((reader.metadata or {}).get("/Title") or "")
    except Exception:  # a broken PDF is still stored as-is with its hash
        return Extracted(note="PDF text could not be extracted")
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    return Extracted(title=title[:500], text=text, note="" if text else "PDF without a text layer")


# --- Comparing an excerpt with captured text -------------------------------------------------------

_QUOTES = {c: '"' for c in "\"'“”„‟«»「」『』〝〞＂″‘’‚‛‹›′＇`´"}
_DASHES = {c: "-" for c in "‐‑‒–—―−"}
_INVISIBLE = {c: None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"}
_TABLE = str.maketrans({**_QUOTES, **_DASHES, **_INVISIBLE})
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\.{3,}|…")


def normalise(text: str) -> str:
    """NFKC, case-folded, one quote style, one dash, no whitespace at all (CJK has none to compare)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    return _SPACE.sub("", text)


def contains(haystack_normalised: str, excerpt: str) -> bool:
    """True if every part of the excerpt (split at an ellipsis, which marks an omission) is found in order."""
    parts = [normalise(part) for part in _ELLIPSIS.split(unicodedata.normalize("NFKC", excerpt))]
    parts = [part for part in parts if part]
    if not parts:
        return False
    position = 0
    for part in parts:
        found = haystack_normalised.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True
