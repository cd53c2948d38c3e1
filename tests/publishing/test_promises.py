"""The public list of promises and predictions the desk tracks, and a resolution on the fact-check page."""

import datetime

import pytest
from django.utils import timezone

from claims.models import Claim
from claims.states import State
from reviews import services

TODAY = timezone.localdate()


@pytest.fixture
def tracked(make_claim, advance, reviewer, chief):
    kept = advance(make_claim(with_refutation=True, kind=Claim.Kind.PROMISE, statement="I will visit Washington on the 21st."), State.PUBLISHED)
    services.perform(
        "propose_resolution", claim=kept, user=reviewer, expected_version=kept.version, outcome="kept",
        source_url="https://news.example/arrived", excerpt="He arrived on 21 December.", note="He visited as announced.",
    )  # fmt: skip
    kept.refresh_from_db()
    services.perform("resolve", claim=kept, user=chief, expected_version=kept.version)
    due = make_claim(with_refutation=True, kind=Claim.Kind.PREDICTION, statement="Trade will double by 2030.",
                     resolution_due=TODAY + datetime.timedelta(days=400))  # fmt: skip
    advance(due, State.PUBLISHED)
    unpublished = make_claim(kind=Claim.Kind.PROMISE, statement="A promise still in review.")
    fact = advance(make_claim(with_refutation=True, statement="A plain fact."), State.PUBLISHED)
    return kept, due, unpublished, fact


def test_the_public_list_shows_each_tracked_promise_with_its_status_and_is_in_the_nav(client, tracked):
    kept, due, unpublished, fact = tracked
    html = client.get("/promises/").content.decode()

    assert "I will visit Washington on the 21st." in html and "Trade will double by 2030." in html
    assert "A promise still in review." not in html and "A plain fact." not in html
    assert "<strong>Kept</strong>" in html and "Tracked" in html
    assert (TODAY + datetime.timedelta(days=400)).isoformat() in html
    assert 'href="/promises/"' in client.get("/").content.decode()


def test_the_fact_check_page_shows_the_resolution_with_its_evidence(client, tracked):
    kept, due, *_ = tracked
    html = client.get(f"/fact-checks/{kept.pk}/").content.decode()
    assert "Was the promise kept?" in html and "He visited as announced." in html
    assert 'href="https://news.example/arrived"' in html and "He arrived on 21 December." in html

    html = client.get(f"/fact-checks/{due.pk}/").content.decode()
    assert "Did the prediction come true?" in html and "Tracked: we will check on" in html


def test_a_proposed_resolution_is_not_public_before_approval(client, make_claim, advance, reviewer):
    claim = advance(make_claim(with_refutation=True, kind=Claim.Kind.PROMISE), State.PUBLISHED)
    services.perform(
        "propose_resolution", claim=claim, user=reviewer, expected_version=claim.version, outcome="broken",
        source_url="https://news.example/no", note="He did not come.",
    )  # fmt: skip
    assert "He did not come." not in client.get(f"/fact-checks/{claim.pk}/").content.decode()
    assert "Broken" not in client.get("/promises/").content.decode()


def test_a_promise_whose_date_has_passed_is_listed_as_overdue_not_tracked(client, make_claim, advance, tracked):
    """Issue #27: a promise past its resolution date read "Tracked", as if nothing were due."""
    from django.utils import translation

    past = advance(make_claim(with_refutation=True, kind=Claim.Kind.PROMISE, statement="I will visit Washington in June.",
                              resolution_due=TODAY - datetime.timedelta(days=3)), State.PUBLISHED)  # fmt: skip
    html = client.get("/promises/").content.decode()
    from bs4 import BeautifulSoup

    rows = {row.select_one("a").get_text(strip=True): row.select_one(".promise-status").get_text(strip=True)
            for row in BeautifulSoup(html, "html.parser").select("tr.promise")}  # fmt: skip
    assert rows["I will visit Washington in June."] == "Overdue"
    assert rows["Trade will double by 2030."] == "Tracked"  # its date is still to come
    assert rows["I will visit Washington on the 21st."] == "Kept"
    page = client.get(f"/fact-checks/{past.pk}/").content.decode()
    assert f"Overdue: the resolution date, {past.resolution_due.isoformat()}, has passed" in page
    assert "Tracked: we will check on" not in page

    with translation.override("ja"):
        html = client.get("/promises/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "期限超過" in html
