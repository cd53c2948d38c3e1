"""A small, independent table of schema.org: which properties each type we emit may carry,
and which types a property's value may have. Written from the definitions on schema.org
(Thing → CreativeWork → Review → ClaimReview; Thing → CreativeWork → Claim; Thing → Intangible
→ Rating; Thing → Organization; Thing → Person; CreativeWork → Comment → CorrectionComment),
not from our own code, so a typo or an invented property fails the tests."""

import re

import extruct


def json_ld(response):
    """The JSON-LD items of a page, read by extruct (an independent parser), not by our own code."""
    return extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"], uniform=False)[
        "json-ld"
    ]

THING = {
    "additionalType", "alternateName", "description", "disambiguatingDescription", "identifier", "image",
    "mainEntityOfPage", "name", "potentialAction", "sameAs", "subjectOf", "url",
}
CREATIVE_WORK = THING | {
    "about", "abstract", "accessMode", "accountablePerson", "alternativeHeadline", "audience", "author", "citation",
    "comment", "commentCount", "contentLocation", "contributor", "copyrightHolder", "copyrightYear", "correction",
    "creativeWorkStatus", "creator", "dateCreated", "dateModified", "datePublished", "editor", "genre", "hasPart",
    "headline", "inLanguage", "isAccessibleForFree", "isBasedOn", "isPartOf", "keywords", "license", "mainEntity",
    "mentions", "publisher", "publishingPrinciples", "sourceOrganization", "text", "thumbnailUrl", "version",
}
REVIEW = CREATIVE_WORK | {
    "associatedClaimReview", "associatedMediaReview", "associatedReview", "itemReviewed", "negativeNotes",
    "positiveNotes", "reviewAspect", "reviewBody", "reviewRating",
}
ALLOWED = {
    "ClaimReview": REVIEW | {"claimReviewed"},
    "Claim": CREATIVE_WORK | {"appearance", "claimInterpreter", "firstAppearance"},
    "CreativeWork": CREATIVE_WORK,
    "CorrectionComment": CREATIVE_WORK | {"downvoteCount", "parentItem", "sharedContent", "upvoteCount"},
    "Rating": THING | {"author", "bestRating", "ratingExplanation", "ratingValue", "reviewAspect", "worstRating"},
    "Organization": THING | {
        "actionableFeedbackPolicy", "address", "correctionsPolicy", "diversityPolicy", "email", "ethicsPolicy",
        "founder", "foundingDate", "legalName", "logo", "memberOf", "parentOrganization", "publishingPrinciples",
        "unnamedSourcesPolicy",
    },
    "Person": THING | {
        "affiliation", "birthDate", "familyName", "givenName", "honorificPrefix", "jobTitle", "memberOf",
        "nationality", "publishingPrinciples", "worksFor",
    },
}
# Types a property's object value may have (subtypes listed explicitly).
RANGES = {
    "author": {"Organization", "Person"},
    "publisher": {"Organization", "Person"},
    "itemReviewed": {"Claim"},  # Thing in schema.org; a ClaimReview reviews a Claim
    "reviewRating": {"Rating"},
    "appearance": {"CreativeWork"},
    "firstAppearance": {"CreativeWork"},
    "correction": {"CorrectionComment"},
}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_PROPERTIES = {"datePublished", "dateModified"}


def problems(node, path="$"):
    """Every way `node` (a JSON-LD object) breaks the table: unknown types, unknown properties, wrong ranges."""
    found = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += problems(item, f"{path}[{i}]")
        return found
    if not isinstance(node, dict):
        return found
    kind = node.get("@type")
    if kind not in ALLOWED:
        return [f"{path}: unknown @type {kind!r}"]
    for key, value in node.items():
        if key in ("@context", "@type"):
            continue
        if key not in ALLOWED[kind]:
            found.append(f"{path}.{key}: not a property of {kind}")
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, dict) and key in RANGES and item.get("@type") not in RANGES[key]:
                found.append(f"{path}.{key}: a {item.get('@type')} is not a valid value")
            if key in DATE_PROPERTIES and not (isinstance(item, str) and DATE.match(item)):
                found.append(f"{path}.{key}: {item!r} is not an ISO date")
        found += problems(value, f"{path}.{key}")
    return found
