"""`manage.py load_seed`: the blog post and its claims, exactly as the post reports them."""

from datetime import date

import pytest
from django.core.management import call_command

from claims.models import Claim, Evidence, Source, Speaker
from demo.seed import BLOG_URL, CLAIMS
from tests.conftest import built_once


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The seed loaded once for this module."""
    yield from built_once(django_db_blocker, lambda: call_command("load_seed"))


def test_it_loads_every_seed_claim_with_an_attribution_link_to_the_blog(db, loaded):
    blog = Source.objects.get(url=BLOG_URL)
    assert "ミンスク" in blog.text
    assert Claim.objects.count() == len(CLAIMS)
    for claim in Claim.objects.all():
        attribution = claim.evidence.get(relation="attribution", source=blog)
        assert attribution.excerpt in blog.text
        assert claim.reported_by == blog


def test_it_loads_the_seed_twice_without_duplicating_anything(db, loaded):
    counts = [Claim.objects.count(), Evidence.objects.count(), Source.objects.count(), Speaker.objects.count()]
    call_command("load_seed")
    assert [Claim.objects.count(), Evidence.objects.count(), Source.objects.count(), Speaker.objects.count()] == counts


def test_it_records_the_seed_claims_as_the_post_reports_them(db, loaded):
    kuleba = Claim.objects.get(import_key="minsk-2022-kuleba-no-decisions")
    assert kuleba.speaker.name == "Dmytro Kuleba"
    assert kuleba.said_on == date(2022, 12, 20) and kuleba.said_on_precision == "day"
    assert kuleba.event.name == "Putin–Lukashenko talks in Minsk" and kuleba.event.date == date(2022, 12, 19)
    assert kuleba.reporting == "third_hand"
    assert str(kuleba.speaker_role) == "Minister of Foreign Affairs of Ukraine"

    s400 = Claim.objects.get(import_key="minsk-2022-lukashenko-s400-iskander")
    assert s400.said_on is None and s400.said_on_precision == "unknown"
    assert "イスカンデル" in s400.statement and "Iskander" in s400.translation

    assert Claim.objects.get(import_key="minsk-2022-kuleba-new-dance").kind == "opinion"
    citizen = Claim.objects.get(import_key="minsk-2022-citizen-crimea")
    assert citizen.speaker is None and "Ukrainian citizen" in citizen.speaker_name
    general_staff = Claim.objects.get(import_key="minsk-2022-general-staff-strikes").speaker
    assert general_staff.kind == "organisation"
    assert set(general_staff.aliases.values_list("name", flat=True)) >= {"ウクライナ軍参謀本部"}
