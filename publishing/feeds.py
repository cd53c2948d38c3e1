"""RSS and Atom feeds of fact-checks whose verdict stands (published and corrected), newest first,
with one more entry for every update and correction (linking the version it created)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.links import absolute
from factcheck.text import xml_safe

from . import selectors
from .claimreview import page_facts

FEED_SIZE = 50


def _xml_safe(value):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (list, tuple)):
        return [_xml_safe(item) for item in value]
    return value


class XmlSafeFeedMixin:
    """Every string a feed writes loses the characters XML 1.0 cannot carry (U+FFFD instead).

    The text rule refuses them on input; this is defence in depth for rows stored before
    the rule existed, so one bad character can never take the feed down for everyone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*[_xml_safe(a) for a in args], **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*[_xml_safe(a) for a in args], **{k: _xml_safe(v) for k, v in kwargs.items()})


class SafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class SafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


@dataclass
class Change:
    """A feed entry for an update or a correction: the version it put in force."""

    facts: object
    correction: object
    number: int

    @property
    def url(self):
        return reverse("publishing:claim_version", args=[self.facts.claim.pk, self.number])


def _changes(facts_list):
    """(Change, …) for every update and correction of the fact-checks in `facts_list`."""
    changes = []
    for facts in facts_list:
        for number, correction in enumerate(selectors.version_changes(facts.claim), start=2):
            changes.append(Change(facts, correction, number))
    return changes


class FactCheckFeed(Feed):
    feed_type = SafeRssFeed
    description = gettext_lazy("The latest fact-checks and corrections from the desk.")

    def title(self):
        return _("%(desk)s: fact-checks") % {"desk": settings.DESK_NAME}

    def link(self):
        return reverse("publishing:index")

    def items(self):
        # Order by last change, so a correction brings a fact-check back to the top.
        claims = selectors.with_page_data(selectors.standing_claims()).order_by("-updated_at", "-id")[:FEED_SIZE]
        cache = {}
        facts_list = [page_facts(claim, bounds_cache=cache) for claim in claims]
        entries = [*facts_list, *_changes(facts_list)]
        entries.sort(key=lambda e: e.correction.created_at if isinstance(e, Change) else e.claim.published_at, reverse=True)
        return entries[:FEED_SIZE]

    def item_title(self, facts):
        if isinstance(facts, Change):
            label = _("Updated") if facts.correction.kind == "update" else _("Corrected")
            return f"{label}: {facts.facts.claim_reviewed}"
        return f"{facts.verdict_label}: {facts.claim_reviewed}"

    def item_description(self, facts):
        if isinstance(facts, Change):
            template = (
                _("Updated on %(date)s: %(note)s") if facts.correction.kind == "update" else _("Corrected on %(date)s: %(note)s")
            )
            return template % {"date": facts.correction.created_at.date().isoformat(), "note": facts.correction.note}
        text = _("Said by %(speaker)s. Verdict: %(verdict)s. %(summary)s") % {
            "speaker": facts.speaker_name or _("an unknown speaker"),
            "verdict": facts.verdict_label,
            "summary": facts.summary,
        }
        if facts.is_corrected:
            latest = [c for c in facts.corrections if c.kind == "correction"][-1]
            text += " " + _("Corrected on %(date)s: %(note)s") % {"date": facts.date_modified, "note": latest.note}
        return text

    def item_link(self, facts):
        if isinstance(facts, Change):
            return facts.url
        return reverse("publishing:claim", args=[facts.claim.pk])

    def item_guid(self, facts):
        return absolute(facts.url) if isinstance(facts, Change) else facts.url

    item_guid_is_permalink = True

    def item_pubdate(self, facts):
        return facts.correction.created_at if isinstance(facts, Change) else facts.claim.published_at

    def item_updateddate(self, facts):
        return facts.correction.created_at if isinstance(facts, Change) else facts.claim.updated_at

    def item_author_name(self, facts):
        return settings.DESK_NAME

    def item_categories(self, facts):
        facts = facts.facts if isinstance(facts, Change) else facts
        return [tag.name for tag in facts.claim.tags.all()]


class FactCheckAtomFeed(FactCheckFeed):
    feed_type = SafeAtomFeed
    subtitle = FactCheckFeed.description
