"""An edit or step without a readable version is refused on every surface, never applied.

Checking a missing version against the *current* one would let a stale form
silently overwrite someone else's save (issue #11, finding 3).
"""

import pytest

from claims import services as claim_services
from claims.models import Claim
from factcheck.errors import Conflict, parse_version
from reviews import services as workflow
from tests.desk.test_claim_form import claim_data, management

# What a form or client might send instead of a version: missing, empty, garbage, negative.
UNREADABLE = [None, "", "   ", "abc", "1.5", "-1", -1, True, "１", "2" * 30]
UNREADABLE_POSTED = ["", "abc", "1.5", "-1", "１"]  # what a browser can post (missing is tested apart)
RELOAD = "Reload the page, then try again"


@pytest.mark.parametrize("value", UNREADABLE, ids=repr)
def test_it_reads_no_version_from_garbage(value):
    with pytest.raises(Conflict) as refused:
        parse_version(value)
    assert refused.value.rule == "missing_version"
    assert refused.value.status_code == 409
    assert RELOAD in refused.value.message


@pytest.mark.parametrize("value, expected", [(3, 3), ("3", 3), (" 7 ", 7), (0, 0)])
def test_it_reads_a_version_that_is_a_whole_number(value, expected):
    assert parse_version(value) == expected


# --- services ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "abc", -1], ids=repr)
def test_it_refuses_a_service_edit_without_a_version(make_claim, editor, value):
    claim = make_claim(statement="Original")
    with pytest.raises(Conflict) as refused:
        claim_services.update_claim(claim=claim, user=editor, expected_version=value, statement="Overwritten")
    assert refused.value.rule == "missing_version"
    claim.refresh_from_db()
    assert claim.statement == "Original" and claim.audit_entries.count() == 0


@pytest.mark.parametrize("value", [None, "", "abc", -1], ids=repr)
def test_it_refuses_a_workflow_step_without_a_version(make_claim, editor, value):
    claim = make_claim()
    with pytest.raises(Conflict):
        workflow.submit_claim(claim=claim, user=editor, expected_version=value)
    claim.refresh_from_db()
    assert claim.state == "draft" and claim.version == 1


@pytest.mark.parametrize("value", [None, "", "x"], ids=repr)
def test_it_refuses_an_evidence_change_without_a_version(make_claim, make_source, editor, value):
    claim = make_claim()
    with pytest.raises(Conflict):
        claim_services.add_evidence(
            claim=claim, user=editor, expected_version=value, source=make_source(), relation="context", excerpt="x"
        )
    item = claim.evidence.get()
    with pytest.raises(Conflict):
        claim_services.remove_evidence(evidence=item, user=editor, expected_version=value)
    with pytest.raises(Conflict):
        claim_services.update_evidence(evidence=item, user=editor, expected_version=value, excerpt="changed")
    item.refresh_from_db()
    assert claim.evidence.count() == 1 and item.excerpt == "as reported"


def test_it_refuses_a_stale_evidence_change(make_claim, editor):
    claim = make_claim()
    item = claim.evidence.get()
    with pytest.raises(Conflict) as refused:
        claim_services.update_evidence(evidence=item, user=editor, expected_version=claim.version - 1, excerpt="changed")
    assert refused.value.rule == "stale_version"


# --- the desk claim form ----------------------------------------------------------------------------


def _edit_post(claim, **extra):
    data = claim_data(statement="My stale edit", speaker=claim.speaker_id)
    data.update(management(0))
    data.update(extra)
    return data


@pytest.mark.parametrize("value", [None, *UNREADABLE_POSTED], ids=repr)
def test_it_refuses_a_desk_edit_without_a_readable_version(client, make_claim, editor, value):
    claim = make_claim(statement="Someone else's save")
    client.force_login(editor)
    data = _edit_post(claim) if value is None else _edit_post(claim, expected_version=value)

    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)

    assert response.status_code == 409
    assert RELOAD in response.content.decode()
    claim.refresh_from_db()
    assert claim.statement == "Someone else's save" and claim.version == 1


def test_it_refuses_a_stale_desk_edit(client, make_claim, editor):
    claim = make_claim(statement="Original")
    Claim.objects.filter(pk=claim.pk).update(statement="Someone else's save", version=2)
    client.force_login(editor)
    response = client.post(f"/desk/claims/{claim.pk}/edit/", _edit_post(claim, expected_version=1))
    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "Someone else's save"


