import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Source

CHANGELISTS = [
    "/admin/claims/claim/",
    "/admin/claims/speaker/",
    "/admin/claims/source/",
    "/admin/claims/evidence/",
    "/admin/claims/event/",
    "/admin/claims/tag/",
    "/admin/reviews/verdict/",
    "/admin/claims/auditentry/",
    "/admin/reviews/correction/",
    "/admin/reviews/ratingscale/",
]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", CHANGELISTS)
def test_it_lists_every_model_with_a_constant_number_of_queries(client, admin_user, make_claim, url):
    client.force_login(admin_user)
    make_claim()
    few = _queries(client, url)
    for _ in range(6):
        make_claim()
    assert _queries(client, url) == few


def test_it_searches_claims_by_speaker_alias_and_japanese_text(client, admin_user, make_claim, make_speaker):
    client.force_login(admin_user)
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ"])
    hit = make_claim(speaker=lukashenko, statement="S-400 とイスカンデルが戦闘任務に就いた")
    miss = make_claim(statement="Unrelated")

    for query in ["ルカシェンコ", "イスカンデル"]:
        page = client.get("/admin/claims/claim/", {"q": query}).content.decode()
        assert f"/admin/claims/claim/{hit.pk}/change/" in page
        assert f"/admin/claims/claim/{miss.pk}/change/" not in page


def test_it_offers_no_way_to_edit_the_workflow_state(client, admin_user, make_claim):
    client.force_login(admin_user)
    claim = make_claim()
    response = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    page = response.content.decode()
    assert response.status_code == 200 and 'name="statement"' in page, "the change form is there"
    assert 'name="state"' not in page


def test_it_refuses_a_stale_admin_edit_and_keeps_the_newer_text(client, admin_user, make_claim):
    client.force_login(admin_user)
    claim = make_claim(statement="Original")
    Claim.objects.filter(pk=claim.pk).update(statement="Someone else's edit", version=claim.version + 1)

    response = client.post(
        f"/admin/claims/claim/{claim.pk}/change/",
        {
            "speaker": claim.speaker_id,
            "statement": "My stale edit",
            "language": "en",
            "form": "paraphrase",
            "kind": "fact",
            "said_on_precision": "unknown",
            "reporting": "second_hand",
            "translation_language": "en",
            "expected_version": claim.version,
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "changed since you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.statement == "Someone else's edit"


def test_it_explains_why_a_source_in_use_cannot_be_deleted(client, admin_user, make_claim):
    client.force_login(admin_user)
    source = make_claim().evidence.get().source
    response = client.post(f"/admin/claims/source/{source.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "protected" in response.content.decode().lower()
    assert Source.objects.filter(pk=source.pk).exists()


def test_a_search_total_that_stops_at_its_bound_says_more_than(client, admin_user, make_claim, monkeypatch):
    from claims.admin import ArchivePaginator

    client.force_login(admin_user)
    monkeypatch.setattr(ArchivePaginator, "COUNT_LIMIT", 2)
    for n in range(3):
        make_claim(statement=f"Iskander missiles deployed, report {n}")
    make_claim(statement="Unrelated grain deal")

    page = client.get("/admin/claims/claim/", {"q": "Iskander"}).content.decode()
    assert "more than 2 results" in page and "more than 2 claims" in page
    page = client.get("/admin/claims/claim/", {"q": "grain"}).content.decode()
    assert "1 result" in page and "more than" not in page


def test_paging_through_a_search_counts_it_once_until_a_claim_changes(client, admin_user, make_claim):
    client.force_login(admin_user)
    make_claim(statement="Iskander missiles deployed")
    first = _queries(client, "/admin/claims/claim/?q=Iskander")
    assert _queries(client, "/admin/claims/claim/?q=Iskander&o=1") == first - 1  # the total came from the cache

    make_claim(statement="More Iskander missiles deployed")
    page = client.get("/admin/claims/claim/", {"q": "Iskander", "o": "1"}).content.decode()
    assert "2 results" in page  # a new claim moves the key: counted again
