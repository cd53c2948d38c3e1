"""Every language: any BCP 47 tag, validated and named by langcodes, picked by type-ahead, guessed from text."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import translation

from claims import languages
from claims.models import Claim, Source
from tests.desk.test_claim_form import claim_data, management


def test_tags_are_validated_and_normalised():
    assert languages.normalise_tag("EN-us") == "en-US"
    assert languages.normalise_tag("iw") == "he"  # a deprecated code becomes the current one
    assert languages.normalise_tag("xx") is None and languages.normalise_tag("other") is None
    assert languages.parse_language("Italian (it)") == "it"
    assert languages.parse_language("Italian") == "it"
    assert languages.parse_language("イタリア語") == "it"
    assert languages.parse_language("other") == "und"  # the old list's "Other"
    with pytest.raises(ValidationError, match="not a language tag"):
        languages.validate_language_tag("xx")
    with pytest.raises(ValidationError, match="as en-US"):
        languages.validate_language_tag("en-us")


def test_names_come_in_the_readers_language_and_the_list_is_searchable():
    assert languages.language_name("it", "en") == "Italian"
    assert languages.language_name("it", "ja") == "イタリア語"
    assert languages.search_languages("ital")[0] == {"id": "it", "label": "Italian (it)", "detail": "it"}
    assert len(languages.registry_languages()) > 7000  # every ISO 639 language, not a list of eleven
    with translation.override("ja"):
        assert languages.search_languages("イタリア")[0]["label"] == "イタリア語 (it)"
        assert "ain" in [r["id"] for r in languages.search_languages("ainu")]  # English names match in Japanese too
        assert languages.search_languages("pt-br")[0]["id"] == "pt-BR"  # a regional tag typed in full


def test_the_detector_suggests_only_when_it_is_sure():
    assert languages.detect_language("La guerra in Ucraina continuerà fino alla primavera, ha detto il ministro.") == "it"
    assert languages.detect_language("ミンスクでの会談で戦車の供与について話した") == "ja"
    assert languages.detect_language("Iskander") is None  # too short to tell


def test_the_claim_form_takes_any_language_and_keeps_a_wrong_one_next_to_the_field(client, editor):
    client.force_login(editor)
    data = claim_data(**{"new_speaker-name": "Giorgia Meloni", "statement": "La guerra continuerà", "language": "Italian (it)"})
    data.update(management(1))
    data.update(
        {
            "evidence-0-new_title": "Corriere",
            "evidence-0-new_url": "https://corriere.example/1",
            "evidence-0-new_language": "it",
            "evidence-0-relation": "attribution",
            "evidence-0-excerpt": "La guerra continuerà",
        }
    )
    bad = client.post("/desk/claims/new/", {**data, "language": "Zzyzxian", "evidence-0-new_language": "xx"})
    assert bad.status_code == 400
    soup = BeautifulSoup(bad.content, "html.parser")
    field = soup.find("input", attrs={"name": "language"}).find_parent(class_="field")
    assert "has-error" in field["class"] and "not a language the desk knows" in field.get_text()
    assert soup.find("input", attrs={"name": "language"})["value"] == "Zzyzxian"  # kept as typed
    assert "has-error" in soup.find(attrs={"name": "evidence-0-new_language"}).find_parent(class_="field")["class"]
    assert not Claim.objects.exists()

    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get()
    assert claim.language == "it" and Source.objects.get(title="Corriere").language == "it"
    page = client.get(f"/desk/claims/{claim.pk}/")
    assert "Italian" in page.content.decode()
    edit = BeautifulSoup(client.get(f"/desk/claims/{claim.pk}/edit/").content, "html.parser")
    box = edit.find("input", attrs={"name": "language"})
    assert box["value"] == "Italian (it)" and box["data-combobox-url"] == "/desk/languages/"
    assert client.get("/desk/claims/", {"language": "Italian"}).context["page"].items == [claim]


def test_the_endpoints_answer_the_desk_only(client, editor, outsider):
    client.force_login(editor)
    assert client.get("/desk/languages/", {"q": "bela"}).json()["results"][0]["id"] == "be"
    guess = client.get("/desk/languages/guess/", {"text": "La guerra in Ucraina continuerà fino alla primavera"}).json()
    assert guess["tag"] == "it" and guess["message"] == "Looks like Italian — use it?"
    assert client.get("/desk/languages/guess/", {"text": "ok"}).json() == {"tag": None}
    client.force_login(outsider)
    assert client.get("/desk/languages/", {"q": "bela"}).status_code == 403


@pytest.mark.django_db
def test_the_migration_keeps_old_codes_and_turns_other_into_und(editor):
    migration = importlib.import_module("claims.migrations.0022_any_language")
    claim = Claim.objects.create(created_by=editor, statement="x", language="ja", said_on_precision="unknown", speaker_description="someone")
    Claim.objects.filter(pk=claim.pk).update(language="other", translation_language="en")
    source = Source.objects.create(title="s", language="ru")
    from django.apps import apps

    migration.to_tags(apps, None)
    claim.refresh_from_db()
    source.refresh_from_db()
    assert (claim.language, claim.translation_language, source.language) == ("und", "en", "ru")


def test_an_outlets_languages_follow_the_one_language_rule(editor, client):
    from claims import outlets

    outlet = outlets.create_outlet(user=editor, name="RIA Novosti", languages="RU; en-us, ru")
    assert outlet.languages == "ru, en-US"  # normalised like every language box, each once
    with pytest.raises(ValidationError) as refused:
        outlets.create_outlet(user=editor, name="Sputnik", languages="ru, xx-zz1")
    assert "xx-zz1" in str(refused.value.message_dict["languages"])

    client.force_login(editor)  # the desk form also takes names, in the reader's language or English
    response = client.post(
        "/desk/outlets/new/",
        {"name": "Agenzia Nova", "kind": "agency", "country": "IT", "languages": "Italian, 英語", "homepage": "", "wikidata_id": "", "notes": "", "aliases": ""},
    )
    assert response.status_code == 302
    from claims.models import Outlet

    assert Outlet.objects.get(name="Agenzia Nova").languages == "it, en"


def test_the_claim_list_filter_and_the_admin_alias_box_use_the_language_type_ahead(client, editor, admin_user):
    client.force_login(editor)
    page = BeautifulSoup(client.get("/desk/claims/", {"language": "it"}).content, "html.parser")
    box = page.select_one('input[name="language"]')
    assert box["data-combobox-url"] == "/desk/languages/" and box["value"] == "Italian (it)"
    assert client.get("/desk/claims/", {"language": "Italian (it)"}).context["filter"].form.cleaned_data["language"] == "it"

    client.force_login(admin_user)
    admin = BeautifulSoup(client.get("/admin/claims/speaker/add/").content, "html.parser")
    alias_language = admin.select_one('input[name="aliases-0-language"]')
    assert alias_language["data-combobox-url"] == "/desk/languages/"
    assert admin.select_one('script[type="module"][src$="js/admin_languages.js"]') is not None
