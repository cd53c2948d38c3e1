"""The desk shows similar existing claims, records relations and merges duplicates."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimRelation
from claims.relations import relate


def _publish(claim):
    Claim.objects.filter(pk=claim.pk).update(state="published")
    return claim


@pytest.fixture
def minsk(make_claim, make_speaker):
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба", "クレーバ"])
    return make_claim(
        speaker=kuleba,
        language="ja",
        statement="19日のミンスクでのプーチンとルカシェンコの直接会談では、何も重要な決定は下されなかった。",
        translation="No important decisions were taken at the direct talks between Putin and Lukashenko in Minsk on the 19th.",
    )


def test_it_answers_the_type_ahead_with_similar_claims_and_why(client, editor, minsk):
    client.force_login(editor)
    response = client.get(reverse("claim_suggestions"), {"q": "ミンスクでのプーチンとルカシェンコの会談では重要な決定は何もなかった。"})
    first = response.json()["results"][0]
    assert first["id"] == minsk.pk and first["url"] == minsk.get_absolute_url()
    assert "Dmytro Kuleba" in first["detail"] and "shared words" in first["why"]


def test_it_refuses_the_desk_endpoint_to_outsiders(client, outsider, minsk):
    client.force_login(outsider)
    assert client.get(reverse("claim_suggestions"), {"q": minsk.statement}).status_code == 403


def test_it_shows_similar_claims_without_javascript_and_saves_nothing(client, editor, minsk):
    client.force_login(editor)
    before = Claim.objects.count()
    response = client.post(reverse("claim_create"), {"statement": "Nothing important was decided when Putin and Lukashenko met in Minsk.", "check_similar": "1"})
    assert response.status_code == 200
    assert f"#{minsk.pk}" in response.content.decode()
    assert Claim.objects.count() == before


def test_it_offers_the_api_only_published_claims_when_anonymous(client, editor, minsk, make_claim):
    hidden = make_claim(statement="No important decisions were taken in Minsk on the 19th by Putin and Lukashenko.")
    _publish(minsk)
    from claims.models import Claim as C

    # Published means with a verdict too: without one the claim stays hidden.
    assert client.get("/api/v1/claims/similar/", {"q": "No important decisions were taken in Minsk"}).json()["results"] == []
    client.force_login(editor)
    ids = [r["id"] for r in client.get("/api/v1/claims/similar/", {"q": "No important decisions were taken in Minsk"}).json()["results"]]
    assert hidden.pk in ids and minsk.pk in ids
    assert C.objects.filter(pk=hidden.pk, state="draft").exists()


def test_it_records_a_repeat_from_the_claim_page(client, editor, minsk, make_claim, make_speaker):
    repeat = make_claim(statement="In Minsk nothing important was decided.", speaker=make_speaker("Dmitry Peskov"))
    client.force_login(editor)
    response = client.post(reverse("claim_relate", args=[repeat.pk]), {"kind": "repeat", "other": f"#{minsk.pk}"}, follow=True)
    assert ClaimRelation.objects.filter(claim=repeat, other=minsk, kind="repeat").exists()
    assert "Repeat of" in response.content.decode()
    response = client.post(reverse("claim_relate", args=[repeat.pk]), {"kind": "repeat", "other": str(repeat.pk)}, follow=True)
    assert "cannot be related to itself" in response.content.decode()


def test_it_merges_a_duplicate_and_redirects_its_page(client, editor, minsk, make_claim):
    duplicate = make_claim(statement=minsk.statement, language="ja")
    client.force_login(editor)
    client.post(reverse("claim_merge", args=[minsk.pk]), {"duplicate": str(duplicate.pk), "expected_version": minsk.version})
    response = client.get(reverse("claim_detail", args=[duplicate.pk]))
    assert response.status_code == 302 and response.url == minsk.get_absolute_url()
    response = client.post(reverse("claim_merge", args=[minsk.pk]), {"duplicate": str(duplicate.pk)}, follow=True)
    assert "already merged" in response.content.decode()
