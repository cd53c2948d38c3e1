"""Merging two records of one speaker: a confirmation page, everything moves, audited, the old address redirects."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import speakers
from claims.models import AuditEntry, Claim, Speaker, SpeakerIdentifier, SpeakerRole
from claims.search import search_claims
from factcheck.errors import WorkflowError


@pytest.fixture
def pair(make_speaker, make_claim):
    keep = make_speaker("Alexander Lukashenko", aliases=["Лукашенко"])
    drop = make_speaker("A. Lukashenka", aliases=["ルカシェンコ"])
    SpeakerRole.objects.create(speaker=drop, title="President of Belarus", start_date=datetime.date(1994, 7, 20))
    SpeakerIdentifier.objects.create(speaker=drop, scheme="wikidata", value="Q44556")
    member = make_speaker("Press secretary", affiliation=None)
    claim = make_claim(speaker=drop, statement="イスカンデルを配備する", language="ja")
    return keep, drop, member, claim


def test_the_confirmation_page_lists_what_moves_and_the_merge_moves_it(client, chief, pair):
    keep, drop, _member, claim = pair
    client.force_login(chief)
    page = client.get(f"/desk/speakers/{keep.pk}/merge/", {"duplicate": f"#{drop.pk}"})
    assert page.status_code == 200
    text = BeautifulSoup(page.content, "html.parser").select_one(".merge-plan").get_text(" ", strip=True)
    for expected in ("1 claim", "ルカシェンコ", "A. Lukashenka", "President of Belarus", "Q44556"):
        assert expected in text
    assert Speaker.objects.filter(pk=drop.pk).exists()  # nothing moved yet

    response = client.post(f"/desk/speakers/{keep.pk}/merge/", {"duplicate_id": drop.pk, "duplicate": drop.name, "note": "same person"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.speaker == keep and claim.version == 2
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["A. Lukashenka", "Лукашенко", "ルカシェンコ"]
    assert list(keep.roles.values_list("title", flat=True)) == ["President of Belarus"]
    assert list(keep.identifiers.values_list("value", flat=True)) == ["Q44556"]
    assert not Speaker.objects.filter(pk=drop.pk).exists()
    entry = AuditEntry.objects.filter(claim=claim, action="merge_speaker").get()
    assert entry.actor == chief and entry.note == "same person" and entry.snapshot["from_speaker"] == drop.pk
    assert LogEntry.objects.filter(object_id=str(keep.pk), change_message__contains="Merged speaker").exists()
    # The old address leads to the kept speaker; the claim is found by the dropped record's alias.
    old = client.get(f"/desk/speakers/{drop.pk}/")
    assert old.status_code == 301 and old["Location"] == f"/desk/speakers/{keep.pk}/"
    assert list(search_claims(Claim.objects.all(), "A. Lukashenka")) == [claim]


def test_merging_into_itself_is_refused_next_to_the_field(client, chief, pair):
    keep, *_ = pair
    client.force_login(chief)
    response = client.post(f"/desk/speakers/{keep.pk}/merge/", {"duplicate_id": keep.pk})
    assert response.status_code == 400
    error = BeautifulSoup(response.content, "html.parser").select_one("#id_duplicate_error").get_text()
    assert "cannot be merged into itself" in error


def test_a_merge_that_would_give_two_speakers_one_alias_is_refused_and_says_which(client, chief, pair, make_speaker):
    keep, drop, _member, claim = pair
    make_speaker("Someone Else", aliases=["A. Lukashenka"])  # the dropped record's name is someone else's alias
    client.force_login(chief)
    response = client.post(f"/desk/speakers/{keep.pk}/merge/", {"duplicate_id": drop.pk})
    assert response.status_code == 409
    error = BeautifulSoup(response.content, "html.parser").select_one("#id_duplicate_error").get_text()
    assert "“A. Lukashenka” is already an alias of Someone Else" in error
    claim.refresh_from_db()
    assert claim.speaker == drop and Speaker.objects.filter(pk=drop.pk).exists()


def test_two_different_wikidata_ids_are_two_people(pair, chief):
    keep, drop, *_ = pair
    SpeakerIdentifier.objects.create(speaker=keep, scheme="wikidata", value="Q1")
    with pytest.raises(WorkflowError, match="Wikidata says these are two people"):
        speakers.merge_speakers(keep=keep, drop=drop, user=chief)


def test_only_chief_editors_and_admins_merge(client, editor, pair):
    keep, drop, *_ = pair
    client.force_login(editor)
    assert b"Merge a duplicate record" not in client.get(f"/desk/speakers/{keep.pk}/").content
    response = client.post(f"/desk/speakers/{keep.pk}/merge/", {"duplicate_id": drop.pk})
    assert response.status_code == 403
    assert Speaker.objects.filter(pk=drop.pk).exists()


def test_members_and_role_organisations_follow_the_kept_organisation(make_speaker, admin_user):
    keep = make_speaker("Ministry of Defence of Belarus", kind="organisation")
    drop = make_speaker("Belarusian MoD", kind="organisation")
    member = make_speaker("Viktor Khrenin", affiliation=drop)
    role = SpeakerRole.objects.create(speaker=member, title="Minister of Defence", organisation=drop)
    call_command("merge_speakers", str(keep.pk), str(drop.pk), "--user", admin_user.username)
    member.refresh_from_db()
    role.refresh_from_db()
    assert member.affiliation == keep and role.organisation == keep
    with pytest.raises(CommandError, match="itself"):
        call_command("merge_speakers", str(keep.pk), str(keep.pk), "--user", admin_user.username)
