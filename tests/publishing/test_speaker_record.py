"""The public speaker page: checked claims with a rating summary chart and a timeline (SVG with tables),
and schema.org Person/Organization markup with sameAs from the speaker's identifiers."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from claims.models import SpeakerIdentifier


def _markup(html):
    soup = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    return soup, [b for b in blocks if b.get("@type") in ("Person", "Organization")]


@pytest.mark.django_db
def test_speaker_page_shows_rating_summary_timeline_and_person_markup(client, make_claim, make_speaker, advance):
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба"])
    SpeakerIdentifier.objects.create(speaker=kuleba, scheme="wikidata", value="Q2354404")
    SpeakerIdentifier.objects.create(speaker=kuleba, scheme="website", value="https://kuleba.example/")
    first = advance(make_claim(speaker=kuleba, with_refutation=True, said_on=datetime.date(2022, 3, 1),
                               said_on_precision="day"), "published")
    advance(make_claim(speaker=kuleba, with_refutation=True), "corrected")
    advance(make_claim(speaker=kuleba, with_refutation=True), "approved")  # not public: not counted

    response = client.get(reverse("publishing:speaker", args=[kuleba.pk]))
    assert response.status_code == 200
    soup, people = _markup(response.content.decode())
    assert people[0].pop("url").endswith(reverse("publishing:speaker", args=[kuleba.pk]))
    assert people == [{
        "@context": "https://schema.org", "@type": "Person", "name": "Dmytro Kuleba",
        "alternateName": ["Кулеба"],
        "sameAs": ["https://www.wikidata.org/wiki/Q2354404", "https://kuleba.example/"],
    }]
    charts = soup.select("svg.chart[role=img]")
    assert len(charts) == 2 and all(c.find("title") for c in charts)
    summary = {row.th.get_text(): row.td.get_text() for row in soup.select(".speaker-record table")[0].tbody.find_all("tr")}
    assert summary == {"False": "1", "Misleading": "1"}
    assert len(charts[1].find_all("circle")) == 2
    timeline_rows = soup.select(".speaker-record table")[1].tbody.find_all("tr")
    assert timeline_rows[0].th.get_text() == "2022-03-01"  # said on; the other falls back to its publication day
    assert timeline_rows[0].find("a")["href"] == reverse("publishing:claim", args=[first.pk])
    assert "The latest" not in response.content.decode()


@pytest.mark.django_db
def test_the_timeline_shows_the_latest_and_points_to_the_list(client, make_claim, make_speaker, advance, monkeypatch):
    from publishing import selectors

    monkeypatch.setattr(selectors, "TIMELINE_MAX", 1)
    kuleba = make_speaker("Dmytro Kuleba")
    for _ in range(2):
        advance(make_claim(speaker=kuleba, with_refutation=True), "published")
    soup = BeautifulSoup(client.get(reverse("publishing:speaker", args=[kuleba.pk])).content, "html.parser")
    assert len(soup.select("svg.chart")[1].find_all("circle")) == 1
    assert "The latest 1 of 2 fact-checks" in soup.get_text()
    assert soup.select_one('a[href="#checked-claims"]') and soup.select_one("h2#checked-claims")


@pytest.mark.django_db
def test_an_organisation_with_one_claim(client, make_claim, make_speaker, advance):
    ministry = make_speaker("Ministry of Defence", kind="organisation")
    advance(make_claim(speaker=ministry, with_refutation=True), "published")
    soup, orgs = _markup(client.get(reverse("publishing:speaker", args=[ministry.pk])).content.decode())
    assert orgs[0]["@type"] == "Organization" and "sameAs" not in orgs[0]
    assert len(soup.select("svg.chart circle")) == 1
