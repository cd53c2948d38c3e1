"""The one sanitiser: every piece of user text that becomes HTML goes through `render_markdown`.

Markdown is parsed by markdown-it-py (CommonMark, raw HTML switched off, so
`<b>` in a comment is shown as text) and the resulting HTML is then cleaned by
bleach against an explicit allow-list. Two independent layers: a parser bug
that lets markup through still meets the allow-list, and an allow-list gap
still only sees markdown-it's own output.

bleach is deprecated upstream; this module is the only place that imports it,
so it can be swapped (e.g. for nh3/justhtml) without touching any caller.
Rendered HTML is cached next to its source by callers together with
`SANITIZER_VERSION`; bump the version whenever the policy below changes so
cached HTML is re-rendered.

The policy (documented in README "Comment threads and allowed Markdown"):
- tags: ALLOWED_TAGS; anything else is stripped (its text kept);
- attributes: `href`/`title`/`rel` on links, `start` on ordered lists,
  `class="language-…"` on code; never `style` or `on*`;
- links: only http, https and mailto; every link gets
  `rel="nofollow noopener noreferrer"`; bare http(s) URLs become links;
- no images (a Markdown image becomes a link to it, under the link rules), no svg, math,
  noscript, style, iframe, script, object, embed, form elements;
- explicit bidirectional override/isolate controls (U+202A–U+202E,
  U+2066–U+2069) are removed so a comment cannot visually reverse text
  around it; ordinary right-to-left scripts and LRM/RLM marks are kept.
"""

import re
from html import escape
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

SANITIZER_VERSION = 1

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "s",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,40}$")
# Explicit bidi embeddings/overrides/isolates: used for "Trojan source" spoofing.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _allowed_attribute(tag, name, value):
    if tag == "a":
        return name in {"href", "title", "rel"}
    if tag == "ol":
        return name == "start" and value.isdigit()
    if tag == "code":
        return name == "class" and bool(_LANGUAGE_CLASS.match(value))
    return False


def _safe_href(href):
    """True only for absolute http(s)/mailto URLs (after bleach has normalised entities)."""
    if not href or any(ch.isspace() or ord(ch) < 32 for ch in href):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme.lower() not in ALLOWED_PROTOCOLS:
        return False
    if parts.scheme.lower() == "mailto":
        return bool(parts.path)
    return bool(parts.netloc)


def _link_policy(attrs, new=False):
    """bleach linkify callback, run on every link (existing and new): drop unsafe ones, set rel."""
    href = attrs.get((None, "href"), "")
    if not _safe_href(href):
        return None  # the link is removed, its text stays
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _image_as_link(self, tokens, idx, options, env):
    """Images would load from anywhere (tracking pixels, spoofed screenshots): link to them instead."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or token.attrGet("src") or ""
    return f'<a href="{escape(token.attrGet("src") or "")}">{escape(alt)}</a>'


_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])
_markdown.add_render_rule("image", _image_as_link)

_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        lambda source: LinkifyFilter(
            source=source, callbacks=[_link_policy], skip_tags={"pre", "code"}, parse_email=False
        )
    ],
)


def render_markdown(text) -> SafeString:
    """Markdown source → sanitised HTML, safe to put in any template."""
    if not text:
        return mark_safe("")
    text = _BIDI_CONTROLS.sub("", str(text))
    html = _markdown.render(text)
    return mark_safe(_cleaner.clean(html).strip())
