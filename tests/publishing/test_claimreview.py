"""ClaimReview JSON-LD on public fact-check pages, read back by an independent extractor (extruct)."""

import datetime

import pytest
from bs4 import BeautifulSoup

from claims.models import Claim, Evidence, SpeakerIdentifier, SpeakerRole

from .schema_org import json_ld, problems


def text_of(soup, selector):
    return " ".join(soup.select_one(selector).get_text(" ").split())


@pytest.fixture
def kuleba(make_speaker):
    speaker = make_speaker("Dmytro Kuleba")
    SpeakerRole.objects.create(
        speaker=speaker,
        title="Minister of Foreign Affairs of Ukraine",
        start_date=datetime.date(2020, 3, 4),
        end_date=datetime.date(2024, 9, 5),
    )
    SpeakerRole.objects.create(speaker=speaker, title="Deputy Prime Minister", end_date=datetime.date(2020, 3, 3))
    SpeakerIdentifier.objects.create(speaker=speaker, scheme="wikidata", value="Q2354404")
    SpeakerIdentifier.objects.create(speaker=speaker, scheme="website", value="https://kuleba.example/")
    return speaker


@pytest.fixture
def published(make_claim, make_source, kuleba, advance):
    claim = make_claim(
        speaker=kuleba,
        statement="No decisions were taken in Minsk.",
        said_on=datetime.date(2022, 12, 20),
        said_on_precision="day",
        reporting="direct",
        with_refutation=True,
    )
    attribution = claim.evidence.get(relation="attribution").source
    attribution.publisher = "Kyiv Daily"
    attribution.published_on = datetime.date(2022, 12, 20)
    attribution.archive_url = "https://archive.example/kyiv-daily"
    attribution.save()
    return advance(claim, "published", rating="False", summary="Two agreements were signed that day.", explanation="See the **record**.")


def test_it_embeds_one_claimreview_with_every_property(client, published):
    response = client.get(f"/fact-checks/{published.pk}/")

    assert response.status_code == 200
    items = json_ld(response)
    assert len(items) == 1
    review = items[0]
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"http://localhost:8000/fact-checks/{published.pk}/"
    assert review["claimReviewed"] == "No decisions were taken in Minsk."
    assert review["datePublished"] == published.published_at.date().isoformat()

    author = review["author"]
    assert author["@type"] == "Organization"
    assert author["name"] == "Fact-check Desk"
    assert author["url"] == "http://localhost:8000/"
    assert author["logo"].startswith("http://localhost:8000/static/publishing/logo")
    assert author["publishingPrinciples"] == "http://localhost:8000/about/methodology/"
    assert author["correctionsPolicy"] == "http://localhost:8000/about/corrections-policy/"

    rating = review["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 4,
        "worstRating": 1,
        "ratingExplanation": "Two agreements were signed that day.",
    }

    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["datePublished"] == "2022-12-20"
    assert claim["author"] == {
        "@type": "Person",
        "name": "Dmytro Kuleba",
        "jobTitle": "Minister of Foreign Affairs of Ukraine",
        "sameAs": ["https://www.wikidata.org/wiki/Q2354404", "https://kuleba.example/"],
    }
    first = claim["firstAppearance"]
    source = published.evidence.get(relation="attribution").source
    assert first == {
        "@type": "CreativeWork",
        "url": source.url,
        "name": source.title,
        "publisher": {"@type": "Organization", "name": "Kyiv Daily"},
        "datePublished": "2022-12-20",
    }


def test_it_uses_only_properties_schema_org_defines(client, published):
    review = json_ld(client.get(f"/fact-checks/{published.pk}/"))[0]

    assert problems(review) == []


def test_it_never_puts_the_rating_in_claim_reviewed(client, published):
    review = json_ld(client.get(f"/fact-checks/{published.pk}/"))[0]

    assert review["reviewRating"]["alternateName"] == "False"
    assert review["claimReviewed"] == "No decisions were taken in Minsk."


