"""Creating and editing a claim with its evidence in one page, saved in one transaction."""

from claims import services
from claims.models import Claim, Evidence, Source, Speaker


def management(total, initial=0):
    return {
        "evidence-TOTAL_FORMS": str(total),
        "evidence-INITIAL_FORMS": str(initial),
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }


def claim_data(**overrides):
    data = {
        "speaker": "",
        "speaker_lookup": "",
        "speaker_description": "",
        "statement": "Belarus will deploy Iskander missiles",
        "language": "en",
        "translation": "",
        "translation_language": "",
        "form": "paraphrase",
        "kind": "fact",
        "said_on": "2022-12-19",
        "said_on_precision": "day",
        "first_reported_on": "2022-12-21",
        "event": "",
        "reporting": "second_hand",
        "reported_by": "",
        "reported_by_lookup": "",
        "reporting_note": "",
        "new_speaker-name": "",
        "new_speaker-kind": "person",
        "new_speaker-aliases": "",
    }
    data.update(overrides)
    return data


def test_it_creates_a_claim_with_two_sources_and_a_new_speaker_in_one_go(client, editor, make_source):
    existing = make_source(title="Belta report", url="https://belta.example/1")
    client.force_login(editor)
    data = claim_data(**{"new_speaker-name": "Alexander Lukashenko", "new_speaker-aliases": "ルカシェンコ\nЛукашэнка"})
    data.update(management(2))
    data.update({
        "evidence-0-source": existing.pk,
        "evidence-0-source_lookup": "Belta report",
        "evidence-0-relation": "attribution",
        "evidence-0-excerpt": "Lukashenko said Iskanders are ready",
        "evidence-0-locator": "para 2",
        "evidence-1-new_url": "https://archive.example/minsk",
        "evidence-1-new_title": "Minsk talks, full transcript",
        "evidence-1-new_publisher": "Archive",
        "evidence-1-new_kind": "official_statement",
        "evidence-1-new_language": "ru",
        "evidence-1-new_published_on": "2022-12-20",
        "evidence-1-relation": "refutes",
        "evidence-1-excerpt": "No deployment was announced",
    })
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get(statement="Belarus will deploy Iskander missiles")
    assert response["Location"] == f"/desk/claims/{claim.pk}/"
    assert claim.state == "draft" and claim.created_by == editor
    assert claim.speaker.name == "Alexander Lukashenko"
    assert sorted(claim.speaker.aliases.values_list("name", flat=True)) == ["Лукашэнка", "ルカシェンコ"]
    assert {(e.source.title, e.relation) for e in claim.evidence.select_related("source")} == {
        ("Belta report", "attribution"),
        ("Minsk talks, full transcript", "refutes"),
    }
    assert Source.objects.get(url="https://archive.example/minsk").kind == "official_statement"


def test_it_reuses_an_existing_speaker_typed_by_alias_without_javascript(client, editor, make_speaker, make_source):
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба"])
    source = make_source(title="MFA statement", url="https://mfa.example/s")
    client.force_login(editor)
    data = claim_data(speaker_lookup="кулеба", reported_by_lookup="https://mfa.example/s")
    data.update(management(1))
    data.update({"evidence-0-source_lookup": "https://mfa.example/s", "evidence-0-relation": "attribution",
                 "evidence-0-excerpt": "quoted"})
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.speaker == kuleba and claim.reported_by == source
    assert Speaker.objects.count() == 1


def test_it_shows_validation_errors_next_to_the_fields_and_saves_nothing(client, editor):
    client.force_login(editor)
    data = claim_data(statement="", said_on="2999-01-01", speaker_lookup="Nobody by this name")
    data.update(management(1))
    data.update({"evidence-0-new_title": "A source", "evidence-0-relation": "", "evidence-0-excerpt": ""})
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "statement" in form.errors and "said_on" in form.errors and "speaker_lookup" in form.errors
    row = response.context["formset"].forms[0]
    assert "relation" in row.errors and "excerpt" in row.errors
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert Claim.objects.count() == 0 and Source.objects.count() == 0


def test_it_refuses_an_alias_that_already_names_someone_else(client, editor, make_speaker):
    make_speaker("Dmytro Kuleba", aliases=["Кулеба"])
    client.force_login(editor)
    data = claim_data(**{"new_speaker-name": "Another Kuleba", "new_speaker-aliases": "Кулеба"})
    data.update(management(0))
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400
    assert "already an alias of Dmytro Kuleba" in response.content.decode()
    assert Speaker.objects.count() == 1 and Claim.objects.count() == 0


