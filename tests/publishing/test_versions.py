"""Public history of a living fact-check: the approved version stays until a revision is published;
then "Updated on …", dateModified, the updates log, versions at stable URLs, and feed entries."""

import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from claims.states import State
from reviews import services
from tests.conftest import revise


@pytest.fixture
def updated(make_claim, advance, make_source, reviewer, chief):
    claim = advance(make_claim(statement="Nothing was decided in Minsk.", with_refutation=True), State.PUBLISHED)
    first = claim.current_verdict
    source = make_source(title="Belta, 20 December")
    revise(
        claim, kind="update", preparer=reviewer, approver=chief, note="Added Belta's report of the next day.",
        explanation="Five more outlets reported it.", evidence=list(first.evidence.all()),
        new_evidence=[{"source": source, "relation": "context", "excerpt": "Lukashenko answered the next day."}],
    )
    return claim, first, source


def test_the_public_page_keeps_the_published_version_while_a_revision_is_open(client, make_claim, advance, reviewer):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    before = client.get(f"/fact-checks/{claim.pk}/").content
    services.start_update(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    revision = services.open_revision(claim)
    services.edit_revision(
        claim=claim, user=reviewer, expected_version=claim.version, attribution=revision.attribution, rating=revision.rating,
        summary="A draft summary nobody may read yet.", evidence=list(revision.evidence.all()),
    )
    page = client.get(f"/fact-checks/{claim.pk}/").content.decode()
    assert "A draft summary nobody may read yet." not in page
    assert "Updated on" not in page
    assert BeautifulSoup(page, "html.parser").select_one(".verdict-summary").text == BeautifulSoup(before, "html.parser").select_one(".verdict-summary").text


def test_an_update_shows_its_line_date_modified_versions_and_the_log(client, updated):
    claim, first, source = updated
    today = timezone.localdate().isoformat()
    soup = BeautifulSoup(client.get(f"/fact-checks/{claim.pk}/").content, "html.parser")

    assert soup.select_one(".update-line").get_text(" ", strip=True) == f"Updated on {today}: Added Belta's report of the next day."
    review = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert review["dateModified"] == today and "correction" not in review
    assert "Belta, 20 December" in soup.select_one(".source-list").text
    versions = [li.get_text(" ", strip=True) for li in soup.select(".version-list li")]
    assert versions[0].startswith("Version 1 · Published") and versions[1].startswith("Version 2 · Updated")
    assert "1 source added." in versions[1]

    old = BeautifulSoup(client.get(f"/fact-checks/{claim.pk}/versions/1/").content, "html.parser")
    assert "earlier version" in old.select_one(".version-banner").text
    assert "Belta, 20 December" not in old.text and old.select_one(".verdict-summary").text == first.summary
    assert client.get(f"/fact-checks/{claim.pk}/versions/3/").status_code == 404

    log = BeautifulSoup(client.get("/updates/").content, "html.parser")
    assert "Added Belta's report of the next day." in log.select_one(".correction-log").text
    feed = client.get("/feeds/fact-checks.atom").content.decode()
    assert f"/fact-checks/{claim.pk}/versions/2/" in feed and "Updated: Nothing was decided in Minsk." in feed


def test_it_does_not_leak_a_version_of_an_unpublished_claim(client, make_claim):
    claim = make_claim()
    assert client.get(f"/fact-checks/{claim.pk}/versions/1/").status_code == 404


def test_the_public_api_lists_the_versions_with_their_urls(client, updated):
    claim, first, _source = updated
    versions = client.get(f"/api/v1/claims/{claim.pk}/").json()["versions"]
    assert [(v["number"], v["kind"], v["verdict"]) for v in versions] == [(1, "published", first.pk), (2, "update", claim.current_verdict_id)]
    assert versions[1]["note"] == "Added Belta's report of the next day."
    assert versions[0]["url"].endswith(f"/fact-checks/{claim.pk}/versions/1/")
