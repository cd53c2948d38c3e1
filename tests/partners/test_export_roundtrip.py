"""Our ClaimReview export, for desks that import us: JSON Lines and a DataFeed (`application/ld+json`), both with
dateModified and `?since=`; our own importer reads our DataFeed back into the same reviews."""

import datetime
import json

import pytest
from django.core.cache import cache

from partners import services
from partners.models import ExternalFactCheck

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(make_claim, advance):
    first = advance(make_claim(statement="The harbour was sold for one euro.", with_refutation=True), "published", rating="False")
    second = advance(make_claim(statement="Bread prices tripled in a year.", with_refutation=True), "published", rating="True")
    make_claim(statement="A draft nobody may see.")
    return first, second


def test_the_datafeed_lists_every_standing_review_with_date_modified(client, published):
    response = client.get("/exports/claimreview.json")

    feed = json.loads(response.content)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    assert feed["@type"] == "DataFeed" and feed["dateModified"]
    assert sorted(element["claimReviewed"] for element in feed["dataFeedElement"]) == ["Bread prices tripled in a year.", "The harbour was sold for one euro."]
    jsonl = [json.loads(line) for line in client.get("/exports/claimreview.jsonl").content.decode().splitlines()]
    assert [r["url"] for r in jsonl] == [r["url"] for r in feed["dataFeedElement"]]  # one builder, two shapes


def test_since_keeps_the_reviews_modified_on_or_after_it_and_a_bad_date_is_a_400(client, published):
    today = datetime.date.today()
    for path in ("/exports/claimreview.json", "/exports/claimreview.jsonl"):
        everything = client.get(path, {"since": (today - datetime.timedelta(days=1)).isoformat()}).content.decode()
        nothing = client.get(path, {"since": (today + datetime.timedelta(days=2)).isoformat()}).content.decode()
        assert "The harbour was sold for one euro." in everything and "The harbour" not in nothing
        refused = client.get(path, {"since": "yesterday"})
        assert refused.status_code == 400 and "2024-05-31" in refused.content.decode()


def test_our_datafeed_imported_by_our_importer_gives_the_same_reviews(client, published, httpserver, partner):
    feed = json.loads(client.get("/exports/claimreview.json").content)
    httpserver.expect_request("/exports/claimreview.json").respond_with_data(json.dumps(feed), content_type="application/ld+json")
    ourselves = partner(httpserver.url_for("/exports/claimreview.json"), name="Our own desk")

    [result] = services.poll_due()

    assert result.imported == 2
    imported = {row.url: row for row in ExternalFactCheck.objects.filter(partner=ourselves)}
    for review in feed["dataFeedElement"]:
        row = imported[review["url"]]
        rating = review["reviewRating"]
        assert row.claim_reviewed == review["claimReviewed"]
        assert row.rating_text == rating["alternateName"]
        assert row.rating_value == (float(rating["ratingValue"]) if "ratingValue" in rating else None)
        assert row.publisher == review["author"]["name"]
        assert row.claimant == review["itemReviewed"]["author"]["name"]
        assert row.date_published.isoformat() == review["datePublished"]
        assert (row.date_modified.isoformat() if row.date_modified else "") == review.get("dateModified", "")