def test_it_edits_the_claim_and_its_evidence_together(client, editor, make_claim, make_source):
    claim = make_claim(with_refutation=True)
    attribution, refutation = claim.evidence.order_by("relation", "id")
    client.force_login(editor)
    page = client.get(f"/desk/claims/{claim.pk}/edit/")
    assert page.status_code == 200
    data = claim_data(speaker=claim.speaker_id, speaker_lookup=claim.speaker.name, statement="Edited statement",
                      expected_version=claim.version)
    data.update(management(3, initial=2))
    data.update({
        "evidence-0-id": attribution.pk, "evidence-0-source": attribution.source_id, "evidence-0-relation": "attribution",
        "evidence-0-excerpt": "as reported, more precisely", "evidence-0-locator": "",
        "evidence-1-id": refutation.pk, "evidence-1-source": refutation.source_id, "evidence-1-relation": "refutes",
        "evidence-1-excerpt": refutation.excerpt, "evidence-1-DELETE": "on",
        "evidence-2-source": make_source(title="New context").pk, "evidence-2-relation": "context",
        "evidence-2-excerpt": "background",
    })
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.statement == "Edited statement"
    assert sorted(claim.evidence.values_list("relation", "excerpt")) == [
        ("attribution", "as reported, more precisely"),
        ("context", "background"),
    ]


def test_it_keeps_the_users_input_on_a_stale_edit_and_overwrites_nothing(client, editor, other_editor, make_claim):
    claim = make_claim(statement="Original")
    opened_version = claim.version
    services.update_claim(claim=claim, user=other_editor, expected_version=opened_version, statement="Saved by Erin")
    client.force_login(editor)
    data = claim_data(speaker=claim.speaker_id, statement="Eddie's version", expected_version=opened_version)
    data.update(management(0))
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this claim while you were editing" in body
    assert "Eddie&#x27;s version" in body  # the user's input is still in the form
    assert f'name="expected_version" value="{opened_version}"' in body
    claim.refresh_from_db()
    assert claim.statement == "Saved by Erin"


def test_it_answers_404_for_evidence_of_another_claim(client, editor, make_claim):
    claim = make_claim()
    other = make_claim()
    foreign = other.evidence.get()
    client.force_login(editor)
    data = claim_data(speaker=claim.speaker_id, expected_version=claim.version)
    data.update(management(1, initial=1))
    data.update({"evidence-0-id": foreign.pk, "evidence-0-source": foreign.source_id, "evidence-0-relation": "attribution",
                 "evidence-0-excerpt": "hijacked", "evidence-0-DELETE": "on"})
    assert client.post(f"/desk/claims/{claim.pk}/edit/", data).status_code == 404
    assert Evidence.objects.filter(pk=foreign.pk, excerpt="as reported").exists()


def test_it_lets_roles_in_only_as_far_as_the_workflow_allows(client, make_claim, editor, reviewer, chief, outsider, advance):
    claim = make_claim()
    client.force_login(outsider)
    assert client.get("/desk/claims/new/").status_code == 403
    assert client.get(f"/desk/claims/{claim.pk}/edit/").status_code == 403
    client.force_login(chief)  # decides on verdicts, does not write claims
    assert client.get("/desk/claims/new/").status_code == 403
    assert client.get(f"/desk/claims/{claim.pk}/edit/").status_code == 403
    client.force_login(reviewer)  # researches once assigned (evidence only); a draft is the editors' (README "Roles")
    assert client.get(f"/desk/claims/{claim.pk}/edit/").status_code == 403
    advance(claim, "in_review")
    response = client.get(f"/desk/claims/{claim.pk}/edit/")
    assert response.status_code == 200 and response.context["form"] is None
    client.logout()
    assert client.get("/desk/claims/new/").status_code == 302


def test_it_lets_a_reviewer_add_evidence_without_touching_the_claim(client, make_claim, editor, reviewer, make_source, advance):
    claim = advance(make_claim(), "in_review")
    existing = claim.evidence.get()
    client.force_login(reviewer)
    data = {"expected_version": claim.version}
    data.update(management(2, initial=1))
    data.update({
        "evidence-0-id": existing.pk, "evidence-0-source": existing.source_id, "evidence-0-relation": "attribution",
        "evidence-0-excerpt": existing.excerpt,
        "evidence-1-source": make_source(title="Satellite images").pk, "evidence-1-relation": "refutes",
        "evidence-1-excerpt": "no launchers visible",
    })
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 302
    assert claim.evidence.filter(relation="refutes", excerpt="no launchers visible").exists()


