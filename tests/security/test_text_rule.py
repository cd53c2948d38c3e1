"""One text rule for every field: control characters refused naming the field, quotes stored
exactly, one maximum length shared by the desk, the model and the API."""

import json
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, Evidence, Source, Speaker
from factcheck.errors import InvalidInput
from reviews import services

from .world import desk_claim, publish

LIMIT = Claim._meta.get_field("statement").max_length


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def claim_body(**overrides):
    return {"statement": "Fine", "language": "en", "speaker_description": "a citizen", "said_on_precision": "unknown", **overrides}


@pytest.mark.parametrize("char", ["\x1b", "\x08"])
def test_it_refuses_escape_and_backspace_in_a_statement_from_the_desk_naming_the_field(desk, char):
    response = desk_claim(desk, statement=f"Red{char}[31m alert", description="x", excerpt="e", title="t")

    assert not isinstance(response, Claim)
    page = response.content.decode()
    assert "Statement contains an invisible control character" in page
    assert f"U+{ord(char):04X}" in page
    assert not Claim.objects.exists()


@pytest.mark.parametrize("char", ["\x1b", "\x08", "\ufffe", "\ud800", "\x85"])
def test_it_refuses_control_characters_surrogates_and_noncharacters_in_the_api(api, char):
    # Sent as JSON escapes (ASCII), the way a client sends a lone surrogate.
    body = json.dumps(claim_body(statement=f"A{char}B"), ensure_ascii=True)
    response = api.post("/api/v1/claims/", body, content_type="application/json")

    assert response.status_code == 400
    assert "statement" in response.json()
    assert not Claim.objects.exists()


def test_it_refuses_a_control_character_in_an_evidence_excerpt_and_a_speaker_name(api, make_source):
    source = make_source()
    evidence = {"source": source.pk, "relation": "attribution", "excerpt": "said \x1b so"}

    claim = api.post("/api/v1/claims/", claim_body(evidence=[evidence]), format="json")
    speaker = api.post("/api/v1/speakers/", {"name": "Ada\x07"}, format="json")

    assert claim.status_code == 400 and "Excerpt contains" in str(claim.json())
    assert speaker.status_code == 400 and "Name contains" in str(speaker.json())
    assert not Claim.objects.exists() and not Speaker.objects.exists()


def test_it_refuses_a_control_character_in_a_public_retraction_note(make_claim, editor, reviewer, chief):
    people = SimpleNamespace(editor=editor, reviewer=reviewer, chief=chief)
    claim = publish(people, make_claim(), summary="False.", explanation="")

    with pytest.raises(InvalidInput) as refusal:
        services.retract_claim(claim=claim, user=chief, note="Fabricated\x1b[0m", expected_version=claim.version)

    assert refusal.value.field == "note"
    claim.refresh_from_db()
    assert claim.state == "published"


def test_it_stores_quotes_exactly_with_their_spaces_from_the_desk_and_the_api(desk, api, make_source):
    quote = "  «We will not attack»,\r\n  he said.  \u2028"
    excerpt = "\t— We will not attack.  "
    desk_claim(desk, statement=quote, description="x", excerpt=excerpt, title="t", translation=quote)
    source = make_source()
    api.post(
        "/api/v1/claims/",
        claim_body(statement=quote, translation=quote, evidence=[{"source": source.pk, "relation": "attribution", "excerpt": excerpt}]),
        format="json",
    )

    assert [(c.statement, c.translation) for c in Claim.objects.all()] == [(quote, quote)] * 2
    assert list(Evidence.objects.values_list("excerpt", flat=True)) == [excerpt] * 2


def test_it_trims_names_and_titles_as_documented(api):
    api.post("/api/v1/speakers/", {"name": "  Ada Lovelace \n"}, format="json")
    api.post("/api/v1/sources/", {"title": " Minutes ", "publisher": " Desk "}, format="json")

    assert Speaker.objects.get().name == "Ada Lovelace"
    assert Source.objects.values_list("title", "publisher").get() == ("Minutes", "Desk")


def test_it_refuses_an_alias_too_long_once_folded_instead_of_failing_in_the_database(api):
    response = api.post("/api/v1/speakers/", {"name": "Ada", "aliases": ["\ufdfa" * 12]}, format="json")

    assert response.status_code == 400
    assert "spelled out" in str(response.json())
    assert not Speaker.objects.exists()


@pytest.mark.parametrize("blank", ["   ", "\n\t\r\n", "\u2028\u2029\u3000"])
def test_it_refuses_a_statement_of_only_whitespace_everywhere(desk, api, blank):
    from_desk = desk_claim(desk, statement=blank, description="x", excerpt="e", title="t")
    from_api = api.post("/api/v1/claims/", claim_body(statement=blank), format="json")

    assert not isinstance(from_desk, Claim)
    assert from_api.status_code == 400 and "statement" in from_api.json()
    assert not Claim.objects.exists()


