"""A published fact-check shows its speaker as it was approved (issue #27 item 12).

The speaker is a shared record: renaming it, changing its kind, a role or an identifier in the
admin or on the desk's speaker page changes the speaker's own public page at once, but the
fact-check page, its ClaimReview, the API and the feeds keep showing the speaker as the version in
force was approved, until an update of that fact-check (prepared by one person, approved by
another) publishes the record as it reads then.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from claims import speakers
from claims.models import AuditEntry, Claim, Speaker, SpeakerIdentifier, SpeakerRole
from factcheck.errors import Conflict, InvalidInput
from reviews import services
from reviews.models import Verdict

OLD_NAME, NEW_NAME = "Dmytro Kuleba", "Dmytro Ivanovych Kuleba"
OLD_ROLE, NEW_ROLE = "Minister of Foreign Affairs of Ukraine", "Foreign Minister of Ukraine"
EMPTY_ROLE = {"title": "", "organisation": "", "start_date": "", "start_precision": "day", "end_date": "", "end_precision": "day"}


@pytest.fixture
def kuleba(make_speaker):
    speaker = make_speaker(OLD_NAME)
    SpeakerRole.objects.create(
        speaker=speaker, title=OLD_ROLE, start_date=datetime.date(2020, 3, 4), end_date=datetime.date(2024, 9, 5)
    )
    SpeakerIdentifier.objects.create(speaker=speaker, scheme="wikidata", value="Q2354404")
    return speaker


@pytest.fixture
def published(make_claim, kuleba, advance):
    claim = make_claim(
        speaker=kuleba, statement="No decisions were taken in Minsk.", said_on=datetime.date(2022, 12, 20),
        said_on_precision="day", with_refutation=True,
    )
    return advance(claim, "published")


def rename_in_the_admin(client, admin_user, speaker, **changes):
    client.force_login(admin_user)
    data = {"name": speaker.name, "kind": speaker.kind, "affiliation": "", "description": speaker.description, **changes}
    for prefix in ("aliases", "roles", "identifiers"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
                     f"{prefix}-MAX_NUM_FORMS": "1000"})
    response = client.post(f"/admin/claims/speaker/{speaker.pk}/change/", data, follow=True)
    client.logout()
    assert response.status_code == 200
    speaker.refresh_from_db()
    return response


def retitle_on_the_desk(client, editor, speaker, title):
    """The desk speaker page's roles and identifiers form, as a browser without JavaScript posts it."""
    role, identifier = speaker.roles.get(), speaker.identifiers.get()
    data = {"roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "1", "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
            "identifiers-TOTAL_FORMS": "1", "identifiers-INITIAL_FORMS": "1", "identifiers-MIN_NUM_FORMS": "0",
            "identifiers-MAX_NUM_FORMS": "1000"}
    data.update({f"roles-0-{k}": v for k, v in {**EMPTY_ROLE, "id": role.pk, "title": title, "start_date": "2020-03-04",
                                                  "end_date": "2024-09-05"}.items()})
    data.update({"identifiers-0-id": identifier.pk, "identifiers-0-scheme": "wikidata", "identifiers-0-value": "Q2354404"})
    client.force_login(editor)
    assert client.post(f"/desk/speakers/{speaker.pk}/details/", data).status_code == 302
    client.logout()
    assert speaker.roles.get().title == title


def what_readers_see(client, claim):
    """The speaker's name and role on the page, in its ClaimReview, the API (detail and list), the index and the feed."""
    soup = BeautifulSoup(client.get(f"/fact-checks/{claim.pk}/").content, "html.parser")
    author = json.loads(soup.select_one('script[type="application/ld+json"]').string)["itemReviewed"]["author"]
    api = client.get(f"/api/v1/claims/{claim.pk}/").json()
    listed = next(row for row in client.get("/api/v1/claims/").json()["results"] if row["id"] == claim.pk)
    index = BeautifulSoup(client.get("/").content, "html.parser").select_one(".factcheck-meta a").text
    feed = client.get("/feeds/fact-checks.rss").content.decode()
    return {
        "page": soup.select_one(".speaker-name").text.strip(),
        "page role": soup.select_one(".job-title").text.strip(),
        "ClaimReview": author["name"],
        "ClaimReview jobTitle": author["jobTitle"],
        "ClaimReview @type": author["@type"],
        "API": api["speaker"]["name"],
        "API role": api["speaker_role"],
        "API list": listed["speaker"]["name"],
        "index": index.strip(),
        "feed": OLD_NAME if f"Said by {OLD_NAME}." in feed else NEW_NAME if f"Said by {NEW_NAME}." in feed else None,
    }


def names(seen):
    return {key: value for key, value in seen.items() if key in ("page", "ClaimReview", "API", "API list", "index", "feed")}


def roles(seen):
    return {key: value for key, value in seen.items() if key in ("page role", "ClaimReview jobTitle", "API role")}


