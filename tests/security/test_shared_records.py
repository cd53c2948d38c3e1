"""A published page does not change through a shared record nobody reviews.

A source or an outlet a claim past editing rests on (cited as evidence, reported by, in its
reporting chain, a resolution's evidence) keeps what the public page and ClaimReview show of
it: title, URL, publisher, outlet, kind, dates, archived copy; an outlet's name, homepage and
Wikidata id. Every path refuses the change with a message naming the claim and the way to do it
(a reviewed revision citing a corrected source); the role matrix below covers every desk role
and the admin, and the new values come from the hostile corpus.
"""

import pytest

from claims import outlets
from claims.models import Outlet, ReportingHop, Source
from claims.protection import shared_record_refusal
from factcheck.errors import WorkflowError
from tests.conftest import revise

from .corpus import ACCEPTED

HOSTILE_TITLE = ACCEPTED[len(ACCEPTED) // 2][:400] or "<script>alert(1)</script>"
ROLES = ["editor", "other_editor", "reviewer", "chief", "admin_user"]


@pytest.fixture
def published(make_claim, advance):
    claim = advance(make_claim(with_refutation=True), "published")
    return claim


@pytest.fixture
def cited(published):
    return published.evidence.select_related("source").first().source


@pytest.fixture
def outlet(db, cited, published):
    outlet = Outlet.objects.create(name="Daily Example", homepage="https://daily.example/")
    Source.objects.filter(pk=cited.pk).update(outlet=outlet)
    return outlet


def _admin_source_post(client, source, **changes):
    data = {"title": source.title, "url": source.url, "publisher": source.publisher, "kind": source.kind,
            "language": source.language, "notes": source.notes, "outlet": source.outlet_id or "", **changes}
    return client.post(f"/admin/claims/source/{source.pk}/change/", data)


def _admin_outlet_post(client, outlet, **changes):
    data = {"name": outlet.name, "kind": outlet.kind, "country": outlet.country, "languages": "",
            "homepage": outlet.homepage, "wikidata_id": outlet.wikidata_id, "notes": outlet.notes,
            "expected_version": outlet.version, "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000", **changes}
    return client.post(f"/admin/claims/outlet/{outlet.pk}/change/", data)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_changes_a_published_sources_title_or_url_in_the_admin(request, client, role, published, cited):
    client.force_login(request.getfixturevalue(role))
    response = _admin_source_post(client, cited, title=HOSTILE_TITLE, url="https://elsewhere.example/moved")
    cited.refresh_from_db()
    assert cited.title.startswith("Source ") and cited.url.startswith("https://news.example/")
    if response.status_code == 200:  # roles that may change sources are told why and how
        page = response.content.decode()
        assert f"#{published.pk}" in page and "revision" in page
    else:
        assert response.status_code == 403
    public = client.get(f"/fact-checks/{published.pk}/").content.decode()
    assert "elsewhere.example" not in public


@pytest.mark.parametrize("role", ROLES)
def test_no_role_renames_an_outlet_a_published_fact_check_shows_in_the_admin(request, client, role, published, outlet):
    client.force_login(request.getfixturevalue(role))
    response = _admin_outlet_post(client, outlet, name=HOSTILE_TITLE[:200], homepage="https://elsewhere.example/")
    outlet.refresh_from_db()
    assert (outlet.name, outlet.homepage) == ("Daily Example", "https://daily.example/")
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert f"#{published.pk}" in response.content.decode()


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin_user"])
def test_the_desk_refuses_renaming_an_outlet_a_published_fact_check_shows(request, client, role, published, outlet):
    client.force_login(request.getfixturevalue(role))
    response = client.post(f"/desk/outlets/{outlet.pk}/edit/", {
        "name": "Renamed Daily", "kind": outlet.kind, "country": "", "languages": "", "homepage": outlet.homepage,
        "wikidata_id": "", "notes": "", "aliases": "", "expected_version": outlet.version,
    })
    assert response.status_code == 409
    assert f"#{published.pk}" in response.content.decode()
    outlet.refresh_from_db()
    assert outlet.name == "Daily Example"


def test_the_service_refuses_it_for_every_caller(published, outlet, editor):
    with pytest.raises(WorkflowError, match=f"#{published.pk}"):
        outlets.update_outlet(outlet=outlet, user=editor, expected_version=outlet.version, homepage="https://elsewhere.example/")


def test_notes_and_other_names_stay_editable(client, editor, published, cited, outlet):
    client.force_login(editor)
    cited.refresh_from_db()
    response = _admin_source_post(client, cited, notes="Checked again in December.")
    assert response.status_code == 302
    cited.refresh_from_db()
    assert cited.notes == "Checked again in December."
    outlets.update_outlet(outlet=outlet, user=editor, expected_version=outlet.version, aliases=["DE"], notes="Regional daily.")
    assert list(outlet.aliases.values_list("name", flat=True)) == ["DE"]


def test_a_source_only_drafts_cite_stays_editable(client, editor, make_claim):
    draft = make_claim()
    source = draft.evidence.first().source
    client.force_login(editor)
    assert _admin_source_post(client, source, title="Corrected title").status_code == 302
    source.refresh_from_db()
    assert source.title == "Corrected title"


@pytest.mark.parametrize("use", ["reported_by", "hop_source", "hop_outlet"])
def test_every_way_a_claim_rests_on_a_record_counts(use, published, make_source):
    source = make_source(title="The blog", url="https://blog.example/post")
    outlet = Outlet.objects.create(name="The Blog")
    if use == "reported_by":
        type(published).objects.filter(pk=published.pk).update(reported_by=source)
        record, field = source, "title"
    elif use == "hop_source":
        ReportingHop.objects.create(claim=published, source=source, position=1)
        record, field = source, "url"
    else:
        ReportingHop.objects.create(claim=published, outlet=outlet, position=1)
        record, field = outlet, "name"
    assert shared_record_refusal(record, [field]) is not None
    assert shared_record_refusal(record, ["notes"]) is None


def test_the_way_through_is_a_reviewed_revision_citing_a_corrected_source(published, cited, reviewer, chief, make_source):
    corrected = make_source(title="Corrected title", url="https://news.example/moved")
    kept = [item for item in published.evidence.all() if item.source_id != cited.pk]
    revise(published, kind="update", preparer=reviewer, approver=chief, note="The article moved.", evidence=kept,
           new_evidence=[{"source": corrected, "relation": "attribution", "excerpt": "as reported", "locator": ""}])
    from publishing.selectors import get_public_claim

    shown = {item.source.url for item in get_public_claim(published.pk).current_verdict.evidence.all()}
    assert "https://news.example/moved" in shown and cited.url not in shown


def test_the_admin_says_so_when_the_source_is_opened(client, editor, published, cited):
    client.force_login(editor)
    page = client.get(f"/admin/claims/source/{cited.pk}/change/").content.decode()
    assert f"Fact-check #{published.pk} rests on this source" in page


def test_the_desk_source_page_says_so(client, editor, published, cited, make_claim):
    client.force_login(editor)
    assert f"Fact-check #{published.pk} rests on this source" in client.get(f"/desk/sources/{cited.pk}/").content.decode()
    draft_source = make_claim().evidence.first().source
    assert "rests on this source" not in client.get(f"/desk/sources/{draft_source.pk}/").content.decode()


# --- speakers: editable, but a published fact-check shows its speaker as approved ---------------


def _admin_speaker_post(client, speaker, **changes):
    data = {"name": speaker.name, "kind": speaker.kind, "affiliation": "", "description": speaker.description, **changes}
    for prefix in ("aliases", "roles", "identifiers"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
                     f"{prefix}-MAX_NUM_FORMS": "1000"})
    return client.post(f"/admin/claims/speaker/{speaker.pk}/change/", data)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_renames_the_speaker_a_published_fact_check_shows(request, client, role, published):
    speaker = published.speaker
    client.force_login(request.getfixturevalue(role))
    response = _admin_speaker_post(client, speaker, name=HOSTILE_TITLE[:200], kind="organisation")
    assert response.status_code in (302, 403)
    client.logout()
    page = client.get(f"/fact-checks/{published.pk}/").content.decode()
    feed = client.get("/feeds/fact-checks.rss").content.decode()
    api = client.get(f"/api/v1/claims/{published.pk}/").json()["speaker"]
    assert speaker.name in page and f"Said by {speaker.name}." in feed and api["name"] == speaker.name
    assert api["kind"] == "person" and '"@type": "Person"' in page


def test_a_speaker_renamed_to_hostile_text_shows_safely_once_an_update_publishes_it(client, admin_user, published, reviewer, chief):
    client.force_login(admin_user)
    assert _admin_speaker_post(client, published.speaker, name=HOSTILE_TITLE[:200]).status_code == 302
    client.logout()
    revise(published, kind="update", preparer=reviewer, approver=chief, note="The speaker's name as recorded.")
    assert published.current_verdict.speaker_shown["name"] == HOSTILE_TITLE[:200]
    response = client.get(f"/fact-checks/{published.pk}/")
    assert response.status_code == 200 and b"<script>alert(1)</script>" not in response.content
    assert client.get("/feeds/fact-checks.rss").status_code == 200
