"""Deleting what a published page shows is refused, in the admin and anywhere else, with what uses it.

Finding 4 of issue #11: deleting an organisation cleared speakers' affiliations and
role organisations and silently changed published fact-checks.
"""

import pytest
from django.db.models import ProtectedError
from django.test import RequestFactory

from claims.models import Claim, Event, Speaker, SpeakerRole, Tag
from factcheck.middleware import WorkflowErrorMiddleware
from reviews.models import Rating

REFUSED = "would require deleting the following protected related objects"


@pytest.fixture
def ministry(make_speaker):
    return make_speaker(name="Ministry of Foreign Affairs of Ukraine", kind="organisation")


@pytest.fixture
def kuleba(make_speaker, ministry):
    speaker = make_speaker(name="Dmytro Kuleba", affiliation=ministry)
    SpeakerRole.objects.create(speaker=speaker, title="Minister of Foreign Affairs", organisation=ministry)
    return speaker


def test_it_refuses_deleting_an_organisation_a_speaker_belongs_to(kuleba, ministry):
    with pytest.raises(ProtectedError):
        ministry.delete()
    kuleba.refresh_from_db()
    assert kuleba.affiliation == ministry


def test_it_refuses_deleting_an_organisation_named_in_a_role(make_speaker, ministry):
    speaker = make_speaker(name="Someone")
    SpeakerRole.objects.create(speaker=speaker, title="Spokesperson", organisation=ministry)
    with pytest.raises(ProtectedError):
        ministry.delete()
    assert speaker.roles.get().organisation == ministry


def test_it_refuses_deleting_an_event_or_tag_a_claim_is_about(make_claim):
    event = Event.objects.create(name="Talks in Minsk", date_precision="unknown")
    tag = Tag.objects.create(name="Iskander", slug="iskander")
    claim = make_claim(event=event)
    claim.tags.add(tag)
    with pytest.raises(ProtectedError):
        event.delete()
    with pytest.raises(ProtectedError):
        tag.delete()
    with pytest.raises(ProtectedError):
        Tag.objects.filter(pk=tag.pk).delete()
    claim.refresh_from_db()
    assert claim.event == event and list(claim.tags.all()) == [tag]


def test_it_refuses_deleting_a_rating_a_verdict_uses(make_claim, advance):
    claim = advance(make_claim(with_refutation=True), "published")
    with pytest.raises(ProtectedError):
        Rating.objects.get(pk=claim.current_verdict.rating_id).delete()


def test_it_still_deletes_what_nothing_uses(make_speaker):
    Tag.objects.create(name="Unused", slug="unused").delete()
    make_speaker(name="Nobody", kind="organisation").delete()
    assert not Tag.objects.exists() and not Speaker.objects.filter(name="Nobody").exists()


def test_it_shows_the_admin_what_uses_an_organisation(client, admin_user, kuleba, ministry):
    client.force_login(admin_user)
    page = client.post(f"/admin/claims/speaker/{ministry.pk}/delete/", {"post": "yes"})
    assert page.status_code == 200
    text = page.content.decode()
    assert REFUSED in text and "Dmytro Kuleba" in text
    assert Speaker.objects.filter(pk=ministry.pk).exists()


def test_it_refuses_a_bulk_delete_in_the_admin_and_lists_what_uses_them(client, admin_user, kuleba, ministry, make_claim):
    tag = Tag.objects.create(name="Iskander", slug="iskander")
    claim = make_claim(statement="Iskanders are deployed")
    claim.tags.add(tag)
    client.force_login(admin_user)

    speakers = client.post(
        "/admin/claims/speaker/", {"action": "delete_selected", "_selected_action": [ministry.pk], "post": "yes"}
    )
    tags = client.post("/admin/claims/tag/", {"action": "delete_selected", "_selected_action": [tag.pk], "post": "yes"})

    assert speakers.status_code == 200 and "Dmytro Kuleba" in speakers.content.decode()
    assert tags.status_code == 200 and "Iskanders are deployed" in tags.content.decode()
    assert Speaker.objects.filter(pk=ministry.pk).exists() and Tag.objects.filter(pk=tag.pk).exists()


def test_it_shows_the_admin_the_claims_a_tag_is_on(client, admin_user, make_claim):
    tag = Tag.objects.create(name="Iskander", slug="iskander")
    make_claim(statement="Iskanders are deployed").tags.add(tag)
    client.force_login(admin_user)
    page = client.get(f"/admin/claims/tag/{tag.pk}/delete/")
    assert "Iskanders are deployed" in page.content.decode()
    client.post(f"/admin/claims/tag/{tag.pk}/delete/", {"post": "yes"})
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_it_answers_409_with_the_uses_when_a_view_hits_protected_history(db, kuleba, ministry):
    request = RequestFactory().post("/anywhere/")
    try:
        ministry.delete()
    except ProtectedError as error:
        response = WorkflowErrorMiddleware(lambda r: None).process_exception(request, error)
    assert response.status_code == 409
    assert "Dmytro Kuleba" in response.content.decode()


def test_it_keeps_the_published_affiliation_after_a_refused_delete(client, make_claim, advance, kuleba, ministry):
    claim = advance(make_claim(speaker=kuleba, with_refutation=True), "published")
    with pytest.raises(ProtectedError):
        ministry.delete()
    page = client.get(f"/fact-checks/{claim.pk}/")
    assert page.status_code == 200 and "Dmytro Kuleba" in page.content.decode()
    speaker = Claim.objects.get(pk=claim.pk).speaker
    assert speaker.affiliation_id == ministry.pk and speaker.roles.get().organisation_id == ministry.pk
