"""Outlets and the reporting chain on the desk: outlet pages, the chain editor in the claim form (no JavaScript), its refusals."""

import datetime

import pytest

from claims import chains as chain_services
from claims import outlets as outlet_services
from claims.models import Claim, Outlet, ReportingHop, Source
from tests.desk.test_claim_form import claim_data, management


def hops_management(total, initial=0):
    return {"hops-TOTAL_FORMS": str(total), "hops-INITIAL_FORMS": str(initial), "hops-MIN_NUM_FORMS": "0", "hops-MAX_NUM_FORMS": "1000"}


def hop(index, **fields):
    return {f"hops-{index}-{name}": value for name, value in fields.items()}


@pytest.fixture
def ria(editor):
    return outlet_services.create_outlet(
        user=editor, name="RIA Novosti", kind="agency", country="RU", languages="ru", aliases=["РИА Новости", "РИА"]
    )


def chain_post(**extra):
    data = claim_data(**{"speaker_description": "A Belarusian official", "reporting": ""})
    data.update(management(1))
    data.update(
        {
            "evidence-0-new_url": "https://corriere.example/minsk",
            "evidence-0-new_title": "Minsk, il vertice",
            "evidence-0-new_kind": "article",
            "evidence-0-new_published_on": "2022-12-21",
            "evidence-0-new_outlet": "Corriere della Sera",
            "evidence-0-relation": "attribution",
            "evidence-0-excerpt": "«I missili sono pronti»",
        }
    )
    data.update(extra)
    return data


def test_an_editor_adds_an_outlet_with_aliases_in_other_scripts_and_a_clash_is_refused_next_to_the_field(client, editor, ria):
    client.force_login(editor)
    response = client.post(
        "/desk/outlets/new/",
        {"name": "БелТА", "kind": "agency", "country": "BY", "languages": "be, ru", "homepage": "https://belta.example/", "wikidata_id": "", "notes": "", "aliases": "BelTA\nBelarusian Telegraph Agency"},
    )
    belta = Outlet.objects.get(name="БелТА")
    assert response["Location"] == f"/desk/outlets/{belta.pk}/"
    assert sorted(belta.aliases.values_list("name", flat=True)) == ["BelTA", "Belarusian Telegraph Agency"]

    refused = client.post(
        "/desk/outlets/new/",
        {"name": "Sputnik", "kind": "agency", "country": "XX", "languages": "xx-zz1", "homepage": "", "wikidata_id": "", "notes": "", "aliases": "риа"},
    )
    page = refused.content.decode()
    assert refused.status_code == 400 and not Outlet.objects.filter(name="Sputnik").exists()
    assert "already names the outlet RIA Novosti" in page  # folded: риа is РИА
    assert "two-letter ISO code" in page and "is not a language the desk knows" in page
    assert 'value="Sputnik"' in page  # the input is kept


def test_a_chief_editor_cannot_add_outlets(client, chief):
    client.force_login(chief)
    assert client.get("/desk/outlets/new/").status_code == 403
    assert client.get("/desk/outlets/").status_code == 200