def test_it_saves_a_desk_edit_that_carries_the_version_it_loaded(client, make_claim, editor):
    claim = make_claim(statement="Original")
    client.force_login(editor)
    response = client.post(f"/desk/claims/{claim.pk}/edit/", _edit_post(claim, expected_version=claim.version))
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).statement == "My stale edit"


@pytest.mark.parametrize("value", [None, *UNREADABLE_POSTED], ids=repr)
def test_it_refuses_a_desk_workflow_button_without_a_readable_version(client, make_claim, editor, value):
    claim = make_claim()
    client.force_login(editor)
    data = {} if value is None else {"submit-expected_version": value}

    response = client.post(f"/desk/claims/{claim.pk}/actions/submit/", data)

    assert response.status_code == 409
    assert RELOAD in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).state == "draft"


# --- the admin ---------------------------------------------------------------------------------------


def _admin_post(claim, **extra):
    data = {
        "speaker": claim.speaker_id,
        "statement": "My admin edit",
        "language": "en",
        "form": "paraphrase",
        "kind": "fact",
        "said_on_precision": "unknown",
        "reporting": "second_hand",
        "translation_language": "en",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("value", [None, *UNREADABLE_POSTED], ids=repr)
def test_it_refuses_an_admin_edit_without_a_readable_version(client, admin_user, make_claim, value):
    claim = make_claim(statement="Someone else's save")
    client.force_login(admin_user)
    data = _admin_post(claim) if value is None else _admin_post(claim, expected_version=value)

    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)

    assert response.status_code == 200  # the admin shows the form again with the reason
    assert RELOAD in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "Someone else's save"


def test_it_saves_an_admin_edit_with_the_version_it_loaded(client, admin_user, make_claim):
    claim = make_claim(statement="Original")
    client.force_login(admin_user)
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", _admin_post(claim, expected_version=claim.version))
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).statement == "My admin edit"


@pytest.mark.parametrize("value", [None, "", "abc"], ids=repr)
def test_it_refuses_an_admin_evidence_edit_without_a_readable_version(client, admin_user, make_claim, value):
    claim = make_claim()
    item = claim.evidence.get()
    client.force_login(admin_user)
    data = {"claim": claim.pk, "source": item.source_id, "relation": "context", "excerpt": "changed", "locator": ""}
    if value is not None:
        data["claim_version"] = value
    response = client.post(f"/admin/claims/evidence/{item.pk}/change/", data)
    assert response.status_code == 200
    assert RELOAD in response.content.decode()
    item.refresh_from_db()
    assert item.excerpt == "as reported"


# --- the API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["missing", None, "", "abc", -1, "1.5"], ids=repr)
def test_it_refuses_an_api_edit_without_a_readable_version(token_client, editor, make_claim, value):
    claim = make_claim(statement="Someone else's save")
    body = {"statement": "Overwritten"}
    if value != "missing":
        body["version"] = value
    response = token_client(editor).patch(f"/api/v1/claims/{claim.pk}/", body, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    assert Claim.objects.get(pk=claim.pk).statement == "Someone else's save"


def test_it_refuses_a_stale_api_edit(token_client, editor, make_claim):
    claim = make_claim(statement="Original")
    Claim.objects.filter(pk=claim.pk).update(statement="Someone else's save", version=2)
    response = token_client(editor).patch(f"/api/v1/claims/{claim.pk}/", {"statement": "x", "version": 1}, format="json")
    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).statement == "Someone else's save"


@pytest.mark.parametrize("value", ["missing", None, "", "abc", -1], ids=repr)
def test_it_refuses_an_api_step_or_evidence_without_a_readable_version(token_client, editor, make_claim, make_source, value):
    claim = make_claim()
    body = {} if value == "missing" else {"version": value}
    client = token_client(editor)
    step = client.post(f"/api/v1/claims/{claim.pk}/transitions/submit/", body, format="json")
    evidence = client.post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"source": make_source().pk, "relation": "context", "excerpt": "x", **body},
        format="json",
    )
    assert step.status_code == 400 and "version" in step.json()
    assert evidence.status_code == 400 and "version" in evidence.json()
    claim.refresh_from_db()
    assert claim.state == "draft" and claim.evidence.count() == 1


# --- outlets: the same check as claims, on the desk and in the admin ----------------------------------

OUTLET_CHANGED = "This outlet changed since you opened it"