def test_it_shows_on_the_page_what_the_markup_says(client, published):
    response = client.get(f"/fact-checks/{published.pk}/")
    review = json_ld(response)[0]
    soup = BeautifulSoup(response.content, "html.parser")

    assert text_of(soup, ".claim-reviewed") == f"“{review['claimReviewed']}”"
    assert text_of(soup, ".verdict-label") == review["reviewRating"]["alternateName"]
    assert text_of(soup, ".verdict-summary") == review["reviewRating"]["ratingExplanation"]
    assert text_of(soup, ".speaker-name") == review["itemReviewed"]["author"]["name"]
    assert text_of(soup, ".job-title") == review["itemReviewed"]["author"]["jobTitle"]
    assert soup.select_one(".said-on")["datetime"] == review["itemReviewed"]["datePublished"]
    assert soup.select_one(".date-published")["datetime"] == review["datePublished"]
    assert soup.select_one("link[rel=canonical]")["href"] == review["url"]
    assert "4 on a scale" not in response.content.decode()
    assert "1 on a scale from 1 (least true) to 4 (true)" in text_of(soup, ".verdict-box")


def test_it_omits_the_numbers_for_an_unverifiable_rating_but_keeps_the_label(client, make_claim, advance):
    claim = advance(make_claim(), "published", rating="Unverifiable", summary="No record of the meeting exists.")

    response = client.get(f"/fact-checks/{claim.pk}/")
    rating = json_ld(response)[0]["reviewRating"]

    assert rating == {"@type": "Rating", "alternateName": "Unverifiable", "ratingExplanation": "No record of the meeting exists."}
    assert "Not on the true–false scale" in response.content.decode()


def test_it_is_honest_about_a_partly_known_date_and_an_unknown_speaker(client, make_claim, advance):
    claim = make_claim(
        speaker_description="a Ukrainian citizen",
        said_on=datetime.date(2022, 12, 1),
        said_on_precision="month",
        with_refutation=True,
    )
    Claim.objects.filter(pk=claim.pk).update(speaker=None)  # the shared builder always names a speaker
    claim = advance(Claim.objects.get(pk=claim.pk), "published")

    response = client.get(f"/fact-checks/{claim.pk}/")
    item = json_ld(response)[0]["itemReviewed"]

    assert item["datePublished"] == "2022-12"
    assert "author" not in item
    assert "a Ukrainian citizen" in response.content.decode()
    assert "Month only" in response.content.decode()


def test_it_leaves_out_the_date_and_role_when_the_date_is_unknown(client, make_claim, kuleba, advance):
    claim = advance(make_claim(speaker=kuleba, with_refutation=True), "published")

    item = json_ld(client.get(f"/fact-checks/{claim.pk}/"))[0]["itemReviewed"]

    assert "datePublished" not in item
    assert item["author"]["name"] == "Dmytro Kuleba", "the speaker is named; only the role on an unknown day is left out"
    assert "jobTitle" not in item["author"]


def test_it_lists_second_hand_reports_as_appearances_not_first_appearance(client, make_claim, make_source, advance):
    report = make_source(title="Blog post", publisher="A blog", published_on=datetime.date(2022, 12, 22))
    claim = make_claim(reported_by=report, reporting="third_hand", with_refutation=True)
    claim = advance(claim, "published")

    item = json_ld(client.get(f"/fact-checks/{claim.pk}/"))[0]["itemReviewed"]

    assert "firstAppearance" not in item
    urls = [work["url"] for work in item["appearance"]]
    assert urls[0] == report.url
    assert claim.evidence.get(relation="attribution").source.url in urls


def test_it_describes_an_organisation_without_a_job_title(client, make_claim, make_speaker, advance):
    staff = make_speaker("General Staff", kind="organisation")
    SpeakerRole.objects.create(speaker=staff, title="Command", start_date=datetime.date(2000, 1, 1))
    claim = advance(make_claim(speaker=staff, said_on=datetime.date(2022, 12, 20), said_on_precision="day", with_refutation=True), "published")

    author = json_ld(client.get(f"/fact-checks/{claim.pk}/"))[0]["itemReviewed"]["author"]

    assert author == {"@type": "Organization", "name": "General Staff"}


