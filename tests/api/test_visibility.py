"""Who sees what: the public only published fact-checks, the desk everything, outsiders no desk data."""

from claims.models import Claim
from reviews import services
from tests.conftest import revise


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_it_shows_anonymous_readers_only_published_claims(api, make_claim, published_claim):
    draft = make_claim(statement="A draft nobody outside should read")
    published = published_claim(statement="The bridge was built in 1990")

    response = api.get("/api/v1/claims/")

    assert response.status_code == 200
    assert ids(response) == {published.pk}
    assert "A draft nobody outside should read" not in response.content.decode()
    assert api.get(f"/api/v1/claims/{draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/claims/{published.pk}/").json()["statement"] == "The bridge was built in 1990"


def test_it_answers_404_for_unknown_and_unpublished_ids_alike(api, make_claim):
    draft = make_claim()

    unknown = api.get("/api/v1/claims/999999/")
    unpublished = api.get(f"/api/v1/claims/{draft.pk}/")

    assert unknown.status_code == unpublished.status_code == 404
    assert unknown.json() == unpublished.json()
    assert api.get("/api/v1/claims/99999999999999999999999/").status_code == 404


def test_it_keeps_reviewers_names_and_internal_fields_from_the_public(api, published_claim):
    claim = published_claim()

    body = api.get(f"/api/v1/claims/{claim.pk}/").json()

    assert body["desk"] is None
    assert all(verdict["desk"] is None for verdict in body["verdicts"])
    text = api.get(f"/api/v1/claims/{claim.pk}/").content.decode()
    for username in ("eddie", "rita", "chloe"):
        assert username not in text
    verdicts = api.get("/api/v1/verdicts/").json()["results"]
    assert verdicts and all(v["desk"] is None for v in verdicts)


def test_it_shows_desk_members_drafts_and_who_worked_on_them(api, reviewer, make_claim, published_claim):
    draft = make_claim(statement="Still being drafted")
    published = published_claim()
    api.force_authenticate(reviewer)

    listed = api.get("/api/v1/claims/")
    detail = api.get(f"/api/v1/claims/{published.pk}/").json()

    assert ids(listed) == {draft.pk, published.pk}
    assert api.get(f"/api/v1/claims/{draft.pk}/").json()["statement"] == "Still being drafted"
    assert detail["desk"]["created_by"] == "eddie"
    assert detail["verdicts"][0]["desk"] == {"proposed_by": "rita", "decided_by": "chloe"}


def test_it_treats_a_logged_in_outsider_as_a_public_reader(api, outsider, make_claim, published_claim):
    draft = make_claim()
    published = published_claim()
    api.force_authenticate(outsider)

    assert ids(api.get("/api/v1/claims/")) == {published.pk}
    assert api.get(f"/api/v1/claims/{draft.pk}/").status_code == 404


def test_it_refuses_outsiders_the_desk_only_data(api, outsider, make_claim, published_claim):
    published = published_claim()
    api.force_authenticate(outsider)

    for url in (
        f"/api/v1/claims/{published.pk}/audit/",
        f"/api/v1/claims/{published.pk}/transitions/",
        "/api/v1/claims/?state=draft",
    ):
        response = api.get(url)
        assert response.status_code == 403, url
        assert "desk" in response.json()["detail"]


def test_it_lets_anyone_filter_by_public_states(api, published_claim):
    published = published_claim()
    retracted = published_claim()
    services.retract_claim(claim=retracted, user=retracted.current_verdict.decided_by, note="The source was forged.", expected_version=retracted.version)

    response = api.get("/api/v1/claims/?state=retracted")

    assert response.status_code == 200
    assert ids(response) == {retracted.pk}
    assert published.pk not in ids(response)


def test_it_shows_the_public_only_speakers_and_sources_of_published_claims(api, make_claim, published_claim, make_speaker):
    hidden_speaker = make_speaker(name="Only In Drafts")
    draft = make_claim(speaker=hidden_speaker)
    published = published_claim()

    speakers = {row["name"] for row in api.get("/api/v1/speakers/").json()["results"]}
    sources = {row["id"] for row in api.get("/api/v1/sources/").json()["results"]}

    assert published.speaker.name in speakers
    assert "Only In Drafts" not in speakers
    assert api.get(f"/api/v1/speakers/{hidden_speaker.pk}/").status_code == 404
    assert sources == {item.source_id for item in published.evidence.all()}
    draft_source = draft.evidence.get().source_id
    assert api.get(f"/api/v1/sources/{draft_source}/").status_code == 404