def publish_an_update(claim, reviewer, chief):
    """An update whose only change is the speaker as the record reads now: prepared by one, approved by another."""
    claim.refresh_from_db()
    services.start_update(claim=claim, user=reviewer, expected_version=claim.version)
    services.propose_revision(claim=claim, user=reviewer, note="The speaker's full name.", expected_version=claim.version)
    services.publish_update(claim=claim, user=chief, expected_version=claim.version)
    claim.refresh_from_db()


def test_a_rename_in_the_admin_leaves_the_published_fact_check_as_approved(client, admin_user, published, kuleba):
    rename_in_the_admin(client, admin_user, kuleba, name=NEW_NAME, kind=Speaker.Kind.ORGANISATION)
    assert kuleba.name == NEW_NAME

    seen = what_readers_see(client, published)
    assert set(names(seen).values()) == {OLD_NAME}, seen
    assert seen["ClaimReview @type"] == "Person" and seen["ClaimReview jobTitle"] == OLD_ROLE
    # The speaker's own page is about the speaker, not a fact-check: it shows the record as it is.
    own = BeautifulSoup(client.get(f"/speakers/{kuleba.pk}/").content, "html.parser")
    assert own.select_one("h1").text == NEW_NAME
    assert client.get(f"/api/v1/speakers/{kuleba.pk}/").json()["name"] == NEW_NAME


def test_an_approved_update_shows_the_new_name(client, admin_user, published, kuleba, reviewer, chief):
    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    with pytest.raises(InvalidInput, match="changes nothing"):  # nothing to publish yet
        services.propose_revision(claim=published, user=reviewer, note="Nothing.", expected_version=published.version)
    rename_in_the_admin(client, admin_user, kuleba, name=NEW_NAME)
    # The speaker as the record reads now is a change of its own: the update may be sent for it alone.
    services.propose_revision(claim=published, user=reviewer, note="The speaker's full name.", expected_version=published.version)
    services.publish_update(claim=published, user=chief, expected_version=published.version)
    published.refresh_from_db()

    seen = what_readers_see(client, published)
    assert set(names(seen).values()) == {NEW_NAME}, seen
    assert published.state == "published" and published.current_verdict.speaker_shown["name"] == NEW_NAME
    # The audit trail keeps what each version showed.
    entry = AuditEntry.objects.filter(claim=published, action="publish_update").get()
    assert entry.snapshot["verdict"]["speaker_shown"]["name"] == NEW_NAME


def test_a_rename_after_the_update_was_sent_is_not_published_unreviewed(client, admin_user, published, kuleba, reviewer, chief):
    published.refresh_from_db()
    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    rename_in_the_admin(client, admin_user, kuleba, name="First new name")
    services.propose_revision(claim=published, user=reviewer, note="The speaker's full name.", expected_version=published.version)
    # Renamed again while the approver reads what was sent: approving would publish a name nobody reviewed.
    rename_in_the_admin(client, admin_user, kuleba, name=NEW_NAME)
    with pytest.raises(Conflict, match="changed after this revision was sent"):
        services.publish_update(claim=published, user=chief, expected_version=published.version)
    published.refresh_from_db()
    assert set(names(what_readers_see(client, published)).values()) == {OLD_NAME}

    # Sent back and sent again, the change is reviewed with it and published.
    services.return_revision(claim=published, user=chief, note="The name changed again.", expected_version=published.version)
    services.propose_revision(claim=published, user=reviewer, note="The speaker's full name.", expected_version=published.version)
    services.publish_update(claim=published, user=chief, expected_version=published.version)
    published.refresh_from_db()
    assert set(names(what_readers_see(client, published)).values()) == {NEW_NAME}


def test_a_role_changed_on_the_desk_reaches_the_fact_check_only_by_an_update(client, editor, published, kuleba, reviewer, chief):
    retitle_on_the_desk(client, editor, kuleba, NEW_ROLE)
    assert set(roles(what_readers_see(client, published)).values()) == {OLD_ROLE}

    publish_an_update(published, reviewer, chief)
    assert set(roles(what_readers_see(client, published)).values()) == {NEW_ROLE}


def test_an_identifier_added_reaches_same_as_only_by_an_update(client, published, kuleba, reviewer, chief):
    SpeakerIdentifier.objects.create(speaker=kuleba, scheme="website", value="https://kuleba.example/")

    def same_as():
        soup = BeautifulSoup(client.get(f"/fact-checks/{published.pk}/").content, "html.parser")
        return json.loads(soup.select_one('script[type="application/ld+json"]').string)["itemReviewed"]["author"]["sameAs"]

    assert same_as() == ["https://www.wikidata.org/wiki/Q2354404"]
    publish_an_update(published, reviewer, chief)
    assert same_as() == ["https://www.wikidata.org/wiki/Q2354404", "https://kuleba.example/"]