def test_a_claim_is_entered_with_its_chain_new_outlet_and_same_form_source_in_one_save(client, editor, ria):
    client.force_login(editor)
    data = chain_post(reported_by_lookup="https://corriere.example/minsk")
    data.update(hops_management(3))
    data.update(hop(0, outlet_lookup="РИА Новости", date="2022-12-19", date_precision="day", wording="Ракеты готовы", ORDER="1"))
    data.update(hop(1, outlet_lookup="Agenzia Nova", new_outlet_kind="agency", date="2022-12-20", date_precision="day", wording="I missili sono pronti", ORDER="2"))
    data.update(hop(2, ORDER="3"))  # an empty row is no hop

    response = client.post("/desk/claims/new/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get()
    assert claim.reported_by.title == "Minsk, il vertice" and claim.reported_by.outlet.name == "Corriere della Sera"
    labels = [h.label for h in claim.hops.select_related("outlet", "source__outlet")]
    assert labels == ["RIA Novosti", "Agenzia Nova", "Corriere della Sera"]  # the desk's source closes the chain
    assert claim.reporting == "third_hand"  # follows from the chain
    page = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert "A Belarusian official → RIA Novosti → Agenzia Nova → Corriere della Sera" in page
    assert page.count("Wording changed at this hop") == 1  # Агенция Нова gives other words than РИА
    # Found by the agency's name in Cyrillic, and filtered by "reached us via".
    assert client.get("/desk/claims/", {"q": "РИА Новости"}).context["page"].items == [claim]
    listed = client.get("/desk/claims/", {"via": ria.pk})
    assert listed.context["page"].items == [claim]
    assert 'value="RIA Novosti"' in listed.content.decode() and "<option" not in listed.content.decode().split('name="via"')[0][-400:]


def test_reported_by_may_be_an_outlet_known_only_by_name(client, editor):
    client.force_login(editor)
    data = chain_post(reported_by_lookup="Associated Press", reported_by_outlet_kind="agency")
    data.update(hops_management(0))
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get()
    assert claim.reported_by is None
    assert [h.label for h in claim.hops.all()] == ["Associated Press"]
    assert Outlet.objects.get(name="Associated Press").kind == "agency"


@pytest.mark.parametrize(
    "rows, field, message",
    [
        ([dict(outlet_lookup="РИА", ORDER="1"), dict(outlet_lookup="RIA Novosti", ORDER="2")], "hops-1-outlet_lookup", "cannot loop back to an outlet"),
        ([dict(outlet_lookup="РИА", date="2022-12-30", date_precision="day", ORDER="1")], "hops-0-date", "dated after the source the desk read"),
        ([dict(wording="Words with no hop", ORDER="1")], "hops-0-outlet_lookup", "Name the outlet or the source"),
        ([dict(outlet_lookup="Nobody Knows", ORDER="1")], "hops-0-outlet_lookup", "choose its kind to add it as a new outlet"),
    ],
    ids=["loop", "after-desk-source", "neither", "unknown-outlet"],
)
def test_a_bad_chain_is_refused_next_to_the_field_nothing_saved_input_kept(client, editor, ria, rows, field, message):
    client.force_login(editor)
    data = chain_post(reported_by_lookup="https://corriere.example/minsk")
    data.update(hops_management(len(rows)))
    for index, row in enumerate(rows):
        data.update(hop(index, **row))

    response = client.post("/desk/claims/new/", data)

    assert response.status_code == 400
    form = next(f for f in response.context["hops"].forms if f"hops-{f.prefix.split('-')[1]}-" in field)
    name = field.split("-", 2)[2]
    assert any(message in error for error in form.errors[name]), form.errors
    assert not Claim.objects.exists() and not Source.objects.exists() and not ReportingHop.objects.exists()
    assert Outlet.objects.count() == 1
    assert "Minsk, il vertice" in response.content.decode()  # the editor's input is kept


def test_editing_the_chain_reorders_hops_without_javascript(client, editor, make_claim, make_source):
    wire = make_source(title="RIA wire", url="https://ria.example/1", published_on=datetime.date(2022, 12, 19))
    claim = make_claim(created_by=editor, statement="Rockets are ready", language="en")
    client.force_login(editor)
    page = client.get(f"/desk/claims/{claim.pk}/edit/")
    assert page.status_code == 200 and "hops-TOTAL_FORMS" in page.content.decode()
    data = claim_data(statement="Rockets are ready", speaker=claim.speaker_id or "", speaker_lookup=claim.speaker.name if claim.speaker_id else "", speaker_description=claim.speaker_description, expected_version=str(claim.version), reporting="")
    data.update(management(0))
    data.update(hops_management(2))
    data.update(hop(0, source_lookup="https://ria.example/1", ORDER="2"))
    data.update(hop(1, outlet_lookup="Agenzia Nova", new_outlet_kind="agency", by_speaker="on", ORDER="1"))
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [h.label for h in claim.hops.all()] == ["Agenzia Nova", "RIA wire"]  # the order the editor numbered
    claim.refresh_from_db()
    assert claim.reporting == "second_hand"  # the speaker's own channel, then one relay
    assert claim.audit_entries.last().snapshot["changed"]["hops"][1][0]["by_speaker"] is True


def test_the_outlet_list_and_page_take_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    for n in range(12):
        outlets_ = outlet_services.create_outlet(user=editor, name=f"Outlet {n}", aliases=[f"Алиас {n}", f"エイリアス {n}"])
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        page = client.get("/desk/outlets/")
    assert page.status_code == 200 and "Алиас 11" in page.content.decode()
    with django_assert_max_num_queries(16):
        assert client.get(f"/desk/outlets/{outlets_.pk}/").status_code == 200
    found = client.get("/desk/outlets/search/", {"q": "エイリアス 1"}).json()["results"]
    assert {r["label"] for r in found} == {"Outlet 1", "Outlet 10", "Outlet 11"}


def test_saving_the_edit_form_as_shown_keeps_the_chain(client, editor, ria, make_claim):
    claim = make_claim(created_by=editor, statement="Rockets are ready")
    chain_services.save_chain(claim=claim, hops=[{"outlet": ria, "date": datetime.date(2022, 12, 19), "date_precision": "day"}])
    client.force_login(editor)
    form = client.get(f"/desk/claims/{claim.pk}/edit/").context["hops"]
    data = claim_data(statement="Rockets are ready, he said", speaker=claim.speaker_id, speaker_lookup=claim.speaker.name, expected_version=str(Claim.objects.get(pk=claim.pk).version), reporting="")
    data.update(management(0))
    data.update(hops_management(len(form.forms), initial=len(form.initial)))
    for row in form.forms:  # every hop row exactly as the page shows it
        for name, field in row.fields.items():
            value = row[name].value()
            if value not in (None, "", False):
                data[row.add_prefix(name)] = value.isoformat() if hasattr(value, "isoformat") else value
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(h.label, h.date_display) for h in claim.hops.all()] == [("RIA Novosti", "2022-12-19")]


