"""Feeds and exports: what aggregators, partner desks and editors download."""

import csv
import io
import json

import feedparser
import pytest

from .schema_org import problems


@pytest.fixture
def site(make_claim, advance, correct, retract):
    published = advance(make_claim(statement="Published claim.", with_refutation=True), "published", rating="False")
    corrected = correct(
        advance(make_claim(statement="Corrected claim.", with_refutation=True), "published", rating="True"),
        label="Misleading",
        note="New figures were released.",
    )
    retracted = retract(advance(make_claim(statement="Retracted claim.", with_refutation=True), "published"), note="Wrong speaker.")
    draft = make_claim(statement="Draft claim.")
    return published, corrected, retracted, draft


@pytest.mark.parametrize("url, version", [("/feeds/fact-checks.rss", "rss20"), ("/feeds/fact-checks.atom", "atom10")])
def test_it_publishes_feeds_of_standing_fact_checks_that_parse_cleanly(client, site, url, version):
    published, corrected, _retracted, _draft = site

    response = client.get(url)
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    # The correction is an entry of its own (the latest change), linking the version it created.
    assert titles == ["Corrected: Corrected claim.", "Misleading: Corrected claim.", "False: Published claim."]
    assert feed.entries[0].link == f"http://testserver/fact-checks/{corrected.pk}/versions/2/"
    assert "New figures were released." in feed.entries[0].summary
    assert feed.entries[1].link == f"http://testserver/fact-checks/{corrected.pk}/"


def test_it_exports_claimreview_as_json_lines_for_standing_fact_checks_only(client, site):
    published, corrected, _retracted, _draft = site

    response = client.get("/exports/claimreview.jsonl")
    reviews = [json.loads(line) for line in response.content.decode().splitlines()]

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/jsonl")
    assert [r["claimReviewed"] for r in reviews] == ["Corrected claim.", "Published claim."]  # newest first
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert problems(review) == []


def test_it_exports_the_fact_check_tools_markup_page_shape(client, site):
    _published, corrected, _retracted, _draft = site

    pages = client.get("/exports/claimreview-markup-pages.json").json()["claimReviewMarkupPages"]
    page = next(p for p in pages if p["claimReviewMarkups"][0]["claimReviewed"] == "Corrected claim.")

    assert set(page) == {"pageUrl", "publishDate", "claimReviewAuthor", "claimReviewMarkups"}
    assert page["pageUrl"] == f"http://localhost:8000/fact-checks/{corrected.pk}/"
    assert page["publishDate"] == corrected.published_at.date().isoformat()
    assert page["claimReviewAuthor"] == {"name": "Fact-check Desk", "imageUrl": "http://localhost:8000/static/publishing/logo.svg"}
    markup = page["claimReviewMarkups"][0]
    assert markup["claimAuthor"] == {"name": corrected.speaker.name}
    assert markup["claimAppearances"] == [corrected.evidence.get(relation="attribution").source.url]
    assert markup["rating"] == {
        "textualRating": "Misleading",
        "ratingValue": 2,
        "bestRating": 4,
        "worstRating": 1,
        "ratingExplanation": "Corrected summary.",
    }
    assert len(pages) == 2


