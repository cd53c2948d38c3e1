"""Every stored link is http(s), checked by the model (so forms, admin and API) and the database.

Finding 6 of issue #11: a `javascript:` speaker identifier (scheme "Other") was
published as a link and in ClaimReview `sameAs`.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.forms import modelform_factory

from claims.models import Source, Speaker, SpeakerIdentifier
from claims.validators import is_web_url, web_url_or_none

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example/a.pdf",
    "file:///etc/passwd",
    "//evil.example/x",
    "mailto:desk@example.com",
    "https://",
    "not a url",
]
WEB = ["https://mfa.gov.ua/en/news/1", "http://example.com/a?b=c#d", "HTTPS://EXAMPLE.COM/"]


@pytest.mark.parametrize("value", HOSTILE)
def test_it_refuses_anything_but_web_links(value):
    assert not is_web_url(value) and web_url_or_none(value) is None


@pytest.mark.parametrize("value", WEB)
def test_it_accepts_web_links(value):
    assert web_url_or_none(value) == value


@pytest.mark.parametrize("value", HOSTILE[:6])
def test_it_refuses_a_hostile_source_link_in_model_validation(db, value):
    for field in ("url", "archive_url"):
        with pytest.raises(ValidationError) as refused:
            Source(title="Report", **{field: value}).full_clean()
        assert field in refused.value.message_dict


@pytest.mark.parametrize("scheme", ["other", "website", "wikipedia"])
def test_it_refuses_a_javascript_identifier_through_the_admin_form(make_speaker, scheme):
    form = modelform_factory(SpeakerIdentifier, fields="__all__")(
        {"speaker": make_speaker().pk, "scheme": scheme, "value": "javascript:alert(document.cookie)"}
    )
    assert not form.is_valid()
    assert "http://" in form.errors["value"][0]


def test_it_refuses_a_wikidata_id_that_is_not_one(make_speaker):
    with pytest.raises(ValidationError):
        SpeakerIdentifier(speaker=make_speaker(), scheme="wikidata", value="javascript:1").full_clean()


def test_it_refuses_bad_links_in_the_database_too(make_speaker):
    speaker = make_speaker()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(title="Report", url="javascript:alert(1)")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(title="Report", archive_url="data:text/html,x")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerIdentifier.objects.create(speaker=speaker, scheme="other", value="javascript:alert(1)")


def test_it_never_links_an_identifier_that_is_not_a_web_link():
    assert SpeakerIdentifier(scheme="other", value="javascript:alert(1)").url is None
    assert SpeakerIdentifier(scheme="wikidata", value="Q2354404").url == "https://www.wikidata.org/wiki/Q2354404"
    assert SpeakerIdentifier(scheme="website", value="https://mfa.gov.ua/").url == "https://mfa.gov.ua/"


def test_it_refuses_a_hostile_link_through_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/claims/source/add/",
        {"title": "Report", "url": "ftp://files.example/a.pdf", "kind": "article", "archive_url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "http://" in response.content.decode()
    assert not Source.objects.exists()


def test_it_refuses_a_hostile_link_through_the_api(token_client, editor):
    response = token_client(editor).post(
        "/api/v1/sources/", {"title": "Report", "url": "ftp://files.example/a.pdf"}, format="json"
    )
    assert response.status_code == 400 and "url" in response.json()
    assert not Source.objects.exists()


def test_it_refuses_a_hostile_link_in_the_desk_form(client, editor, make_speaker):
    from tests.desk.test_claim_form import claim_data, management

    client.force_login(editor)
    data = claim_data(speaker=make_speaker().pk)
    data.update(management(1))
    data.update({
        "evidence-0-new_url": "ftp://files.example/a.pdf",
        "evidence-0-new_title": "Transcript",
        "evidence-0-new_kind": "article",
        "evidence-0-relation": "attribution",
        "evidence-0-excerpt": "said so",
    })
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400
    assert not Source.objects.filter(title="Transcript").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_neutralises_links_stored_before_the_rule(old_release):
    """The data migration clears bad source links (kept in the notes) and drops bad identifiers."""
    old = old_release([("claims", "0010_protect_history")])
    speaker = old.get_model("claims", "Speaker").objects.create(name="Speaker before the rule")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO claims_source (title, url, publisher, kind, language, archive_url, file, text, notes, created_at)"
            " VALUES ('Old', 'javascript:alert(1)', '', 'article', '', 'https://archive.example/1', '', '', 'kept', %s)",
            ["2024-01-01 00:00:00"],
        )
        for scheme, value in [("other", "javascript:alert(1)"), ("website", "https://mfa.example/"), ("wikidata", "Q1")]:
            cursor.execute(
                "INSERT INTO claims_speakeridentifier (speaker_id, scheme, value) VALUES (%s, %s, %s)",
                [speaker.pk, scheme, value],
            )
    call_command("migrate", verbosity=0)

    old = Source.objects.get(title="Old")
    assert old.url == "" and old.archive_url == "https://archive.example/1"
    assert old.notes.startswith("kept") and "javascript:alert(1)" in old.notes
    speaker = Speaker.objects.get(pk=speaker.pk)
    assert sorted(speaker.identifiers.values_list("value", flat=True)) == ["Q1", "https://mfa.example/"]