def _outlet_form(outlet, **changes):
    data = {"name": outlet.name, "kind": outlet.kind, "country": outlet.country, "languages": outlet.languages,
            "homepage": outlet.homepage, "wikidata_id": outlet.wikidata_id, "notes": outlet.notes, "aliases": "РИА"}
    data.update(changes)
    return data


def _loaded_version(page):
    import re

    found = re.search(r'name="expected_version" value="(\d+)"', page.content.decode())
    assert found, "the edit form carries the version it shows"
    return found.group(1)


@pytest.fixture
def ria(editor):
    from claims import outlets

    return outlets.create_outlet(user=editor, name="RIA Novosti", kind="agency", aliases=["РИА"])


def test_it_refuses_a_stale_desk_outlet_edit_and_keeps_the_other_save(client, editor, other_editor, ria):
    from claims.models import Outlet

    client.force_login(editor)
    mine = _loaded_version(client.get(f"/desk/outlets/{ria.pk}/edit/"))
    theirs = client.__class__()
    theirs.force_login(other_editor)
    saved = theirs.post(f"/desk/outlets/{ria.pk}/edit/", _outlet_form(ria, notes="Their note", expected_version=_loaded_version(theirs.get(f"/desk/outlets/{ria.pk}/edit/"))))
    assert saved.status_code == 302

    response = client.post(f"/desk/outlets/{ria.pk}/edit/", _outlet_form(ria, notes="My stale note", expected_version=mine))

    assert response.status_code == 409
    page = response.content.decode()
    assert OUTLET_CHANGED in page and "My stale note" in page  # the reason, and the input kept to copy
    assert Outlet.objects.get(pk=ria.pk).notes == "Their note"


@pytest.mark.parametrize("value", [None, *UNREADABLE_POSTED], ids=repr)
def test_it_refuses_a_desk_outlet_edit_without_a_readable_version(client, editor, ria, value):
    from claims.models import Outlet

    client.force_login(editor)
    data = _outlet_form(ria, notes="Overwritten") if value is None else _outlet_form(ria, notes="Overwritten", expected_version=value)
    response = client.post(f"/desk/outlets/{ria.pk}/edit/", data)
    assert response.status_code == 409 and RELOAD in response.content.decode()
    assert Outlet.objects.get(pk=ria.pk).notes == ""


def _admin_outlet_post(outlet, **extra):
    data = {"name": outlet.name, "kind": outlet.kind, "country": "", "languages": "", "homepage": "", "wikidata_id": "",
            "notes": "Admin note", "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    data.update(extra)
    return data


def test_it_refuses_a_stale_admin_outlet_edit_and_saves_a_fresh_one(client, admin_user, editor, ria):
    from claims import outlets
    from claims.models import Outlet

    client.force_login(admin_user)
    loaded = _loaded_version(client.get(f"/admin/claims/outlet/{ria.pk}/change/"))
    outlets.update_outlet(outlet=ria, user=editor, expected_version=ria.version, notes="Their note")

    stale = client.post(f"/admin/claims/outlet/{ria.pk}/change/", _admin_outlet_post(ria, expected_version=loaded))
    assert stale.status_code == 200 and OUTLET_CHANGED in stale.content.decode()
    assert Outlet.objects.get(pk=ria.pk).notes == "Their note"
    missing = client.post(f"/admin/claims/outlet/{ria.pk}/change/", _admin_outlet_post(ria))
    assert missing.status_code == 200 and RELOAD in missing.content.decode()

    fresh = client.post(f"/admin/claims/outlet/{ria.pk}/change/", _admin_outlet_post(ria, expected_version=Outlet.objects.get(pk=ria.pk).version))
    assert fresh.status_code == 302
    assert Outlet.objects.get(pk=ria.pk).notes == "Admin note"


def test_the_outlet_service_refuses_a_stale_or_missing_version(editor, ria):
    from claims import outlets

    with pytest.raises(Conflict) as missing:
        outlets.update_outlet(outlet=ria, user=editor, notes="x")
    assert missing.value.rule == "missing_version"
    outlets.update_outlet(outlet=ria, user=editor, expected_version=ria.version, notes="first")
    with pytest.raises(Conflict) as stale:
        outlets.update_outlet(outlet=ria, user=editor, expected_version=ria.version, notes="second")
    assert OUTLET_CHANGED in stale.value.message