def test_it_shows_the_corrected_verdict_and_the_correction_in_page_and_markup(client, published, correct):
    corrected = correct(published, label="Misleading", note="One of the two agreements was only initialled.", summary="One agreement was signed.")

    response = client.get(f"/fact-checks/{corrected.pk}/")
    review = json_ld(response)[0]
    soup = BeautifulSoup(response.content, "html.parser")

    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["reviewRating"]["ratingValue"] == 2
    assert review["reviewRating"]["ratingExplanation"] == "One agreement was signed."
    assert review["dateModified"] == corrected.corrections.get().created_at.date().isoformat()
    assert review["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "One of the two agreements was only initialled.",
            "datePublished": review["dateModified"],
        }
    ]
    assert problems(review) == []
    assert text_of(soup, ".verdict-label") == "Misleading"
    history = text_of(soup, "#history")
    assert "One of the two agreements was only initialled." in history
    assert "Verdict changed from “False” to “Misleading”." in history
    assert review["dateModified"] in history


def test_it_drops_the_markup_of_a_retracted_fact_check_and_says_why(client, published, retract):
    retracted = retract(published, note="The interview was misdated.")

    response = client.get(f"/fact-checks/{retracted.pk}/")

    assert response.status_code == 200
    assert json_ld(response) == []
    soup = BeautifulSoup(response.content, "html.parser")
    notice = text_of(soup, ".retraction-notice")
    assert "This fact-check has been retracted" in notice
    assert "The interview was misdated." in notice


def test_it_escapes_markup_in_claim_text_inside_the_data_block(client, make_claim, advance):
    claim = advance(make_claim(statement="He said </script><script>alert(1)</script> & left", with_refutation=True), "published")

    response = client.get(f"/fact-checks/{claim.pk}/")
    html = response.content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]

    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    assert json_ld(response)[0]["claimReviewed"] == "He said </script><script>alert(1)</script> & left"
    assert "<script>alert(1)" not in html


def test_it_shortens_a_long_claim_for_claim_reviewed_and_shows_it_whole(client, make_claim, advance):
    statement = "word " * 100
    claim = advance(make_claim(statement=statement.strip(), with_refutation=True), "published")

    response = client.get(f"/fact-checks/{claim.pk}/")
    reviewed = json_ld(response)[0]["claimReviewed"]

    assert len(reviewed) <= 300 and reviewed.endswith("…")
    assert statement.strip() in " ".join(BeautifulSoup(response.content, "html.parser").select_one(".statement").get_text().split())


def test_it_lists_every_source_with_publisher_date_link_and_archived_copy(client, published):
    response = client.get(f"/fact-checks/{published.pk}/")
    soup = BeautifulSoup(response.content, "html.parser")
    sources = soup.select(".source")

    assert len(sources) == Evidence.objects.filter(claim=published).count() == 2
    attribution = published.evidence.get(relation="attribution").source
    first = next(s for s in sources if attribution.title in s.get_text())
    assert first.select_one(".source-publisher").get_text() == "Kyiv Daily"
    assert first.select_one(".source-title a")["href"] == attribution.url
    assert first.select_one(".source-archive")["href"] == "https://archive.example/kyiv-daily"
    assert "2022-12-20" in first.get_text()


def test_first_reported_line_and_first_appearance_agree_with_the_chain(client, published, editor):
    from claims import chains
    from claims import outlets

    ria = outlets.create_outlet(user=editor, name="RIA Novosti", kind="agency")
    nova = outlets.create_outlet(user=editor, name="Agenzia Nova", kind="agency")
    chains.save_chain(claim=published, hops=[{"outlet": ria}, {"outlet": nova, "date": datetime.date(2022, 12, 20), "date_precision": "day"}])
    response = client.get(f"/fact-checks/{published.pk}/")
    line = text_of(BeautifulSoup(response.content, "html.parser"), ".first-reported")
    assert line == "First reported by RIA Novosti, no later than 2022-12-20"  # RIA's own date is unknown
    first = json_ld(response)[0]["itemReviewed"]["firstAppearance"]
    assert first["publisher"]["name"] == "RIA Novosti" and "datePublished" not in first
    published.refresh_from_db()
    assert published.first_reported_on == datetime.date(2022, 12, 20)

    chains.save_chain(claim=published, hops=[{"outlet": ria, "date": datetime.date(2022, 12, 1), "date_precision": "month"}, {"outlet": nova}])
    response = client.get(f"/fact-checks/{published.pk}/?v=2")
    line = text_of(BeautifulSoup(response.content, "html.parser"), ".first-reported")
    assert line == "First reported by RIA Novosti on 2022-12"
    assert json_ld(response)[0]["itemReviewed"]["firstAppearance"]["datePublished"] == "2022-12"
