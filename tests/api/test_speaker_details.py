"""The API adds a speaker's roles and identifiers (claims.speakers rules) and reads them back on the speaker endpoint."""

from claims.models import Speaker


def test_a_new_speaker_comes_with_roles_and_identifiers(token_client, editor, make_speaker):
    ministry = make_speaker(name="Ministry of Foreign Affairs of Ukraine", kind="organisation")
    client = token_client(editor)
    created = client.post(
        "/api/v1/speakers/",
        {
            "name": "Dmytro Kuleba",
            "roles": [{"title": "Minister of Foreign Affairs", "organisation": ministry.pk, "start_date": "2020-03-01", "start_precision": "month"}],
            "identifiers": [{"scheme": "wikidata", "value": "q2354404"}, {"scheme": "website", "value": "https://kuleba.example/"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    read = client.get(f"/api/v1/speakers/{created.json()['id']}/").json()
    role = read["roles"][0]
    assert (role["title"], role["organisation"]["id"], role["start_date"], role["start_precision"]) == (
        "Minister of Foreign Affairs", ministry.pk, "2020-03-01", "month")
    assert {(i["scheme"], i["value"]) for i in read["identifiers"]} == {("wikidata", "Q2354404"), ("website", "https://kuleba.example/")}
    assert "https://www.wikidata.org/wiki/Q2354404" in {i["url"] for i in read["identifiers"]}


def test_a_bad_role_or_identifier_is_a_400_naming_the_field_and_nothing_is_written(token_client, editor):
    client = token_client(editor)
    backwards = client.post(
        "/api/v1/speakers/",
        {"name": "Someone", "roles": [{"title": "Mayor", "start_date": "2020-01-01", "end_date": "2019-01-01"}]},
        format="json",
    )
    assert backwards.status_code == 400
    assert backwards.json()["roles"]["0"]["end_date"] == ["A role cannot end before it starts."]
    bad_id = client.post("/api/v1/speakers/", {"name": "Someone", "identifiers": [{"scheme": "wikidata", "value": "Lukashenko"}]}, format="json")
    assert bad_id.status_code == 400 and "value" in bad_id.json()["identifiers"]["0"], bad_id.json()
    unknown = client.post("/api/v1/speakers/", {"name": "Someone", "roles": [{"title": "Mayor", "salary": 3}]}, format="json")
    assert unknown.status_code == 400 and "salary" in unknown.json()["roles"]["0"]
    assert not Speaker.objects.filter(name="Someone").exists()


def test_an_existing_speakers_roles_and_identifiers_are_edited_in_one_save(token_client, editor, outsider, make_speaker):
    from claims.models import SpeakerIdentifier, SpeakerRole

    speaker = make_speaker(name="Alexander Lukashenko")
    role = SpeakerRole.objects.create(speaker=speaker, title="President")
    old = SpeakerIdentifier.objects.create(speaker=speaker, scheme="website", value="https://old.example/")
    client = token_client(editor)
    url = f"/api/v1/speakers/{speaker.pk}/details/"
    saved = client.post(
        url,
        {
            "roles": [{"id": role.pk, "title": "President of Belarus", "start_date": "1994-07-20"}],
            "identifiers": [{"id": old.pk, "delete": True}, {"scheme": "wikidata", "value": "q5376"}],
        },
        format="json",
    )
    assert saved.status_code == 200, saved.json()
    assert [(r["title"], r["start_date"]) for r in saved.json()["roles"]] == [("President of Belarus", "1994-07-20")]
    assert [(i["scheme"], i["value"]) for i in saved.json()["identifiers"]] == [("wikidata", "Q5376")]

    refused = client.post(url, {"roles": [{"id": role.pk, "end_date": "1990-01-01"}, {"title": "Chairman"}]}, format="json")
    assert refused.status_code == 400 and "end_date" in str(refused.json())
    assert not SpeakerRole.objects.filter(title="Chairman").exists()  # all or nothing
    foreign = client.post(url, {"identifiers": [{"id": 999999, "delete": False, "value": "x"}]}, format="json")
    assert foreign.status_code == 400 and foreign.json()["field"] == "identifiers"
    assert token_client(outsider).post(url, {"roles": [{"title": "Chairman"}]}, format="json").status_code in (403, 404)