def test_it_refuses_edits_once_a_verdict_is_proposed(client, make_claim, editor, reviewer, rating, advance):
    claim = advance(make_claim(with_refutation=True), "verdict_proposed", summary="No")
    client.force_login(editor)
    response = client.get(f"/desk/claims/{claim.pk}/edit/")
    assert response.status_code == 409
    assert "a chief editor can send the verdict back" in response.content.decode()


def test_it_serves_speaker_and_source_suggestions_as_json(client, editor, make_speaker, make_source, outsider):
    make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ"])
    make_source(title="Minsk talks transcript", publisher="Belta")
    client.force_login(editor)
    speakers = client.get("/desk/speakers/search/", {"q": "ルカシ"}).json()["results"]
    assert [s["label"] for s in speakers] == ["Alexander Lukashenko"]
    sources = client.get("/desk/sources/search/", {"q": "belta"}).json()["results"]
    assert [s["label"] for s in sources] == ["Minsk talks transcript"]
    assert client.get("/desk/speakers/search/", {"q": ""}).json() == {"results": []}
    client.force_login(outsider)
    assert client.get("/desk/speakers/search/", {"q": "a"}).status_code == 403
    assert client.get("/desk/sources/search/", {"q": "a"}).status_code == 403


def test_it_reports_a_stale_hidden_choice_next_to_the_search_box(client, editor):
    client.force_login(editor)
    data = claim_data(speaker="999999", speaker_lookup="Gone speaker")
    data.update(management(1))
    data.update({"evidence-0-source": "888888", "evidence-0-source_lookup": "Gone source",
                 "evidence-0-relation": "attribution", "evidence-0-excerpt": "words"})
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400
    assert "no longer available" in " ".join(response.context["form"].errors["speaker_lookup"])
    assert "no longer available" in " ".join(response.context["formset"].forms[0].errors["source_lookup"])
    assert Claim.objects.count() == 0


def test_it_refuses_forged_posts_from_roles_that_may_not_write_claims(client, make_claim, chief, outsider):
    claim = make_claim(statement="Untouched")
    data = claim_data(speaker=claim.speaker_id, statement="Forged", expected_version=claim.version)
    data.update(management(0))
    for user in (chief, outsider):
        client.force_login(user)
        assert client.post("/desk/claims/new/", data).status_code == 403
        assert client.post(f"/desk/claims/{claim.pk}/edit/", data).status_code == 403
    claim.refresh_from_db()
    assert claim.statement == "Untouched" and Claim.objects.count() == 1


def test_it_escapes_script_laden_input_when_showing_it_again(client, editor):
    client.force_login(editor)
    data = claim_data(statement="<script>alert('x')</script>", said_on="2999-01-01")
    data.update(management(0))
    body = client.post("/desk/claims/new/", data).content.decode()
    assert "<script>alert('x')</script>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


def test_it_keeps_evidence_a_withdrawn_verdict_rested_on_and_says_why(client, make_claim, editor, reviewer, chief, rating, advance):
    from reviews import services as workflow

    claim = advance(make_claim(with_refutation=True), "approved", summary="No")
    workflow.reopen_claim(claim=claim, user=chief, note="New facts", expected_version=claim.version)
    claim.refresh_from_db()
    attribution = claim.evidence.get(relation="attribution")
    client.force_login(editor)
    data = claim_data(speaker=claim.speaker_id, statement=claim.statement, expected_version=claim.version)
    data.update(management(1, initial=1))
    data.update({"evidence-0-id": attribution.pk, "evidence-0-source": attribution.source_id,
                 "evidence-0-relation": "attribution", "evidence-0-excerpt": attribution.excerpt, "evidence-0-DELETE": "on"})
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "A verdict rests on this evidence" in body
    assert "Someone else saved this claim" not in body
    assert claim.evidence.filter(pk=attribution.pk).exists()


# --- issue #27: a field the form does not carry keeps its stored value -----------------------------

import datetime  # noqa: E402

import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from claims.fields import CLAIM_FIELDS  # noqa: E402
from claims.models import Event  # noqa: E402


