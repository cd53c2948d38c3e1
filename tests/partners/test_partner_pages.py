"""The desk's partners page: editors read partners and their fact-checks (filtered); chief editors and admins
add and edit partners; a private address or a duplicate is refused with a clear message; outsiders get a 403."""

import datetime

import pytest
from django.urls import reverse

from partners import services
from partners.models import Partner
from partners.parse import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_partners(chief):
    one = Partner.objects.create(name="Lie Detectors", url="https://one.example/feed.json", added_by=chief)
    two = Partner.objects.create(name="Faktisk", url="https://two.example/sitemap.xml", added_by=chief)
    services.store(one, [Review(url="https://one.example/c/1", claim_reviewed="Crime doubled in 2023.", rating_text="False", language="en",
                                date_published=datetime.date(2024, 1, 1))])
    services.store(two, [Review(url="https://two.example/c/1", claim_reviewed="Skatten ble doblet.", rating_text="Usant", language="nb",
                                date_published=datetime.date(2024, 2, 1))])
    return one, two


def test_editors_read_the_partners_and_filter_their_fact_checks_but_cannot_add(client, editor, two_partners):
    one, _two = two_partners
    client.force_login(editor)

    everything = client.get(reverse("partner_list")).content.decode()
    by_partner = client.get(reverse("partner_list"), {"partner": one.pk}).content.decode()
    by_language = client.get(reverse("partner_list"), {"language": "nb"}).content.decode()
    by_words = client.get(reverse("partner_list"), {"q": "crime"}).content.decode()

    assert "Crime doubled in 2023." in everything and "Skatten ble doblet." in everything and "Add a partner" not in everything
    assert "Crime doubled" in by_partner and "Skatten" not in by_partner
    assert "Skatten" in by_language and "Crime doubled" not in by_language
    assert "Crime doubled" in by_words and "Skatten" not in by_words
    assert client.post(reverse("partner_list"), {"name": "X", "url": "https://x.example/", "interval_minutes": 60}).status_code == 403
    assert client.get(reverse("partner_edit", args=[one.pk])).status_code == 403


def test_a_chief_editor_adds_and_edits_a_partner(client, chief):
    client.force_login(chief)

    response = client.post(reverse("partner_list"), {"name": "Faktisk", "url": "https://faktisk.example/sitemap.xml", "interval_minutes": 120})

    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.name, partner.url, partner.interval_minutes, partner.added_by) == ("Faktisk", "https://faktisk.example/sitemap.xml", 120, chief)
    client.post(reverse("partner_edit", args=[partner.pk]), {"name": "Faktisk.no", "url": partner.url, "interval_minutes": 240})
    partner.refresh_from_db()
    assert (partner.name, partner.interval_minutes, partner.active) == ("Faktisk.no", 240, False)


@pytest.mark.parametrize(
    ("url", "message"),
    [("http://10.0.0.8/feed.json", "private, local or reserved"), ("https://dup.example/feed.json", "already a partner")],
    ids=["private-address", "duplicate"],
)
def test_a_private_address_or_a_duplicate_is_refused_clearly(client, admin_user, chief, url, message):
    Partner.objects.create(name="Dup", url="https://dup.example/feed.json", added_by=chief)
    client.force_login(admin_user)

    response = client.post(reverse("partner_list"), {"name": "New", "url": url, "interval_minutes": 60})

    assert response.status_code == 400 and message in response.content.decode()
    assert Partner.objects.count() == 1


def test_outsiders_cannot_read_the_partners_page(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("partner_list")).status_code == 403
