"""The OpenAPI schema the app serves is valid OpenAPI 3 and describes the real endpoints; the docs page obeys the CSP."""

import re

from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from reviews.workflow import TRANSITIONS


def test_it_serves_a_valid_openapi_3_schema(api, db):
    response = api.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on any violation of the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/evidence/",
        "/api/v1/claims/{id}/transitions/{transition}/",
        "/api/v1/claims/{id}/claimreview/",
        "/api/v1/speakers/{id}/",
        "/api/v1/sources/{id}/",
        "/api/v1/verdicts/{id}/",
        "/api/v1/corrections/",
        "/api/v1/ratings/",
    ):
        assert path in schema["paths"], path


def test_it_documents_the_refusals_of_writes(api, db):
    schema = api.get("/api/schema/?format=json").json()

    step = schema["paths"]["/api/v1/claims/{id}/transitions/{transition}/"]["post"]
    edit = schema["paths"]["/api/v1/claims/{id}/"]["patch"]

    assert {"200", "400", "401", "403", "404", "409"} <= set(step["responses"])
    assert {"200", "400", "401", "403", "404", "409"} <= set(edit["responses"])
    names = next(p for p in step["parameters"] if p["name"] == "transition")["schema"]["enum"]
    assert set(names) == set(TRANSITIONS)
    assert "put" not in schema["paths"]["/api/v1/claims/{id}/"]


def test_it_keeps_workflow_fields_out_of_the_write_schemas(api, db):
    components = api.get("/api/schema/?format=json").json()["components"]["schemas"]

    for name in ("ClaimCreate", "ClaimUpdate"):
        writable = set(components[name]["properties"])
        assert not writable & {"state", "current_verdict", "published_at", "assigned_reviewer", "created_by"}, name
    assert "version" in components["ClaimUpdate"]["required"]
    for name in ("ClaimCreate", "ClaimUpdate", "EvidenceInput", "AddEvidence", "TransitionInput"):
        assert components[name]["additionalProperties"] is False, name  # unknown fields are a 400


def test_it_serves_the_api_docs_without_inline_script_or_style(api, db):
    page = api.get("/api/docs/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "<style" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attributes for attributes in scripts)
    assert "cdn" not in html.lower()
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]

    init = api.get("/api/docs/?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()


def test_it_ships_swagger_ui_as_its_own_static_files():
    for path in (
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "api/swagger.css",
    ):
        assert finders.find(path), path


def test_it_renders_the_browsable_api_for_readers_and_the_desk(api, token_client, editor, published_claim, make_claim):
    claim = published_claim()
    draft = make_claim()
    desk = token_client(editor)

    for client, url in (
        (api, "/api/v1/"),
        (api, "/api/v1/claims/"),
        (api, f"/api/v1/claims/{claim.pk}/"),
        (desk, "/api/v1/claims/"),
        (desk, f"/api/v1/claims/{draft.pk}/"),
        (desk, f"/api/v1/claims/{draft.pk}/transitions/"),
        (desk, f"/api/v1/claims/{draft.pk}/audit/"),
    ):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


def test_it_answers_options_requests(api, token_client, editor, make_claim):
    claim = make_claim()
    desk = token_client(editor)

    for client in (api, desk):
        for url in ("/api/v1/claims/", f"/api/v1/claims/{claim.pk}/", f"/api/v1/claims/{claim.pk}/transitions/submit/", "/api/v1/sources/"):
            assert client.options(url).status_code == 200, url


def test_it_documents_the_canonical_filter_names_only(api, db):
    schema = api.get("/api/schema/?format=json").json()

    names = {p["name"] for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}

    assert {"q", "speaker", "rating", "tag", "kind", "language", "said_from", "said_until"} <= names
    assert {"published_from", "published_until", "limit", "offset"} <= names
    assert not names & {"said_after", "said_before", "said_to", "published_after", "published_before"}


def test_it_documents_throttling_and_minimum_lengths(api, db):
    schema = api.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "429" in operation["responses"], (method, path)
    assert components["ClaimCreate"]["properties"]["statement"]["minLength"] == 1
    assert components["ClaimCreate"]["properties"]["statement"]["maxLength"] == 20_000
    assert components["EvidenceInput"]["properties"]["excerpt"]["minLength"] == 1
    assert components["SpeakerCreate"]["properties"]["aliases"]["items"]["minLength"] == 1
    assert "minLength" not in components["ClaimCreate"]["properties"]["translation"]  # may be blank
