"""Speakers complete from the desk: roles and identifiers on the claim form's new speaker and on the speaker page."""

import datetime

from bs4 import BeautifulSoup

from claims.models import Claim, Speaker, SpeakerIdentifier, SpeakerRole
from tests.desk.test_claim_form import claim_data, management
from tests.publishing.schema_org import json_ld


def new_speaker_post(**overrides):
    data = claim_data(
        **{
            "new_speaker-name": "Giorgia Meloni",
            "new_speaker-aliases": "ジョルジャ・メローニ",
            "new_speaker-role_title": "Prime Minister of Italy",
            "new_speaker-role_start": "2022-10-22",
            "new_speaker-role_start_precision": "day",
            "new_speaker-role_end": "",
            "new_speaker-role_end_precision": "day",
            "new_speaker-wikidata": "q3176499",
            "new_speaker-wikipedia": "https://en.wikipedia.org/wiki/Giorgia_Meloni",
            "new_speaker-website": "",
            "said_on": "2022-12-19",
        }
    )
    data.update(management(1))
    data.update(
        {
            "evidence-0-new_title": "Meloni on the talks",
            "evidence-0-new_url": "https://news.example/meloni",
            "evidence-0-relation": "attribution",
            "evidence-0-excerpt": "the exact words",
        }
    )
    data.update(overrides)
    return data


def errors_next_to(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"name": name}).find_parent(class_="field")
    return field.get("class"), field.get_text(" ", strip=True)


