"""Desk writes go through the same services as the desk pages: audited, version-checked, role-checked."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, Evidence, Source, Speaker


@pytest.fixture
def new_claim(make_speaker):
    speaker = make_speaker(name="Mayor Example")
    return {"speaker": speaker.pk, "statement": "The new bridge cost nothing.", "language": "en", "said_on_precision": "unknown"}


def test_it_creates_a_draft_claim_with_a_token_and_audits_it(token_client, editor, new_claim):
    client = token_client(editor)

    response = client.post("/api/v1/claims/", new_claim, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    assert body["desk"]["created_by"] == "eddie"
    claim = Claim.objects.get(pk=body["id"])
    assert claim.statement == "The new bridge cost nothing."
    assert list(claim.audit_entries.values_list("action", flat=True)) == ["create"]


def test_it_creates_evidence_with_the_claim_in_one_step(token_client, editor, new_claim, make_source):
    source = make_source(title="City council minutes")
    payload = {**new_claim, "evidence": [{"source": source.pk, "relation": "attribution", "excerpt": "It cost nothing."}]}

    response = token_client(editor).post("/api/v1/claims/", payload, format="json")

    assert response.status_code == 201, response.json()
    assert [e["source"]["title"] for e in response.json()["evidence"]] == ["City council minutes"]


def test_it_refuses_a_bad_token(new_claim):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.post("/api/v1/claims/", new_claim, format="json")

    assert response.status_code == 401
    assert not Claim.objects.exists()


def test_it_refuses_anonymous_writes(api, new_claim):
    response = api.post("/api/v1/claims/", new_claim, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Claim.objects.exists()


def test_it_enforces_csrf_on_session_writes(editor, new_claim):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)

    refused = client.post("/api/v1/claims/", new_claim, format="json")

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Claim.objects.exists()

    client.cookies["csrftoken"] = "a" * 32
    accepted = client.post("/api/v1/claims/", new_claim, format="json", HTTP_X_CSRFTOKEN="a" * 32)

    assert accepted.status_code == 201
    assert Claim.objects.count() == 1


def test_it_refuses_a_role_that_may_not_create_claims(token_client, reviewer, new_claim):
    response = token_client(reviewer).post("/api/v1/claims/", new_claim, format="json")

    assert response.status_code == 403
    assert "role" in response.json()["detail"]
    assert not Claim.objects.exists()


def test_it_refuses_outsiders_every_write(token_client, outsider, make_claim, new_claim):
    claim = make_claim()
    client = token_client(outsider)

    assert client.post("/api/v1/claims/", new_claim, format="json").status_code == 403
    assert client.patch(f"/api/v1/claims/{claim.pk}/", {"version": 0, "statement": "x"}, format="json").status_code == 403
    assert client.post(f"/api/v1/claims/{claim.pk}/transitions/submit/", {"version": 0}, format="json").status_code == 403
    claim.refresh_from_db()
    assert claim.state == "draft" and claim.statement != "x"


def test_it_edits_a_claim_through_the_service_with_the_version_it_read(token_client, editor, make_claim):
    claim = make_claim(statement="Old wording")
    client = token_client(editor)

    response = client.patch(f"/api/v1/claims/{claim.pk}/", {"version": claim.version, "statement": "New wording"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["statement"] == "New wording"
    assert response.json()["version"] == claim.version + 1
    entry = claim.audit_entries.get(action="edit")
    assert entry.snapshot["changed"]["statement"] == ["Old wording", "New wording"]


def test_it_answers_409_and_writes_nothing_on_a_stale_version(token_client, editor, other_editor, make_claim):
    claim = make_claim(statement="Old wording")
    seen = claim.version
    assert token_client(other_editor).patch(
        f"/api/v1/claims/{claim.pk}/", {"version": seen, "statement": "Erin's wording"}, format="json"
    ).status_code == 200

    response = token_client(editor).patch(f"/api/v1/claims/{claim.pk}/", {"version": seen, "statement": "Eddie's wording"}, format="json")

    assert response.status_code == 409
    assert "changed since" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.statement == "Erin's wording"


def test_it_refuses_to_write_workflow_fields_or_replace_a_claim(token_client, editor, make_claim):
    claim = make_claim()
    client = token_client(editor)

    state = client.patch(f"/api/v1/claims/{claim.pk}/", {"version": claim.version, "state": "published"}, format="json")
    put = client.put(f"/api/v1/claims/{claim.pk}/", {"version": claim.version, "statement": "x"}, format="json")

    assert state.status_code == 400
    assert "state" in state.json()
    assert put.status_code == 405
    claim.refresh_from_db()
    assert claim.state == "draft"
    assert not claim.audit_entries.filter(action="edit").exists()


def test_it_adds_evidence_through_the_service(token_client, editor, make_claim, make_source):
    claim = make_claim()
    source = make_source(title="Ministry statement")

    response = token_client(editor).post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"source": source.pk, "relation": "refutes", "excerpt": "No such bridge exists.", "version": claim.version},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["source"]["title"] == "Ministry statement"
    assert claim.evidence.filter(source=source, relation="refutes").exists()
    assert claim.audit_entries.filter(action="add_evidence").exists()


def test_it_refuses_evidence_once_the_claim_is_frozen(token_client, editor, make_claim, make_source, advance):
    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    before = Evidence.objects.count()

    response = token_client(editor).post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"source": make_source().pk, "relation": "context", "excerpt": "Background.", "version": claim.version},
        format="json",
    )

    assert response.status_code == 409
    assert "send the verdict back" in response.json()["detail"]
    assert Evidence.objects.count() == before


def test_it_adds_speakers_and_sources_through_the_services(token_client, editor):
    client = token_client(editor)

    speaker = client.post("/api/v1/speakers/", {"name": "Dmytro Kuleba", "aliases": ["Кулеба", "クレーバ"]}, format="json")
    source = client.post(
        "/api/v1/sources/",
        {"title": "Press conference", "url": "https://mfa.example/press/1", "kind": "video", "notes": "Desk only"},
        format="json",
    )

    assert speaker.status_code == 201, speaker.json()
    assert {a["name"] for a in speaker.json()["aliases"]} == {"Кулеба", "クレーバ"}
    assert source.status_code == 201, source.json()
    assert source.json()["desk"]["notes"] == "Desk only"


def test_it_writes_no_speaker_when_an_alias_is_taken(token_client, editor, make_speaker):
    make_speaker(name="Dmytro Kuleba", aliases=["Кулеба"])

    response = token_client(editor).post("/api/v1/speakers/", {"name": "Someone Else", "aliases": ["КУЛЕБА"]}, format="json")

    assert response.status_code == 400
    assert "already an alias" in str(response.json())
    assert not Speaker.objects.filter(name="Someone Else").exists()


def test_it_refuses_a_duplicate_source_url_and_sources_from_outsiders(token_client, editor, outsider, make_source):
    make_source(url="https://mfa.example/press/1")

    duplicate = token_client(editor).post("/api/v1/sources/", {"title": "Again", "url": "https://mfa.example/press/1"}, format="json")
    foreign = token_client(outsider).post("/api/v1/sources/", {"title": "Mine"}, format="json")

    assert duplicate.status_code == 400
    assert "already recorded" in str(duplicate.json())
    assert foreign.status_code == 403
    assert not Source.objects.filter(title__in=["Again", "Mine"]).exists()
