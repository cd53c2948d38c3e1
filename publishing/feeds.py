"""RSS and Atom feeds of fact-checks whose verdict stands (published and corrected), newest first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        return [page_facts(claim, bounds_cache=cache) for claim in claims]

    def item_title(self, facts):
        return f"{facts.verdict_label}: {facts.claim_reviewed}"

    def item_description(self, facts):
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
        return reverse("publishing:claim", args=[facts.claim.pk])

    def item_guid(self, facts):
        return facts.url

    item_guid_is_permalink = True

    def item_pubdate(self, facts):
        return facts.claim.published_at

    def item_updateddate(self, facts):
        return facts.claim.updated_at

    def item_author_name(self, facts):
        return settings.DESK_NAME

    def item_categories(self, facts):
        return [tag.name for tag in facts.claim.tags.all()]


class FactCheckAtomFeed(FactCheckFeed):
    feed_type = SafeAtomFeed
    subtitle = FactCheckFeed.description