def browser_submission(html, selector="form.claim-form"):
    """What a browser posts for the form as rendered: enabled fields only, checked boxes, selected options."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.has_attr("disabled") or field.find_parent("template") or field.find_parent("fieldset", disabled=True):
            continue
        name = field["name"]
        if field.name == "textarea":
            data.setdefault(name, []).append(field.text.removeprefix("\n"))
        elif field.name == "select":
            chosen = field.select("option[selected]") or field.select("option")[:1]
            data.setdefault(name, []).extend(option.get("value", option.text) for option in chosen)
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "reset", "file"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


@pytest.fixture
def full_promise(make_claim, make_source, make_speaker):
    """A draft promise with every editable claim field holding a value other than its default."""
    return make_claim(
        kind=Claim.Kind.PROMISE,
        statement="I will visit Washington before the summer.",
        resolution_due=datetime.date(2023, 6, 30),
        speaker_description="a spokesman",
        form="paraphrase",
        translation="ワシントンを訪問する。",
        translation_language="ja",
        said_on=datetime.date(2022, 12, 19),
        said_on_precision="day",
        first_reported_on=datetime.date(2022, 12, 20),
        event=Event.objects.create(name="Press conference", date=datetime.date(2022, 12, 19)),
        reported_by=make_source(title="Reported here"),
        reporting_note="Heard on the radio first.",
    )


def _stored(claim):
    claim.refresh_from_db()
    return {name: getattr(claim, name) for name in CLAIM_FIELDS}


def test_saving_the_edit_form_as_rendered_changes_only_the_word_typed(client, editor, full_promise):
    """Set a resolution date elsewhere (the admin), fix one word on the desk: every other field stays —
    whatever the form shows or leaves out (it blanked the resolution date)."""
    before = _stored(full_promise)
    client.force_login(editor)
    data = browser_submission(client.get(f"/desk/claims/{full_promise.pk}/edit/").content.decode())
    data["statement"] = ["I will visit Washington before summer."]
    response = client.post(f"/desk/claims/{full_promise.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    after = _stored(full_promise)
    assert after.pop("statement") == "I will visit Washington before summer."
    before.pop("statement")
    assert after == before
    assert "Resolution date: 2023-06-30" in client.get(f"/desk/claims/{full_promise.pk}/").content.decode()


@pytest.mark.parametrize("absent", [name for name in CLAIM_FIELDS if name not in ("statement", "speaker")])
def test_a_post_without_a_field_leaves_that_field_as_stored(client, editor, full_promise, absent):
    """A field missing from a post (a page that does not show it, an older form, a script) is never blanked."""
    before = _stored(full_promise)
    client.force_login(editor)
    data = browser_submission(client.get(f"/desk/claims/{full_promise.pk}/edit/").content.decode())
    data.pop(absent, None)
    data.pop(f"{absent}_lookup", None)  # a picked record travels as a hidden id and its search box
    data.pop(f"{absent}_text", None)  # (the type-ahead's box, for events and tags)
    response = client.post(f"/desk/claims/{full_promise.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _stored(full_promise)[absent] == before[absent]


def test_the_claim_form_sets_and_changes_a_promises_resolution_date(client, editor, make_speaker):
    speaker = make_speaker("Volodymyr Zelenskyy")
    client.force_login(editor)
    page = client.get("/desk/claims/new/").content.decode()
    assert 'name="resolution_due"' in page
    data = claim_data(speaker=speaker.pk, speaker_lookup=speaker.name, kind="promise", resolution_due="2023-06-30",
                      statement="I will visit Washington.")
    data.update(management(1))
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get(statement="I will visit Washington.")
    assert claim.resolution_due == datetime.date(2023, 6, 30)
    assert "Resolution date: 2023-06-30" in client.get(f"/desk/claims/{claim.pk}/").content.decode()

    data = browser_submission(client.get(f"/desk/claims/{claim.pk}/edit/").content.decode())
    assert data["resolution_due"] == ["2023-06-30"]
    data["resolution_due"] = ["2023-09-01"]
    assert client.post(f"/desk/claims/{claim.pk}/edit/", data).status_code == 302
    claim.refresh_from_db()
    assert claim.resolution_due == datetime.date(2023, 9, 1)

    # A plain fact has no resolution date: said next to the box, nothing saved.
    data = browser_submission(client.get(f"/desk/claims/{claim.pk}/edit/").content.decode())
    data["kind"] = ["fact"]
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 400
    assert "Only a prediction or a promise has a resolution date" in response.content.decode()
    claim.refresh_from_db()
    assert claim.kind == "promise"