def test_it_gives_editors_a_csv_of_claims_that_respects_the_desk_filters(client, site, editor):
    published, corrected, retracted, draft = site
    client.force_login(editor)

    everything = client.get("/desk/claims/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(everything.streaming_content).decode("utf-8-sig"))))

    assert everything.status_code == 200
    assert everything["Content-Type"].startswith("text/csv")
    assert {r["statement"] for r in rows} == {"Published claim.", "Corrected claim.", "Retracted claim.", "Draft claim."}
    corrected_row = next(r for r in rows if r["statement"] == "Corrected claim.")
    assert corrected_row["rating"] == "Misleading"
    assert corrected_row["public_url"] == f"http://localhost:8000/fact-checks/{corrected.pk}/"
    assert next(r for r in rows if r["statement"] == "Draft claim.")["public_url"] == ""

    drafts = client.get("/desk/claims/export.csv?state=draft")
    rows = list(csv.DictReader(io.StringIO(b"".join(drafts.streaming_content).decode("utf-8-sig"))))
    assert [r["statement"] for r in rows] == ["Draft claim."]


def test_it_defuses_spreadsheet_formulas_in_the_csv(client, make_claim, editor):
    make_claim(statement='=HYPERLINK("https://evil.example","click")')
    make_claim(statement="+1 more", speaker_description="@someone")
    make_claim(statement="-2 less")
    client.force_login(editor)

    body = b"".join(client.get("/desk/claims/export.csv").streaming_content).decode("utf-8-sig")
    statements = {r["statement"] for r in csv.DictReader(io.StringIO(body))}

    assert statements == {"'=HYPERLINK(\"https://evil.example\",\"click\")", "'+1 more", "'-2 less"}
    assert "'@someone" in body


def test_it_keeps_the_csv_to_the_desk(client, site, outsider):
    assert client.get("/desk/claims/export.csv").status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get("/desk/claims/export.csv").status_code == 403


def test_it_answers_400_for_a_malformed_csv_filter(client, site, editor):
    client.force_login(editor)

    response = client.get("/desk/claims/export.csv?said_from=not-a-date")

    assert response.status_code == 400
    assert "Said on or after" in response.content.decode()


# Field names of the Fact Check Tools API v1alpha1 messages (ClaimReviewMarkupPage and its parts),
# from Google's API reference, so a misspelt field fails here.
FACT_CHECK_TOOLS_FIELDS = {
    "page": {"name", "pageUrl", "publishDate", "claimReviewAuthor", "claimReviewMarkups", "versionId"},
    "claimReviewAuthor": {"name", "imageUrl"},
    "markup": {
        "url", "claimReviewed", "claimDate", "claimLocation", "claimFirstAppearance", "claimAppearances",
        "claimAuthor", "rating",
    },
    "claimAuthor": {"name", "jobTitle", "imageUrl", "sameAs"},
    "rating": {"textualRating", "ratingValue", "bestRating", "worstRating", "ratingExplanation", "imageUrl"},
}


def test_it_uses_only_fact_check_tools_field_names(client, site, make_claim, make_speaker, advance):
    import datetime

    from claims.models import SpeakerIdentifier, SpeakerRole

    speaker = make_speaker("Volodymyr Zelenskyy")
    SpeakerRole.objects.create(speaker=speaker, title="President of Ukraine", start_date=datetime.date(2019, 5, 20))
    SpeakerIdentifier.objects.create(speaker=speaker, scheme="wikidata", value="Q3881")
    advance(make_claim(speaker=speaker, said_on=datetime.date(2022, 12, 21), said_on_precision="day", reporting="direct", with_refutation=True), "published")

    pages = client.get("/exports/claimreview-markup-pages.json").json()["claimReviewMarkupPages"]

    for page in pages:
        assert set(page) <= FACT_CHECK_TOOLS_FIELDS["page"]
        assert set(page["claimReviewAuthor"]) <= FACT_CHECK_TOOLS_FIELDS["claimReviewAuthor"]
        for markup in page["claimReviewMarkups"]:
            assert set(markup) <= FACT_CHECK_TOOLS_FIELDS["markup"]
            assert set(markup.get("claimAuthor", {})) <= FACT_CHECK_TOOLS_FIELDS["claimAuthor"]
            assert set(markup["rating"]) <= FACT_CHECK_TOOLS_FIELDS["rating"]
    zelenskyy = next(p for p in pages if p["claimReviewMarkups"][0].get("claimAuthor", {}).get("name") == "Volodymyr Zelenskyy")
    markup = zelenskyy["claimReviewMarkups"][0]
    assert markup["claimAuthor"] == {
        "name": "Volodymyr Zelenskyy",
        "jobTitle": "President of Ukraine",
        "sameAs": "https://www.wikidata.org/wiki/Q3881",
    }
    assert markup["claimDate"] == "2022-12-21"
    assert markup["claimFirstAppearance"].startswith("https://news.example/")