def test_the_desk_shows_what_the_published_page_still_shows_and_the_way_to_change_it(
    client, admin_user, editor, published, kuleba, make_claim
):
    draft = make_claim(speaker=kuleba, statement="A draft of his, not published.")
    response = rename_in_the_admin(client, admin_user, kuleba, name=NEW_NAME)
    assert "1 published fact-check(s) still show this speaker as approved" in response.content.decode()

    client.force_login(editor)
    speaker_page = BeautifulSoup(client.get(f"/desk/speakers/{kuleba.pk}/").content, "html.parser")
    outdated = speaker_page.select_one(".speaker-outdated")
    assert "1 published fact-check still shows this speaker" in outdated.text
    assert outdated.select_one(f'a[href="/desk/claims/{published.pk}/"]') and OLD_NAME in outdated.text
    assert f"/desk/claims/{draft.pk}/" not in str(outdated)

    claim_page = BeautifulSoup(client.get(f"/desk/claims/{published.pk}/").content, "html.parser")
    notice = claim_page.select_one("#speaker-as-published")
    assert OLD_NAME in notice.select_one(".speaker-shown").text and NEW_NAME in notice.select_one(".speaker-now").text
    assert "start an update" in notice.text


def test_the_revision_page_tells_the_approver_the_speaker_changes_with_it(client, admin_user, published, kuleba, reviewer, chief):
    rename_in_the_admin(client, admin_user, kuleba, name=NEW_NAME)
    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    client.force_login(chief)
    notice = BeautifulSoup(client.get(f"/desk/claims/{published.pk}/revision/").content, "html.parser").select_one(
        "#speaker-as-published"
    )
    assert "Publishing this revision also shows the speaker" in notice.text and NEW_NAME in notice.text


def test_merging_the_speaker_into_another_record_leaves_the_published_name(client, published, kuleba, make_speaker, chief):
    kept = make_speaker("D. Kuleba")
    speakers.merge_speakers(keep=kept, drop=kuleba, user=chief)
    published.refresh_from_db()
    assert published.speaker_id == kept.pk
    assert set(names(what_readers_see(client, published)).values()) == {OLD_NAME}


def test_the_desk_finds_every_fact_check_that_shows_the_speaker_otherwise(kuleba, editor, rating):
    """Name, kind, role at the time (which varies with the date said, or none when it is unknown) and links,
    compared in the database one run of dates at a time; a verdict that kept nothing shows the record."""
    SpeakerRole.objects.create(speaker=kuleba, title="Deputy Prime Minister", start_date=datetime.date(2019, 8, 29),
                               end_date=datetime.date(2020, 3, 3))
    readings = {
        "as now, minister": ({"name": OLD_NAME, "kind": "person", "role": OLD_ROLE, "same_as": ["https://www.wikidata.org/wiki/Q2354404"]}, datetime.date(2022, 1, 1)),
        "as now, deputy": ({"name": OLD_NAME, "kind": "person", "role": "Deputy Prime Minister", "same_as": ["https://www.wikidata.org/wiki/Q2354404"]}, datetime.date(2019, 9, 1)),
        "as now, no date": ({"name": OLD_NAME, "kind": "person", "role": "", "same_as": ["https://www.wikidata.org/wiki/Q2354404"]}, None),
        "kept nothing": ({}, datetime.date(2022, 1, 1)),
        "old name": ({"name": "D. Kuleba", "kind": "person", "role": OLD_ROLE, "same_as": ["https://www.wikidata.org/wiki/Q2354404"]}, datetime.date(2022, 1, 2)),
        "old role": ({"name": OLD_NAME, "kind": "person", "role": OLD_ROLE, "same_as": ["https://www.wikidata.org/wiki/Q2354404"]}, datetime.date(2019, 9, 2)),
        "role, no date": ({"name": OLD_NAME, "kind": "person", "role": OLD_ROLE, "same_as": ["https://www.wikidata.org/wiki/Q2354404"]}, None),
        "old kind": ({"name": OLD_NAME, "kind": "organisation", "role": OLD_ROLE, "same_as": ["https://www.wikidata.org/wiki/Q2354404"]}, datetime.date(2022, 1, 3)),
        "no links": ({"name": OLD_NAME, "kind": "person", "role": OLD_ROLE, "same_as": []}, datetime.date(2022, 1, 4)),
    }
    made = {}
    for label, (shown, said_on) in readings.items():
        claim = Claim.objects.create(speaker=kuleba, statement=label, language="en", said_on=said_on,
                                     said_on_precision="day" if said_on else "unknown", state="published", created_by=editor)
        verdict = Verdict.objects.create(claim=claim, attribution="correct", rating=rating["False"], summary="x",
                                         status="approved", proposed_by=editor, speaker_shown=shown)
        Claim.objects.filter(pk=claim.pk).update(current_verdict=verdict, published_at=timezone.now())
        made[label] = claim.pk

    found, total = speakers.outdated_fact_checks(kuleba)
    assert sorted(row.claim.statement for row in found) == ["no links", "old kind", "old name", "old role", "role, no date"]
    assert total == 5 and speakers.outdated_fact_checks(kuleba, limit=2)[1] == 5
    changed = {row.claim.statement: row.changed for row in found}
    assert changed["old name"] == ["name"] and changed["no links"] == ["links (sameAs)"] and changed["old kind"] == ["kind"]