def test_the_first_reported_date_comes_from_the_chain_with_its_precision(client, editor, ria):
    client.force_login(editor)
    data = chain_post(reported_by_lookup="https://corriere.example/minsk", first_reported_on="2023-01-05")
    data.update(hops_management(2))
    data.update(hop(0, outlet_lookup="РИА Новости", date="2022-12-01", date_precision="month", ORDER="1"))
    data.update(hop(1, outlet_lookup="Agenzia Nova", new_outlet_kind="agency", date="2022-12-20", date_precision="day", ORDER="2"))
    assert client.post("/desk/claims/new/", data).status_code == 302
    claim = Claim.objects.get()
    # RIA's December 2022 is the earliest hop; said on 19 December, so the day said is kept (never "before it was said").
    assert claim.first_reported_on == datetime.date(2022, 12, 19)  # the typed 2023-01-05 gave way to the chain
    page = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert '<time datetime="2022-12">2022-12</time>' in page and "from the reporting chain: RIA Novosti" in page
    edit = client.get(f"/desk/claims/{claim.pk}/edit/").context["form"]
    assert edit.fields["first_reported_on"].disabled  # the chain supplies it: change a hop's date instead


def test_a_chain_without_dates_keeps_the_typed_first_reported_date(client, editor):
    client.force_login(editor)
    data = chain_post(reported_by_lookup="Associated Press", reported_by_outlet_kind="agency", first_reported_on="2022-12-21")
    data.update(hops_management(0))
    assert client.post("/desk/claims/new/", data).status_code == 302
    claim = Claim.objects.get()
    assert claim.first_reported_on == datetime.date(2022, 12, 21)
    assert not client.get(f"/desk/claims/{claim.pk}/edit/").context["form"].fields["first_reported_on"].disabled


