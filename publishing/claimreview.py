"""schema.org ClaimReview for a published fact-check: built here, and only here.

The public page, the feeds, the exports and the JSON API all call `page_facts` and
`claim_review`, so the page text and the machine-readable markup cannot disagree:
the template renders the same `Facts` the markup is built from.

Rating mapping (see README "Public site, ClaimReview and feeds"):
- a rating with a `value` on its scale gives integer `ratingValue`, with `bestRating` and
  `worstRating` the highest and lowest values on that rating's own scale (values start at 1,
  so `worstRating` is always >= 1);
- an off-scale rating such as *Unverifiable* has no place between true and false, so the
  numbers are omitted and only `alternateName` (the public label) and `ratingExplanation`
  are given — inventing a number would tell machines it is "somewhat false".
A retracted fact-check no longer stands as a review: it has no ClaimReview at all
(`claim_review` returns None); its page says it was retracted and why.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from claims.chains import ChainView, chain_view, first_report
from claims.models import Claim, Speaker
from claims.speakers import speaker_as_published
from claims.validators import is_web_url
from factcheck.links import absolute
from reviews.models import Correction
from claims.states import State

from .models import DeskPage

CLAIM_REVIEWED_MAX = 300


def logo_url():
    return settings.DESK_LOGO_URL or absolute(static("publishing/logo.svg"))


def canonical_url(claim):
    return absolute(reverse("publishing:claim", args=[claim.pk]))


def desk_organization():
    """The desk as the ClaimReview author."""
    return {
        "@type": "Organization",
        "name": settings.DESK_NAME,
        "url": settings.DESK_URL,
        "logo": logo_url(),
        "publishingPrinciples": absolute(reverse("publishing:page", args=[DeskPage.METHODOLOGY])),
        "correctionsPolicy": absolute(reverse("publishing:page", args=[DeskPage.CORRECTIONS_POLICY])),
    }


def shorten(text, limit=CLAIM_REVIEWED_MAX):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _iso_date(moment):
    return timezone.localtime(moment).date().isoformat() if moment else ""


@dataclass
class Appearance:
    """A work in which the claim appeared (a source that reported or carried it, or a hop of its chain).

    A hop known only by its outlet ("an AFP dispatch") has no URL: it is a work by that publisher.
    """

    url: str
    title: str
    publisher: str = ""
    date_published: str = ""
    publisher_same_as: list = field(default_factory=list)
    author: str = ""  # who said it there, when the desk knows (an appearance confirmed after publication)

    @classmethod
    def from_source(cls, source):
        return cls(
            url=source.url,
            title=source.title,
            publisher=source.outlet.name if source.outlet_id else source.publisher,
            date_published=source.published_on.isoformat() if source.published_on else "",
            publisher_same_as=_outlet_links(source.outlet) if source.outlet_id else [],
        )

    @classmethod
    def from_hop(cls, hop):
        """A hop with a web URL or an outlet; None for a hop that has neither (an offline, unnamed source)."""
        outlet = hop.effective_outlet
        url = hop.source.url if hop.source_id and is_web_url(hop.source.url) else ""
        if not url and outlet is None:
            return None
        when = hop.date_display or (hop.source.published_on.isoformat() if hop.source_id and hop.source.published_on else "")
        return cls(
            url=url,
            title=hop.source.title if hop.source_id else "",
            publisher=outlet.name if outlet else (hop.source.publisher if hop.source_id else ""),
            date_published=when,
            publisher_same_as=_outlet_links(outlet) if outlet else [],
        )


    @classmethod
    def from_repeat(cls, appearance):
        """An appearance the desk confirmed after publication (`claims.appearances.Appearance`)."""
        outlet = appearance.outlet
        return cls(
            url=appearance.url if is_web_url(appearance.url) else "",
            title=appearance.title,
            publisher=outlet.name if outlet else "",
            date_published=appearance.appeared_on.isoformat() if appearance.appeared_on else "",
            publisher_same_as=_outlet_links(outlet) if outlet else [],
            author=appearance.speaker.name if appearance.speaker_id else appearance.speaker_name,
        )


def _outlet_links(outlet):
    links = [outlet.wikidata_url] if outlet.wikidata_id else []
    if is_web_url(outlet.homepage):
        links.append(outlet.homepage)
    return links


@dataclass
class Facts:
    """Everything a reader or a machine is told about one public fact-check."""

    claim: Claim
    url: str
    claim_reviewed: str
    state: str
    date_published: str
    date_modified: str
    verdict_label: str
    summary: str
    rating_value: int | None
    best_rating: int | None
    worst_rating: int | None
    speaker_name: str
    speaker_type: str | None  # "Person", "Organization", or None when the speaker is unknown
    job_title: str
    same_as: list = field(default_factory=list)
    said_on: str = ""
    in_language: str = ""  # the statement's language, given when it is not the page's
    chain: ChainView | None = None
    first_appearance: Appearance | None = None
    appearances: list = field(default_factory=list)
    # Appearances confirmed after publication (`claims.appearances.Appearance`), oldest first: the page says
    # "Repeated on …" for the speaker's own (`is_repeat`), "Also appeared in …" for the others.
    later_appearances: list = field(default_factory=list)
    corrections: list = field(default_factory=list)  # oldest first, as a history reads
    retraction: Correction | None = None

    @property
    def first_hop(self):
        """The chain's first hop (the first report)."""
        return self.chain.first if self.chain else None

    @property
    def first_report(self):
        """`claims.chains.first_report` of the chain, for "first reported by … on …" (the same hop and
        date as `firstAppearance`)."""
        return first_report(self.chain.hops) if self.chain else None

    @property
    def is_retracted(self):
        return self.state == State.RETRACTED

    @property
    def is_corrected(self):
        return any(c.kind == Correction.Kind.CORRECTION for c in self.corrections)

    @property
    def updates(self):
        """Updates after publication, newest first: each is a public “Updated on <date>: <note>” line."""
        return [c for c in reversed(self.corrections) if c.kind == Correction.Kind.UPDATE]

    @property
    def repeated(self):
        return [a for a in self.later_appearances if a.is_repeat]

    @property
    def also_appeared(self):
        return [a for a in self.later_appearances if not a.is_repeat]

    @property
    def has_numeric_rating(self):
        return self.rating_value is not None