def test_it_allows_bidi_overrides_in_plain_text(api):
    text = "\u202eنص عربي\u202c and \u2067עברית\u2069"

    response = api.post("/api/v1/claims/", claim_body(statement=text), format="json")

    assert response.status_code == 201
    assert Claim.objects.get().statement == text


def test_it_applies_one_maximum_length_to_the_desk_and_the_api(desk, api):
    longest, too_long = "x" * LIMIT, "x" * (LIMIT + 1)

    assert isinstance(desk_claim(desk, statement=longest, description="x", excerpt="e", title="t"), Claim)
    assert api.post("/api/v1/claims/", claim_body(statement=longest), format="json").status_code == 201
    refused = desk_claim(desk, statement=too_long, description="x", excerpt="e", title="t")
    assert not isinstance(refused, Claim) and "at most 20000 characters" in refused.content.decode()
    assert api.post("/api/v1/claims/", claim_body(statement=too_long), format="json").status_code == 400
    assert api.post("/api/v1/claims/", claim_body(statement="x" * 100_000), format="json").status_code == 400
    assert Claim.objects.count() == 2


# Text the system writes itself, never a person: derived copies, snapshots, machine ids.
SYSTEM_TEXT = {
    "claims.SpeakerAlias.folded",
    "claims.Claim.import_key",
    "claims.ClaimSearchDocument.document",
    "claims.ClaimSearchDocument.cjk_tokens",
    "claims.Outlet.folded",  # fold(name), set by save()
    "claims.OutletAlias.folded",
    "claims.ClaimMatchKey.statement_tokens",
    "claims.ClaimMatchKey.translation_tokens",
    "claims.MatchTerm.term",
    "claims.MatchPosting.term",
    "claims.AuditEntry.action",
    "claims.AuditEntry.note",  # a workflow note: checked by reviews.services with Correction.note's rule
    "claims.AuditEntry.previous_hash",
    "claims.AuditEntry.entry_hash",
    "comments.Comment.body_html",
    "comments.CommentRevision.body",  # a copy of a checked comment
    "notifications.Notification.text",
    "notifications.Notification.url",
    "claims.ClaimStateCount.state",  # a state code, written by triggers
    "notifications.Notification.key",  # a dedupe key the sweep writes
    "tips.Tip.language",  # the form's language code
    "tips.Tip.token",
    "tips.SubmissionCount.key",  # an HMAC the tip limit writes
    # What a capture read off a fetched page, and the fetcher's own verdicts: never typed by a user.
    "capture.Capture.content_type",
    "capture.Capture.body_sha256",
    "capture.Capture.text_sha256",
    "capture.Capture.title",
    "capture.Capture.text",
    "capture.Capture.robots",
    "capture.Capture.failure",
    "capture.Capture.failure_detail",
    "capture.SourceWatch.last_error",
    "capture.SourceWatch.gone_reason",
    # An intake request's language tags (normalised, or the page's own) and the fetch's verdict.
    "intake.IntakeRequest.language",
    "intake.IntakeRequest.page_language",
    "intake.IntakeRequest.failure",
    "intake.IntakeRequest.failure_message",
    # Rollups copy the audit log's action code and the rating label at the time.
    "analytics.StepFact.action",
    "analytics.StepFact.rating_label",
    "analytics.DurationHistogram.stage",  # a state code or "cycle", written by analytics.rollups only
    "analytics.DurationYearHistogram.stage",
    "analytics.DurationMonth.stage",
    "analytics.StepDay.action",
    # Written by analytics.rollups only: a copy of the claim's language, and "" or "language:<tag>".
    "analytics.StepFact.language",
    "analytics.DurationHistogram.dim",
    "analytics.DurationYearHistogram.dim",
    "analytics.DurationMonth.dim",
    "analytics.ClaimFlow.language",
    "analytics.StepDay.dim",
    "analytics.StepMonth.action",
    "analytics.StepMonth.dim",
}


def test_every_typed_text_field_of_the_project_follows_the_rule():
    from django.apps import apps
    from django.db import models

    from factcheck.text import PlainTextMixin

    unruled = []
    from claims.languages import LanguageField, LanguageListField

    for label in ("claims", "capture", "reviews", "comments", "notifications", "publishing", "analytics", "intake", "tips"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
                    continue
                if isinstance(field, (models.URLField, models.SlugField, models.EmailField, LanguageField, LanguageListField)):
                    continue  # their own validators refuse control characters and spaces (a language is a BCP 47 tag)
                name = f"{label}.{model.__name__}.{field.name}"
                if not isinstance(field, PlainTextMixin) and name not in SYSTEM_TEXT:
                    unruled.append(name)
                if isinstance(field, models.TextField) and isinstance(field, PlainTextMixin):
                    assert field.max_length, f"{name} needs a maximum length"
    assert unruled == []