def test_a_hop_dated_before_the_claim_was_said_is_refused_next_to_its_date(client, editor, ria):
    client.force_login(editor)
    data = chain_post(reported_by_lookup="https://corriere.example/minsk")
    data.update(hops_management(1))
    data.update(hop(0, outlet_lookup="РИА", date="2022-12-18", date_precision="day", ORDER="1"))
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400 and not Claim.objects.exists()
    assert any("dated before the claim was said" in e for e in response.context["hops"].forms[0].errors["date"])


def test_changing_reported_by_moves_the_end_of_the_chain(client, editor, ria, make_claim, make_source):
    old = make_source(title="Old blog", url="https://old.example/1", published_on=datetime.date(2022, 12, 21))
    new = make_source(title="New paper", url="https://new.example/1", published_on=datetime.date(2022, 12, 22))
    claim = make_claim(created_by=editor, statement="Rockets are ready", reported_by=old)
    chain_services.save_chain(claim=claim, hops=[{"outlet": ria, "date": datetime.date(2022, 12, 20), "date_precision": "day"}])
    assert [h.label for h in claim.hops.all()] == ["RIA Novosti", "Old blog"]
    client.force_login(editor)
    form = client.get(f"/desk/claims/{claim.pk}/edit/").context["hops"]
    data = claim_data(statement="Rockets are ready", speaker=claim.speaker_id, speaker_lookup=claim.speaker.name, expected_version=str(Claim.objects.get(pk=claim.pk).version), reporting="", reported_by=str(new.pk), reported_by_lookup=new.url)
    data.update(management(0))
    data.update(hops_management(len(form.forms), initial=len(form.initial)))
    for row in form.forms:  # the chain as shown, still ending in the old source
        for name in row.fields:
            value = row[name].value()
            if value not in (None, "", False):
                data[row.add_prefix(name)] = value.isoformat() if hasattr(value, "isoformat") else value
    response = client.post(f"/desk/claims/{claim.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [h.label for h in claim.hops.all()] == ["RIA Novosti", "New paper"]


def test_changing_reported_by_without_the_chain_editor_also_moves_its_end(editor, ria, make_claim, make_source):
    from claims import services

    old = make_source(title="Old blog", url="https://old.example/1")
    new = make_source(title="New paper", url="https://new.example/1")
    claim = make_claim(created_by=editor, statement="Rockets are ready", reported_by=old)
    chain_services.save_chain(claim=claim, hops=[{"outlet": ria}])
    services.update_claim(claim=claim, user=editor, expected_version=Claim.objects.get(pk=claim.pk).version, reported_by=new)
    assert [h.label for h in claim.hops.all()] == ["RIA Novosti", "New paper"]


def test_a_typed_first_reported_date_gives_way_to_a_dated_chain_outside_the_form_too(editor, ria, make_claim):
    from claims import services

    claim = make_claim(created_by=editor, statement="Rockets are ready")
    chain_services.save_chain(claim=claim, hops=[{"outlet": ria, "date": datetime.date(2022, 12, 20), "date_precision": "day"}])
    services.update_claim(claim=claim, user=editor, expected_version=Claim.objects.get(pk=claim.pk).version, first_reported_on=datetime.date(2023, 1, 5))
    assert Claim.objects.get(pk=claim.pk).first_reported_on == datetime.date(2022, 12, 20)


def test_a_chain_is_read_in_one_query_however_many_hops_outlets_and_sources(client, editor, ria, make_claim, make_source, advance):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    plain, chained = make_claim(with_refutation=True), make_claim(with_refutation=True)
    nova = outlet_services.create_outlet(user=editor, name="Agenzia Nova", kind="agency")
    tass = outlet_services.create_outlet(user=editor, name="TASS", kind="agency")
    wire = make_source(title="TASS wire", outlet=tass)
    chain_services.save_chain(claim=chained, hops=[{"outlet": ria}, {"outlet": nova}, {"source": wire}])
    for claim in (plain, chained):
        advance(claim, "published")
    client.force_login(editor)
    assert queries(f"/desk/claims/{chained.pk}/") == queries(f"/desk/claims/{plain.pk}/")
    client.logout()
    assert queries(f"/fact-checks/{chained.pk}/") == queries(f"/fact-checks/{plain.pk}/")