def scale_bounds(scale, cache=None):
    """(best, worst) integer values on a rating scale; `cache` (a dict) saves queries in bulk exports."""
    if cache is not None and scale.pk in cache:
        return cache[scale.pk]
    values = [v for v in scale.ratings.values_list("value", flat=True) if v is not None]
    bounds = (max(values), min(values)) if values else (None, None)
    if cache is not None:
        cache[scale.pk] = bounds
    return bounds


def _appearances(claim, chain=None):
    """(first appearance or None, appearances).

    With a reporting chain: every hop with a URL or an outlet appears, in the chain's order, and
    the earliest is the first appearance; attribution evidence not in the chain follows.
    Without one, from the reporting source and attribution evidence, and only a first-hand claim
    (the desk has the speaker's own words) names a first appearance: a report of a report is where
    we met the claim, not where it first appeared.
    """
    hops = chain.hops if chain else []
    if hops:
        works = [work for work in (Appearance.from_hop(hop) for hop in hops) if work is not None]
        seen = {work.url for work in works if work.url}
        for source in (e.source for e in claim.evidence.all() if e.relation == "attribution"):
            if is_web_url(source.url) and source.url not in seen:
                seen.add(source.url)
                works.append(Appearance.from_source(source))
        return (works[0] if works else None), works
    sources = []
    if claim.reported_by_id:
        sources.append(claim.reported_by)
    sources += [e.source for e in claim.evidence.all() if e.relation == "attribution"]
    seen, works = set(), []
    for source in sources:
        if is_web_url(source.url) and source.url not in seen:
            seen.add(source.url)
            works.append(Appearance.from_source(source))
    if claim.reporting == Claim.Reporting.DIRECT and works:
        dated = sorted(works, key=lambda w: (w.date_published == "", w.date_published))
        first = dated[0]
        return first, [w for w in works if w is not first]
    return None, works


def page_facts(claim, *, bounds_cache=None):
    """The facts of a public fact-check (the claim must come from `publishing.selectors`)."""
    verdict = claim.current_verdict
    rating = verdict.rating
    best = worst = value = None
    if rating.value is not None:
        best, worst = scale_bounds(rating.scale, bounds_cache)
        value = rating.value
    corrections = sorted(claim.corrections.all(), key=lambda c: (c.created_at, c.pk))
    retraction = next((c for c in reversed(corrections) if c.kind == Correction.Kind.RETRACTION), None)
    # The speaker as this version was approved: a later edit of the speaker record reaches it by a revision.
    speaker = speaker_as_published(claim)
    chain = chain_view(claim)
    first, others = _appearances(claim, chain)
    modified = [c.created_at for c in corrections]
    return Facts(
        claim=claim,
        url=canonical_url(claim),
        claim_reviewed=shorten(claim.statement),
        state=claim.state,
        date_published=_iso_date(claim.published_at),
        date_modified=_iso_date(max(modified)) if modified else "",
        verdict_label=rating.label,
        summary=verdict.summary,
        rating_value=value,
        best_rating=best,
        worst_rating=worst,
        speaker_name=speaker.name,
        speaker_type=speaker.schema_type,
        job_title=speaker.role,
        same_as=list(speaker.same_as),
        said_on=claim.said_on_display,
        in_language=_in_language(claim),
        chain=chain,
        first_appearance=first,
        appearances=others,
        later_appearances=sorted(claim.appearances.all(), key=lambda a: (a.appeared_on is None, a.appeared_on, a.pk)),
        corrections=corrections,
        retraction=retraction,
    )


