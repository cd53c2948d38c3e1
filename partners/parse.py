"""Reading a partner's address: ClaimReview objects out of JSON-LD, microdata (both through extruct), a
DataFeed, JSON Lines, or the page list of a sitemap. Given bytes only: fetching is `partners.polling`'s.

Every field is normalised to plain text (`factcheck.text.machine_text`) and cut to its column, so a
partner's markup never reaches a template or the database unbounded; templates escape it as any text."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from xml.etree import ElementTree

import extruct

from factcheck.text import machine_text

PAGE_LIMIT = 200


class NotClaimReview(ValueError):
    """The address serves nothing this importer reads."""


@dataclasses.dataclass
class Review:
    url: str
    claim_reviewed: str
    claimant: str = ""
    rating_text: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    publisher: str = ""
    date_published: datetime.date | None = None
    date_modified: datetime.date | None = None
    language: str = ""


@dataclasses.dataclass
class Parsed:
    reviews: list[Review]
    pages: list[tuple[str, str]]  # (url, lastmod) a sitemap or page list asks to fetch


def _text(value, limit: int) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if not isinstance(value, (str, int, float)):
        return ""
    return " ".join(machine_text(str(value)).split())[:limit]


def _number(value) -> float | None:
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) < 1e9 else None  # no NaN, no absurd scale


def _date(value) -> datetime.date | None:
    text = _text(value, 40)
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def _is_type(item, name: str) -> bool:
    kind = item.get("@type") if isinstance(item, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == name for k in kinds)


def _claim_reviews(data) -> list[dict]:
    """Every ClaimReview object in a JSON-LD document (top level, a list, an @graph, a DataFeed's elements)."""
    found = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if _is_type(item, "ClaimReview"):
                found.append(item)
                continue
            for key in ("@graph", "dataFeedElement", "item", "mainEntity"):
                if key in item:
                    stack.append(item[key])
    return found


def review_of(data: dict, page_url: str = "") -> Review | None:
    """One ClaimReview object as a Review; None without an address or a claim reviewed."""
    url = _text(data.get("url"), 1000) or page_url
    claim = _text(data.get("claimReviewed"), 5000)
    if not url.startswith(("http://", "https://")) or not claim:
        return None
    rating = data.get("reviewRating") if isinstance(data.get("reviewRating"), dict) else {}
    item = data.get("itemReviewed") if isinstance(data.get("itemReviewed"), dict) else {}
    author = data.get("author")
    if isinstance(author, list):
        author = author[0] if author else {}
    language = _text(data.get("inLanguage") or item.get("inLanguage"), 35)
    return Review(
        url=url,
        claim_reviewed=claim,
        claimant=_text(item.get("author"), 300),
        rating_text=_text(rating.get("alternateName") or rating.get("name"), 300),
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        publisher=_text(author, 300),
        date_published=_date(data.get("datePublished")),
        date_modified=_date(data.get("dateModified")),
        language=language,
    )


def _reviews(objects, page_url: str = "") -> list[Review]:
    return [review for review in (review_of(item, page_url) for item in objects) if review is not None]


def _sitemap(body: bytes) -> list[tuple[str, str]]:
    try:
        root = ElementTree.fromstring(body)  # the stdlib parser expands no external entities
    except ElementTree.ParseError as error:
        raise NotClaimReview(f"XML: {error}") from error
    pages = []
    for node in root.iter():
        if node.tag.rsplit("}", 1)[-1] in ("url", "sitemap"):
            loc = lastmod = ""
            for child in node:
                name = child.tag.rsplit("}", 1)[-1]
                if name == "loc":
                    loc = (child.text or "").strip()
                elif name == "lastmod":
                    lastmod = (child.text or "").strip()[:64]
            if loc.startswith(("http://", "https://")):
                pages.append((loc[:1000], lastmod))
    return pages[:PAGE_LIMIT]


def parse(body: bytes, content_type: str, url: str) -> Parsed:
    """What the address holds: its reviews, and the pages it lists (a sitemap or a plain list of addresses)."""
    text = body.decode("utf-8", "replace").lstrip("\ufeff")
    head = text.lstrip()[:200].lower()
    if content_type in ("application/jsonl", "application/x-ndjson", "application/jsonlines") or (
        content_type not in ("application/json", "application/ld+json") and head.startswith("{") and "\n{" in text
    ):
        objects = []
        for line in text.splitlines():
            if line.strip():
                try:
                    objects.append(json.loads(line))
                except ValueError as error:
                    raise NotClaimReview(f"JSON Lines: {error}") from error
        return Parsed(_reviews(_claim_reviews(objects)), [])
    if content_type.endswith("json") or head.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise NotClaimReview(f"JSON: {error}") from error
        return Parsed(_reviews(_claim_reviews(data)), [])
    if head.startswith("<?xml") or "<urlset" in head or "<sitemapindex" in head:
        if "<html" not in head:
            return Parsed([], _sitemap(body))
    if content_type == "text/plain":
        pages = [(line.strip()[:1000], "") for line in text.splitlines() if line.strip().startswith(("http://", "https://"))]
        return Parsed([], pages[:PAGE_LIMIT])
    try:
        found = extruct.extract(text, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True, errors="ignore")
    except Exception as error:  # extruct raises what its parsers raise
        raise NotClaimReview(f"HTML: {error}") from error
    objects = _claim_reviews(found.get("json-ld", [])) + _claim_reviews(found.get("microdata", []))
    return Parsed(_reviews(objects, url), [])
