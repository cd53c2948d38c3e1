"""Bad input is a 400 that says what is wrong, and nothing is written."""

import pytest

from claims.models import Claim
from claims.models import AuditEntry


@pytest.fixture
def eddie(token_client, editor):
    return token_client(editor)


@pytest.fixture
def valid(make_speaker):
    return {"speaker": make_speaker().pk, "statement": "Prices doubled.", "language": "en", "said_on_precision": "unknown"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"statement": 42}, None),
        ({"statement": ["a", "list"]}, "statement"),
        ({"language": "klingon"}, "language"),
        ({"speaker": "someone"}, "speaker"),
        ({"speaker": 10**30}, "speaker"),
        ({"said_on": "yesterday-ish"}, "said_on"),
        ({"statement": "x" * 20_001}, "statement"),
        ({"reporting_note": "y" * 501}, "reporting_note"),
        ({"tags": ["no-such-tag"]}, "tags"),
        ({"statement": "nul \x00 byte"}, "statement"),
        ({"published_at": "2024-01-01T00:00:00Z"}, "published_at"),
        ({"current_verdict": 1}, "current_verdict"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_it_refuses_a_malformed_claim_and_writes_nothing(eddie, valid, change, field):
    response = eddie.post("/api/v1/claims/", {**valid, **change}, format="json")

    if field is None:  # a number where text belongs is accepted as its text, like any form
        assert response.status_code == 201
        return
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not Claim.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_body_that_is_not_an_object(eddie):
    for body in ('["a list"]', '"text"', "{not json"):
        response = eddie.generic("POST", "/api/v1/claims/", body, content_type="application/json")
        assert response.status_code == 400
    assert not Claim.objects.exists()


def test_it_refuses_forms_in_place_of_json(eddie, valid):
    response = eddie.post("/api/v1/claims/", valid)  # multipart

    assert response.status_code == 415
    assert not Claim.objects.exists()


def test_it_refuses_what_the_model_rules_forbid_with_the_field_named(eddie, valid):
    response = eddie.post("/api/v1/claims/", {**valid, "said_on": "2999-01-01", "said_on_precision": "day"}, format="json")

    assert response.status_code == 400
    assert "future" in response.json()["said_on"][0]
    assert not Claim.objects.exists()


def test_it_refuses_unknown_fields_in_nested_evidence(eddie, valid, make_source):
    evidence = [{"source": make_source().pk, "relation": "attribution", "excerpt": "quote", "secret": 1}]

    response = eddie.post("/api/v1/claims/", {**valid, "evidence": evidence}, format="json")

    assert response.status_code == 400
    assert "secret" in str(response.json()["evidence"])
    assert not Claim.objects.exists()


def test_it_writes_nothing_when_the_second_evidence_item_is_invalid(eddie, valid, make_source):
    source = make_source()
    evidence = [
        {"source": source.pk, "relation": "attribution", "excerpt": "quote"},
        {"source": source.pk, "relation": "attribution", "excerpt": "the same link again"},
    ]

    response = eddie.post("/api/v1/claims/", {**valid, "evidence": evidence}, format="json")

    assert response.status_code == 400
    assert not Claim.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_refuses_an_edit_without_the_version(eddie, make_claim):
    claim = make_claim(statement="Unchanged")

    response = eddie.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "Changed"}, format="json")

    assert response.status_code == 400
    assert "version" in response.json()
    claim.refresh_from_db()
    assert claim.statement == "Unchanged"


@pytest.mark.parametrize(
    "query, param",
    [
        ("said_after=last-week", "said_after"),
        ("published_before=2024-13-45", "published_before"),
        ("speaker=abc", "speaker"),
        ("speaker=99999999999999999999999", "speaker"),
        ("rating=-3", "rating"),
        ("kind=rumour", "kind"),
        ("language=xx", "language"),
        ("ordering=statement", "ordering"),
        ("limit=0", "limit"),
        ("limit=1000", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("q=" + "z" * 201, "q"),
        ("q=nul%00byte", "q"),
        ("state=flying", "state"),
    ],
)
def test_it_answers_400_with_a_message_for_malformed_filters(db, api, query, param):
    response = api.get(f"/api/v1/claims/?{query}")

    assert response.status_code == 400, response.content
    assert param in response.json()
    assert response.json()[param][0]


def test_it_answers_400_for_malformed_filters_on_other_lists(db, api):
    assert api.get("/api/v1/verdicts/?claim=x").status_code == 400
    assert api.get("/api/v1/speakers/?kind=robot").status_code == 400
    assert api.get("/api/v1/sources/?kind=rumour").status_code == 400
    assert api.get("/api/v1/corrections/?kind=apology").status_code == 400