def _in_language(claim):
    """The statement's language when the page (the active language) is in another one, else ""."""
    page = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    said = (claim.language or "").split("-")[0].lower()
    return claim.language if said and said not in ("other", "und") and said != page else ""  # und: undetermined


def _creative_work(work):
    data = {"@type": "CreativeWork"}
    if work.url:
        data["url"] = work.url
    if work.title:
        data["name"] = work.title
    if work.publisher:
        data["publisher"] = {"@type": "Organization", "name": work.publisher}
        if work.publisher_same_as:
            data["publisher"]["sameAs"] = work.publisher_same_as
    if work.date_published:
        data["datePublished"] = work.date_published
    if work.author:
        data["author"] = {"@type": "Person", "name": work.author}
    return data


def rating_markup(facts):
    data = {"@type": "Rating", "alternateName": facts.verdict_label}
    if facts.has_numeric_rating:
        data.update(ratingValue=facts.rating_value, bestRating=facts.best_rating, worstRating=facts.worst_rating)
    data["ratingExplanation"] = facts.summary
    return data


def claim_markup(facts):
    data = {"@type": "Claim"}
    if facts.speaker_type:
        author = {"@type": facts.speaker_type, "name": facts.speaker_name}
        if facts.job_title:
            author["jobTitle"] = facts.job_title
        if facts.same_as:
            author["sameAs"] = facts.same_as
        data["author"] = author
    if facts.said_on:
        data["datePublished"] = facts.said_on
    if facts.in_language:
        data["inLanguage"] = facts.in_language
    if facts.first_appearance:
        data["firstAppearance"] = _creative_work(facts.first_appearance)
    works = list(facts.appearances)
    seen = {w.url for w in works if w.url}
    works += [w for w in map(Appearance.from_repeat, facts.later_appearances) if not (w.url and w.url in seen)]
    if works:
        data["appearance"] = [_creative_work(w) for w in works]
    return data


def claim_review(facts):
    """The ClaimReview JSON-LD object, or None for a retracted fact-check."""
    if facts.is_retracted:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": facts.url,
        "claimReviewed": facts.claim_reviewed,
        "datePublished": facts.date_published,
    }
    if facts.date_modified:
        data["dateModified"] = facts.date_modified
    data["author"] = desk_organization()
    data["reviewRating"] = rating_markup(facts)
    data["itemReviewed"] = claim_markup(facts)
    corrections = [c for c in facts.corrections if c.kind == Correction.Kind.CORRECTION]
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.note, "datePublished": _iso_date(c.created_at)} for c in corrections
        ]
    return data


def claim_review_for(claim, *, bounds_cache=None):
    return claim_review(page_facts(claim, bounds_cache=bounds_cache))


def markup_page(facts):
    """The same review in the shape of the Fact Check Tools API `ClaimReviewMarkupPage`."""
    review = claim_review(facts)
    if review is None:
        return None
    organization = review["author"]
    markup = {"url": review["url"], "claimReviewed": review["claimReviewed"]}
    item = review["itemReviewed"]
    if "datePublished" in item:
        markup["claimDate"] = item["datePublished"]
    if item.get("firstAppearance", {}).get("url"):
        markup["claimFirstAppearance"] = item["firstAppearance"]["url"]
    if any("url" in work for work in item.get("appearance", [])):
        markup["claimAppearances"] = [work["url"] for work in item["appearance"] if "url" in work]
    if "author" in item:
        author = {"name": item["author"]["name"]}
        if "jobTitle" in item["author"]:
            author["jobTitle"] = item["author"]["jobTitle"]
        if item["author"].get("sameAs"):
            author["sameAs"] = item["author"]["sameAs"][0]
        markup["claimAuthor"] = author
    rating = review["reviewRating"]
    markup["rating"] = {"textualRating": rating["alternateName"], "ratingExplanation": rating["ratingExplanation"]}
    for ours, theirs in (("ratingValue", "ratingValue"), ("bestRating", "bestRating"), ("worstRating", "worstRating")):
        if ours in rating:
            markup["rating"][theirs] = rating[ours]
    return {
        "pageUrl": review["url"],
        "publishDate": review["datePublished"],
        "claimReviewAuthor": {"name": organization["name"], "imageUrl": organization["logo"]},
        "claimReviewMarkups": [markup],
    }


def speaker_markup(speaker, url):
    """schema.org Person or Organization for a public speaker page, with `sameAs` from its web identifiers."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization",
        "name": speaker.name,
        "url": url,
    }
    if speaker.description:
        data["description"] = speaker.description
    aliases = [a.name for a in speaker.aliases.all()]
    if aliases:
        data["alternateName"] = aliases
    same_as = [i.url for i in speaker.identifiers.all() if i.url]
    if same_as:
        data["sameAs"] = same_as
    return data
