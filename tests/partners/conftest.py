"""Partner desks served by a local HTTP server (pytest-httpserver): tests never touch the internet."""

import json

import pytest

from partners.models import Partner

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def partners_env(settings, local_fetch):
    """The fetcher may reach 127.0.0.1 only; fast timeouts; tasks run at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


@pytest.fixture
def partner(partners_env, chief):
    def make(url, name="Lie Detectors", **fields):
        return Partner.objects.create(name=name, url=url, added_by=chief, **fields)

    return make


def claim_review(url, claim, *, rating="False", value=1, claimant="Jane Minister", date="2024-03-01", modified="", language="en", publisher="Lie Detectors"):
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "datePublished": date,
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": {"@type": "Rating", "alternateName": rating, "ratingValue": value, "bestRating": 5, "worstRating": 1},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant}},
        "inLanguage": language,
    }
    if modified:
        review["dateModified"] = modified
    return review


def json_ld_page(*reviews):
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(r)}</script>' for r in reviews)
    return f"<html><head><title>Fact-check</title>{scripts}</head><body><p>Our check.</p></body></html>"


def microdata_page(url, claim, rating, claimant="Jane Minister", date="2024-04-02"):
    return f"""<html><body>
<div itemscope itemtype="https://schema.org/ClaimReview">
  <link itemprop="url" href="{url}">
  <span itemprop="claimReviewed">{claim}</span>
  <meta itemprop="datePublished" content="{date}">
  <div itemprop="author" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Lie Detectors</span></div>
  <div itemprop="itemReviewed" itemscope itemtype="https://schema.org/Claim">
    <div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">{claimant}</span></div>
  </div>
  <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">
    <span itemprop="alternateName">{rating}</span><meta itemprop="ratingValue" content="2">
  </div>
</div></body></html>"""


def sitemap(*pages):
    urls = "".join(f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>" for loc, lastmod in pages)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
