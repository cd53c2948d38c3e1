"""Reading a feed's body into its entries: RSS and Atom through `feedparser` (given bytes, never a URL,
so it never fetches anything itself), JSON Feed (1.0/1.1) and news sitemaps (a site without a feed) read
here, as feedparser 6.0 reads neither."""

from __future__ import annotations

import dataclasses
import datetime
import json
from urllib.parse import urljoin
from xml.etree import ElementTree

import feedparser

JSON_TYPES = frozenset({"application/feed+json", "application/json"})


class NotAFeed(ValueError):
    """The body is neither RSS, Atom nor JSON Feed."""


@dataclasses.dataclass(frozen=True)
class Entry:
    url: str
    guid: str
    title: str
    published: datetime.date | None


def parse(body: bytes, content_type: str, base_url: str) -> tuple[str, list[Entry]]:
    """(the feed's title, its entries with an http(s) link), newest first as the feed lists them."""
    if content_type in JSON_TYPES or body.lstrip()[:1] == b"{":
        return _json_feed(body, base_url)
    if b"<urlset" in body[:4096] or b"<sitemapindex" in body[:4096]:
        return _sitemap(body, base_url)
    parsed = feedparser.parse(body, response_headers={"content-location": base_url, "content-type": content_type or "application/xml"})
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed(str(parsed.get("bozo_exception") or "no RSS or Atom element"))
    entries = []
    for item in parsed.entries:
        url = _link(item.get("link") or "", base_url)
        if not url:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = datetime.date(*stamp[:3]) if stamp else None
        entries.append(Entry(url=url, guid=(item.get("id") or "")[:2000], title=(item.get("title") or "")[:500], published=published))
    return (parsed.feed.get("title") or "")[:200], entries


def _link(value: str, base_url: str) -> str:
    url = urljoin(base_url, value.strip())
    return url[:2000] if url.startswith(("http://", "https://")) else ""


def _json_feed(body: bytes, base_url: str) -> tuple[str, list[Entry]]:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotAFeed(f"not JSON: {error}") from error
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise NotAFeed("a JSON document without a JSON Feed version")
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        url = _link(str(item.get("url") or item.get("external_url") or ""), base_url)
        if not url:
            continue
        published = None
        stamp = str(item.get("date_published") or item.get("date_modified") or "")
        try:
            published = datetime.date.fromisoformat(stamp[:10]) if stamp else None
        except ValueError:
            published = None
        entries.append(Entry(url=url, guid=str(item.get("id") or "")[:2000], title=str(item.get("title") or "")[:500], published=published))
    return str(data.get("title") or "")[:200], entries


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sitemap(body: bytes, base_url: str) -> tuple[str, list[Entry]]:
    """A sitemap's pages, newest first (`lastmod`, or a Google News sitemap's `news:publication_date` and
    `news:title`). ElementTree resolves no external entity; expat caps entity expansion."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise NotAFeed(f"not XML: {error}") from error
    if _local(root.tag) == "sitemapindex":
        raise NotAFeed("a sitemap index: follow one of the news sitemaps it lists instead")
    if _local(root.tag) != "urlset":
        raise NotAFeed("no urlset element")
    entries = []
    for item in root:
        fields = {}
        for child in item.iter():
            name = _local(child.tag)
            if name in ("loc", "lastmod", "publication_date", "title") and name not in fields:
                fields[name] = (child.text or "").strip()
        url = _link(fields.get("loc", ""), base_url)
        if not url:
            continue
        stamp = fields.get("publication_date") or fields.get("lastmod") or ""
        try:
            published = datetime.date.fromisoformat(stamp[:10]) if stamp else None
        except ValueError:
            published = None
        entries.append(Entry(url=url, guid="", title=fields.get("title", "")[:500], published=published))
    entries.sort(key=lambda entry: entry.published or datetime.date.min, reverse=True)
    return "", entries