def test_one_save_creates_the_speaker_with_a_role_and_identifiers_and_the_claim(client, editor):
    client.force_login(editor)
    response = client.post("/desk/claims/new/", new_speaker_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get(statement="Belarus will deploy Iskander missiles")
    speaker = claim.speaker
    assert speaker.name == "Giorgia Meloni"
    role = speaker.roles.get()
    assert (role.title, role.start_date, role.end_date) == ("Prime Minister of Italy", datetime.date(2022, 10, 22), None)
    assert sorted(speaker.identifiers.values_list("scheme", "value")) == [
        ("wikidata", "Q3176499"),  # normalised from the typed q3176499
        ("wikipedia", "https://en.wikipedia.org/wiki/Giorgia_Meloni"),
    ]
    page = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert "Prime Minister of Italy" in page and "role at the time" in page


def test_a_role_ending_before_it_starts_is_refused_next_to_the_field_and_nothing_is_saved(client, editor):
    client.force_login(editor)
    response = client.post(
        "/desk/claims/new/",
        new_speaker_post(**{"new_speaker-role_end": "2021-01-01", "new_speaker-wikidata": "Q12x"}),
    )
    assert response.status_code == 400
    classes, text = errors_next_to(response, "new_speaker-role_end")
    assert "has-error" in classes and "cannot end before it starts" in text
    classes, text = errors_next_to(response, "new_speaker-wikidata")
    assert "has-error" in classes and "Q2354404" in text
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(attrs={"name": "new_speaker-role_title"})["value"] == "Prime Minister of Italy"  # input kept
    assert not Speaker.objects.filter(name="Giorgia Meloni").exists() and not Claim.objects.exists()


def test_an_identifier_that_names_another_speaker_says_whom(client, editor, make_speaker):
    other = make_speaker("Someone Else")
    SpeakerIdentifier.objects.create(speaker=other, scheme="wikidata", value="Q3176499")
    client.force_login(editor)
    response = client.post("/desk/claims/new/", new_speaker_post())
    assert response.status_code == 400
    classes, text = errors_next_to(response, "new_speaker-wikidata")
    assert "Someone Else" in text
    assert not Claim.objects.exists()


def test_a_partial_end_date_covers_its_whole_year(make_speaker):
    speaker = make_speaker("Dmytro Kuleba")
    role = SpeakerRole(speaker=speaker, title="Minister", start_date=datetime.date(2020, 3, 4), end_date=datetime.date(2024, 9, 5), end_precision="year")
    role.full_clean()
    role.save()
    assert role.end_date == datetime.date(2024, 1, 1) and role.end_display == "2024"
    assert speaker.role_on(datetime.date(2024, 12, 31)) == role
    assert speaker.role_on(datetime.date(2025, 1, 1)) is None


def test_the_public_claimreview_keeps_job_title_and_same_as(client, editor, make_claim, advance):
    speaker = Speaker.objects.create(name="Giorgia Meloni")
    SpeakerRole.objects.create(speaker=speaker, title="Prime Minister of Italy", start_date=datetime.date(2022, 10, 22))
    SpeakerIdentifier.objects.create(speaker=speaker, scheme="wikidata", value="Q3176499")
    claim = make_claim(speaker=speaker, said_on=datetime.date(2022, 12, 19), said_on_precision="day", with_refutation=True)
    advance(claim, to="published")
    author = json_ld(client.get(f"/fact-checks/{claim.pk}/"))[0]["itemReviewed"]["author"]
    assert author["jobTitle"] == "Prime Minister of Italy"
    assert author["sameAs"] == ["https://www.wikidata.org/wiki/Q3176499"]


def rows_post(speaker, roles=(), identifiers=()):
    """The speaker page's two formsets as a browser without JavaScript posts them."""
    data = {}
    for prefix, existing, rows in (
        ("roles", list(speaker.roles.order_by("-start_date", "pk")), roles),
        ("identifiers", list(speaker.identifiers.order_by("scheme", "pk")), identifiers),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(existing)),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


EMPTY_ROLE = {"title": "", "organisation": "", "start_date": "", "start_precision": "day", "end_date": "", "end_precision": "day"}


def test_editors_add_change_and_remove_roles_and_identifiers_on_the_speaker_page(client, editor, make_speaker):
    speaker = make_speaker("Dmytro Kuleba")
    old = SpeakerRole.objects.create(speaker=speaker, title="Deputy PM", start_date=datetime.date(2019, 8, 29))
    client.force_login(editor)
    page = client.get(f"/desk/speakers/{speaker.pk}/")
    assert b"Save roles and identifiers" in page.content
    data = rows_post(
        speaker,
        roles=[
            {**EMPTY_ROLE, "id": old.pk, "title": "Deputy Prime Minister", "start_date": "2019-08-29", "end_date": "2020-03-04"},
            {**EMPTY_ROLE, "title": "Minister of Foreign Affairs", "start_date": "2020-03", "start_precision": "month"},
        ],
        identifiers=[{"scheme": "wikidata", "value": "https://www.wikidata.org/wiki/Q17464566"}],
    )
    data["roles-1-start_date"] = "2020-03-04"
    response = client.post(f"/desk/speakers/{speaker.pk}/details/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted((r.title, r.start_display, r.end_display) for r in speaker.roles.all()) == [
        ("Deputy Prime Minister", "2019-08-29", "2020-03-04"),
        ("Minister of Foreign Affairs", "2020-03", ""),
    ]
    assert list(speaker.identifiers.values_list("value", flat=True)) == ["Q17464566"]
    # Remove the identifier.
    ident = speaker.identifiers.get()
    data = rows_post(speaker, roles=[], identifiers=[{"id": ident.pk, "scheme": "wikidata", "value": "Q17464566", "DELETE": "on"}])
    data["roles-INITIAL_FORMS"] = "0"
    assert client.post(f"/desk/speakers/{speaker.pk}/details/", data).status_code == 302
    assert not speaker.identifiers.exists()


def test_the_speaker_page_refuses_a_role_ending_before_it_starts_next_to_the_field(client, editor, make_speaker):
    speaker = make_speaker("Dmytro Kuleba")
    client.force_login(editor)
    data = rows_post(
        speaker,
        roles=[{**EMPTY_ROLE, "title": "Minister", "start_date": "2020-03-04", "end_date": "2019-01-01"}],
        identifiers=[{"scheme": "wikipedia", "value": "https://example.org/not-wikipedia"}],
    )
    response = client.post(f"/desk/speakers/{speaker.pk}/details/", data)
    assert response.status_code == 400
    classes, text = errors_next_to(response, "roles-0-end_date")
    assert "has-error" in classes and "cannot end before it starts" in text
    classes, text = errors_next_to(response, "identifiers-0-value")
    assert "has-error" in classes and "Wikipedia" in text
    assert not speaker.roles.exists() and not speaker.identifiers.exists()


def test_only_roles_that_may_change_speakers_edit_them(client, chief, outsider, make_speaker):
    speaker = make_speaker("Dmytro Kuleba")
    client.force_login(chief)
    assert b"Save roles and identifiers" not in client.get(f"/desk/speakers/{speaker.pk}/").content
    data = rows_post(speaker, roles=[{**EMPTY_ROLE, "title": "Minister"}])
    assert client.post(f"/desk/speakers/{speaker.pk}/details/", data).status_code == 403
    client.force_login(outsider)
    assert client.post(f"/desk/speakers/{speaker.pk}/details/", data).status_code == 403
    assert not speaker.roles.exists()
