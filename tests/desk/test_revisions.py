"""Revisions of a published fact-check on the desk: start, edit with a new source, send, approve;
refusals that name the step that exists; two people starting at once."""

import pytest

from claims.models import Source
from claims.states import State
from reviews import services
from reviews.models import Correction, FactCheckRevision
from claims.models import AuditEntry


@pytest.fixture
def published(make_claim, advance):
    return advance(make_claim(with_refutation=True), State.PUBLISHED)


def post(client, claim, action, **data):
    return client.post(f"/desk/claims/{claim.pk}/actions/{action}/", {f"{action}-expected_version": claim.version, **{f"{action}-{k}": v for k, v in data.items()}})


def test_a_chief_on_the_edit_page_of_a_published_claim_is_offered_an_update_or_a_correction(client, published, chief):
    client.force_login(chief)
    response = client.get(f"/desk/claims/{published.pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 409
    assert "This fact-check is published: start an update or a correction" in page
    assert f"/desk/claims/{published.pk}/actions/start_update/" in page
    assert f"/desk/claims/{published.pk}/actions/start_correction/" in page


def test_an_update_with_a_new_source_stays_private_until_a_second_person_approves(client, published, reviewer, chief, rating):
    client.force_login(reviewer)
    response = post(client, published, "start_update")
    assert response.status_code == 302 and response["Location"] == f"/desk/claims/{published.pk}/revision/"
    published.refresh_from_db()
    revision = FactCheckRevision.objects.get(claim=published)
    page = client.get(response["Location"]).content.decode()
    assert "Edit the revision" in page

    form = {
        "expected_version": published.version,
        "attribution": revision.attribution,
        "rating": revision.rating_id,
        "summary": revision.summary,
        "explanation": "Five more outlets reported it.",
        "evidence": [e.pk for e in revision.evidence.all()],
        "add-new_title": "Belta report of 20 December",
        "add-new_url": "https://belta.example/20-dec",
        "add-relation": "context",
        "add-excerpt": "Lukashenko answered the next day.",
    }
    response = client.post(f"/desk/claims/{published.pk}/revision/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get(url="https://belta.example/20-dec")
    assert not published.evidence.filter(source=source).exists()  # readers see nothing yet
    assert client.get(f"/fact-checks/{published.pk}/").content.decode().count("Belta report of 20 December") == 0

    # An update that changes the rating is refused next to the rating: that is a correction.
    published.refresh_from_db()
    refused = client.post(f"/desk/claims/{published.pk}/revision/", {**form, "expected_version": published.version, "rating": rating["True"].pk, "add-new_title": "", "add-new_url": "", "add-relation": "", "add-excerpt": ""})
    assert refused.status_code == 400 and "a new rating is a correction" in refused.content.decode()

    published.refresh_from_db()
    assert post(client, published, "propose_revision", note="Added Belta's report of Lukashenko's answer.").status_code == 302
    published.refresh_from_db()
    # The preparer cannot approve: the page says so and still shows the revision.
    refused = post(client, published, "publish_update")
    assert refused.status_code == 403 and "Four-eyes rule" in refused.content.decode()

    client.force_login(chief)
    assert post(client, published, "publish_update").status_code == 302
    published.refresh_from_db()
    assert published.state == State.PUBLISHED and published.evidence.filter(source=source).exists()
    update = Correction.objects.get(claim=published)
    assert update.kind == "update" and update.note == "Added Belta's report of Lukashenko's answer."
    assert published.current_verdict.explanation == "Five more outlets reported it."


def test_two_people_starting_at_once_one_wins_and_the_other_is_shown_the_open_revision(client, published, reviewer, editor):
    version = published.version
    services.start_update(claim=published, user=reviewer, expected_version=version)
    client.force_login(editor)
    before = AuditEntry.objects.count()
    response = client.post(f"/desk/claims/{published.pk}/actions/start_correction/", {"start_correction-expected_version": published.version})
    assert response.status_code == 302 and response["Location"] == f"/desk/claims/{published.pk}/revision/"
    page = client.get(response["Location"]).content.decode()
    assert "already being prepared" in page and "prepared by rita" in page.lower() or "rita" in page
    assert FactCheckRevision.objects.filter(claim=published).count() == 1 and AuditEntry.objects.count() == before


def test_the_database_keeps_one_open_revision_per_claim(published, reviewer):
    from django.db import IntegrityError, transaction

    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    first = FactCheckRevision.objects.get(claim=published)
    with pytest.raises(IntegrityError), transaction.atomic():
        FactCheckRevision.objects.create(
            claim=published, kind="correction", base_verdict=first.base_verdict, attribution=first.attribution,
            rating=first.rating, summary="x", prepared_by=reviewer,
        )


def _revision_form(claim, revision, **extra):
    return {
        "expected_version": claim.version,
        "attribution": revision.attribution,
        "rating": revision.rating_id,
        "summary": revision.summary,
        "explanation": revision.explanation,
        "evidence": [e.pk for e in revision.evidence.all()],
        **extra,
    }


def test_a_revision_adds_a_source_with_an_outlet_the_desk_does_not_know_in_one_save(client, published, reviewer):
    """Issue #27: the new-source row of a revision is the claim form's row, so it takes a new outlet too
    (it was a 500: `Source() got unexpected keyword arguments: 'new_outlet'`)."""
    from claims.models import Outlet

    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    published.refresh_from_db()
    revision = FactCheckRevision.objects.get(claim=published)
    client.force_login(reviewer)
    response = client.post(f"/desk/claims/{published.pk}/revision/", _revision_form(published, revision, **{
        "add-new_title": "Lukashenko answers Kuleba",
        "add-new_url": "https://nashaniva.example/answer",
        "add-new_outlet": "Наша Ніва",
        "add-new_kind": "blog_post",
        "add-relation": "context",
        "add-excerpt": "Лукашэнка адказаў Кулебу.",
    }))
    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get(url="https://nashaniva.example/answer")
    assert source.outlet.name == "Наша Ніва" and source.outlet.kind == Outlet.Kind.BLOG  # as the claim form names it
    page = client.get(response["Location"]).content.decode()
    assert "Lukashenko answers Kuleba" in page

    # A name the desk knows (any script, case) is that outlet, not a second one.
    published.refresh_from_db()
    revision.refresh_from_db()
    response = client.post(f"/desk/claims/{published.pk}/revision/", _revision_form(published, revision, **{
        "add-new_title": "A second report",
        "add-new_url": "https://nashaniva.example/second",
        "add-new_outlet": "наша ніва",
        "add-relation": "context",
        "add-excerpt": "Другі раз.",
    }))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Outlet.objects.filter(name="Наша Ніва").count() == 1
    assert Source.objects.get(url="https://nashaniva.example/second").outlet == source.outlet


def test_the_revision_page_saves_and_sends_in_one_form_and_a_refused_send_loses_nothing(client, published, reviewer):
    """Issue #27: *Save* and *Send for approval* were two forms, so sending dropped what was typed in the other."""
    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    published.refresh_from_db()
    revision = FactCheckRevision.objects.get(claim=published)
    client.force_login(reviewer)
    page = client.get(f"/desk/claims/{published.pk}/revision/").content.decode()
    from bs4 import BeautifulSoup

    form = BeautifulSoup(page, "html.parser").select_one("form.revision-form")
    assert {b.get_text(strip=True) for b in form.select("button[type=submit]")} == {"Save the revision", "Save and send for approval"}
    assert form.select_one("textarea[name='propose_revision-note']") is not None
    assert f"/desk/claims/{published.pk}/actions/propose_revision/" not in page  # no second form for the same step

    typed = _revision_form(published, revision, explanation="Belta reported his answer the next day.", send="1")
    refused = client.post(f"/desk/claims/{published.pk}/revision/", {**typed, "propose_revision-note": ""})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Belta reported his answer the next day." in html  # what was typed is still in the form
    revision.refresh_from_db()
    assert revision.status == "draft" and revision.explanation != "Belta reported his answer the next day."

    # *Save* keeps a note drafted so far too; *Save and send* sends it with the rest.
    saved = {k: v for k, v in typed.items() if k != "send"}
    assert client.post(f"/desk/claims/{published.pk}/revision/", {**saved, "propose_revision-note": "Added Belta's report."}).status_code == 302
    assert "Added Belta&#x27;s report." in client.get(f"/desk/claims/{published.pk}/revision/").content.decode()
    published.refresh_from_db()
    typed["expected_version"] = published.version
    response = client.post(f"/desk/claims/{published.pk}/revision/", {**typed, "propose_revision-note": "Added Belta's report."})
    assert response.status_code == 302 and response["Location"] == f"/desk/claims/{published.pk}/revision/"
    revision.refresh_from_db()
    assert (revision.status, revision.explanation, revision.note) == ("proposed", "Belta reported his answer the next day.", "Added Belta's report.")


def test_a_send_the_step_refuses_saves_nothing_and_keeps_the_input(client, published, reviewer):
    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    published.refresh_from_db()
    revision = FactCheckRevision.objects.get(claim=published)
    client.force_login(reviewer)
    before = AuditEntry.objects.count()
    # Nothing changed: the step refuses; the send is undone with the save (one transaction).
    response = client.post(f"/desk/claims/{published.pk}/revision/", _revision_form(published, revision, send="1", **{"propose_revision-note": "Nothing."}))
    assert response.status_code == 400 and "This revision changes nothing yet" in response.content.decode()
    assert AuditEntry.objects.count() == before
    revision.refresh_from_db()
    assert revision.status == "draft"


def test_an_update_shows_the_rating_read_only_and_a_correction_may_change_it(client, published, reviewer, rating):
    from bs4 import BeautifulSoup

    services.start_update(claim=published, user=reviewer, expected_version=published.version)
    client.force_login(reviewer)
    form = BeautifulSoup(client.get(f"/desk/claims/{published.pk}/revision/").content.decode(), "html.parser").select_one("form.revision-form")
    radios = form.select("input[name=rating]")
    assert radios and all(radio.has_attr("disabled") for radio in radios)
    assert "An update keeps the rating" in form.get_text()

    published.refresh_from_db()
    services.withdraw_revision(claim=published, user=reviewer, expected_version=published.version)
    published.refresh_from_db()
    services.start_correction(claim=published, user=reviewer, expected_version=published.version)
    published.refresh_from_db()
    form = BeautifulSoup(client.get(f"/desk/claims/{published.pk}/revision/").content.decode(), "html.parser").select_one("form.revision-form")
    assert not any(radio.has_attr("disabled") for radio in form.select("input[name=rating]"))
    revision = FactCheckRevision.objects.get(claim=published, status="draft")
    other = next(r for r in rating.values() if r.pk != revision.rating_id and r.label != "Unverifiable")
    response = client.post(f"/desk/claims/{published.pk}/revision/", _revision_form(published, revision, rating=other.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    revision.refresh_from_db()
    assert revision.rating == other


def _hops(*rows, initial=0):
    data = {"hops-TOTAL_FORMS": str(len(rows)), "hops-INITIAL_FORMS": str(initial), "hops-MIN_NUM_FORMS": "0", "hops-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"hops-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_revision_adds_a_reporting_chain_hop_with_a_new_outlet_that_readers_see_only_on_publication(client, published, editor, chief):
    """Issue #27: a revision takes what the claim form takes — a new source, a new outlet and a hop — in one save."""
    from claims.models import Outlet, ReportingHop

    services.start_update(claim=published, user=editor, expected_version=published.version)
    published.refresh_from_db()
    revision = FactCheckRevision.objects.get(claim=published)
    client.force_login(editor)
    page = client.get(f"/desk/claims/{published.pk}/revision/").content.decode()
    assert 'name="hops-TOTAL_FORMS"' in page
    response = client.post(f"/desk/claims/{published.pk}/revision/", {
        **_revision_form(published, revision, **{
            "add-new_title": "Pul Pervogo post", "add-new_url": "https://t.example/pul/1", "add-new_outlet": "Пул Первого",
            "add-relation": "context", "add-excerpt": "Сказал на встрече.",
        }),
        **_hops(
            {"outlet_lookup": "Пул Первого", "new_outlet_kind": "official", "by_speaker": "on", "date": "2022-12-19", "date_precision": "day", "ORDER": "1"},
            {"outlet_lookup": "РИА Новости", "new_outlet_kind": "agency", "source_lookup": "https://t.example/pul/1", "date": "2022-12-20", "date_precision": "day", "ORDER": "2"},
        ),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Outlet.objects.filter(name="Пул Первого").count() == 1  # the hop and the new source name one new outlet
    assert not ReportingHop.objects.filter(claim=published).exists()  # readers see nothing yet
    page = client.get(response["Location"]).content.decode()
    assert "Пул Первого" in page and "РИА Новости" in page

    published.refresh_from_db()
    services.propose_revision(claim=published, user=editor, expected_version=published.version, note="Added how it reached us.")
    published.refresh_from_db()
    services.publish_update(claim=published, user=chief, expected_version=published.version)
    published.refresh_from_db()
    chain = list(published.hops.select_related("outlet", "source").order_by("position"))
    assert [hop.outlet.name for hop in chain] == ["Пул Первого", "РИА Новости"]
    assert chain[1].source.url == "https://t.example/pul/1" and published.reporting == "second_hand"
    assert "Пул Первого" in client.get(f"/fact-checks/{published.pk}/").content.decode()


def test_a_refused_hop_in_a_revision_is_said_next_to_it_and_nothing_is_saved(client, published, editor):
    services.start_update(claim=published, user=editor, expected_version=published.version)
    published.refresh_from_db()
    revision = FactCheckRevision.objects.get(claim=published)
    client.force_login(editor)
    response = client.post(f"/desk/claims/{published.pk}/revision/", {
        **_revision_form(published, revision, explanation="Changed."),
        **_hops({"outlet_lookup": "Unknown wire", "ORDER": "1"}),
    })
    assert response.status_code == 400
    assert "No outlet is called “Unknown wire”" in response.content.decode()
    revision.refresh_from_db()
    assert revision.explanation != "Changed."