def test_it_shows_speakers_with_aliases_roles_and_identifiers(api, published_claim, make_speaker):
    speaker = make_speaker(name="Dmytro Kuleba", aliases=["Кулеба", "クレーバ"])
    speaker.roles.create(title="Foreign Minister of Ukraine")
    speaker.identifiers.create(scheme="wikidata", value="Q2354404")
    published_claim(speaker=speaker)

    body = api.get(f"/api/v1/speakers/{speaker.pk}/").json()

    assert {alias["name"] for alias in body["aliases"]} == {"Кулеба", "クレーバ"}
    assert body["roles"][0]["title"] == "Foreign Minister of Ukraine"
    assert body["identifiers"] == [
        {"id": speaker.identifiers.get().pk, "scheme": "wikidata", "value": "Q2354404", "url": "https://www.wikidata.org/wiki/Q2354404"}
    ]  # the id is what POST /api/v1/speakers/{id}/details/ changes or removes


def test_it_lists_corrections_of_published_claims(api, published_claim, reviewer, chief, rating):
    claim = published_claim()
    revise(claim, preparer=reviewer, approver=chief, note="We misread the date in the minutes.", rating=rating["Misleading"], summary="Partly so.")

    corrections = api.get("/api/v1/corrections/").json()["results"]
    detail = api.get(f"/api/v1/claims/{claim.pk}/").json()

    assert [c["note"] for c in corrections] == ["We misread the date in the minutes."]
    assert corrections[0]["desk"] is None
    assert detail["state"] == "corrected"
    assert detail["current_verdict"]["rating"]["label"] == "Misleading"
    assert {v["rating"]["label"] for v in detail["verdicts"]} == {"False", "Misleading"}
    assert Claim.objects.get(pk=claim.pk).state == "corrected"


def test_it_serves_the_public_pages_claimreview_for_a_published_claim(api, published_claim, make_claim):
    from publishing.claimreview import claim_review_for
    from publishing.selectors import get_public_claim

    claim = published_claim(statement="The bridge was built in 1990")
    draft = make_claim()

    response = api.get(f"/api/v1/claims/{claim.pk}/claimreview/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    markup = response.json()
    assert markup == claim_review_for(get_public_claim(claim.pk))
    assert markup["@type"] == "ClaimReview"
    assert markup["claimReviewed"] == "The bridge was built in 1990"
    assert markup["reviewRating"]["alternateName"] == "False"
    assert api.get(f"/api/v1/claims/{draft.pk}/claimreview/").status_code == 404


def test_it_has_no_claimreview_for_a_retracted_claim(api, published_claim, chief):
    claim = published_claim()
    services.retract_claim(claim=claim, user=chief, note="The recording was doctored.", expected_version=claim.version)

    assert api.get(f"/api/v1/claims/{claim.pk}/").json()["state"] == "retracted"
    assert api.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404


def test_it_never_shows_comment_threads(api, token_client, reviewer, published_claim):
    from comments.services import start_thread

    claim = published_claim()
    start_thread(claim=claim, user=reviewer, body="Internal: the second source is shaky.")

    for client in (api, token_client(reviewer)):
        for url in (f"/api/v1/claims/{claim.pk}/", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/sources/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "second source is shaky" not in response.content.decode(), url
        assert client.get(f"/api/v1/claims/{claim.pk}/").json()["statement"] == claim.statement


def test_it_hides_verdicts_of_unpublished_claims(api, token_client, editor, make_claim, advance):
    claim = advance(make_claim(with_refutation=True), "approved")
    verdict = claim.verdicts.get()

    assert api.get(f"/api/v1/verdicts/{verdict.pk}/").status_code == 404
    assert api.get("/api/v1/verdicts/").json()["count"] == 0
    assert token_client(editor).get(f"/api/v1/verdicts/{verdict.pk}/").json()["desk"]["proposed_by"] == "rita"
