"""Outlets in the claim search and the "reached us via" filter: any script, kept in sync, through indexes; old free-text chains migrated."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from claims import chains, outlets
from claims.filters import reached_via
from claims.models import Claim, Outlet, OutletAlias, ReportingHop
from claims.search import search_claims
from tests.performance.test_search import _plan


@pytest.fixture
def desk(editor, make_claim, make_source):
    ria = outlets.create_outlet(user=editor, name="RIA Novosti", kind="agency", aliases=["РИА Новости"])
    corriere = outlets.create_outlet(user=editor, name="Corriere della Sera", kind="newspaper")
    wire = make_source(title="Iskander on combat duty", publisher="RIA wire desk", outlet=ria)
    via_ria = make_claim(statement="Rockets are ready")
    chains.save_chain(claim=via_ria, hops=[{"source": wire}])
    via_corriere = make_claim(statement="Something else entirely")
    chains.save_chain(claim=via_corriere, hops=[{"outlet": corriere}])
    make_claim(statement="Unrelated")
    return {"ria": ria, "corriere": corriere, "via_ria": via_ria, "via_corriere": via_corriere}


def found(text):
    return set(search_claims(Claim.objects.all(), text).values_list("statement", flat=True))


@pytest.mark.django_db
def test_the_search_finds_outlet_names_aliases_source_titles_and_publishers(desk):
    assert found("риа новости") == {"Rockets are ready"}  # an alias in Cyrillic, any case
    assert found("ria novosti") == {"Rockets are ready"}  # the outlet of a hop's source
    assert found("combat duty") == {"Rockets are ready"}  # a source title
    assert found("wire desk") == {"Rockets are ready"}  # a publisher
    assert found("Corriere") == {"Something else entirely"}  # an outlet named only by a hop


@pytest.mark.django_db
def test_an_outlet_named_by_one_alias_finds_claims_whose_text_uses_another(desk, make_claim):
    make_claim(statement="Как сообщает РИА Новости, комплексы на боевом дежурстве")
    make_claim(statement="Die Agentur meldete nichts")
    assert found("RIA Novosti") == {"Rockets are ready", "Как сообщает РИА Новости, комплексы на боевом дежурстве"}


@pytest.mark.django_db
def test_a_new_alias_or_a_renamed_outlet_is_found_at_once(desk, editor):
    OutletAlias.objects.create(outlet=desk["corriere"], name="コリエーレ")
    assert found("コリエーレ") == {"Something else entirely"}
    outlets.update_outlet(outlet=desk["ria"], user=editor, expected_version=desk["ria"].version, name="RIA", aliases=["РИА"])
    assert found("РИА Новости") == set() and found("риа") == {"Rockets are ready"}


@pytest.mark.django_db
def test_reached_via_filters_by_a_hop_or_a_hops_source_through_indexes(desk):
    assert list(Claim.objects.filter(reached_via(desk["ria"]))) == [desk["via_ria"]]
    assert list(Claim.objects.filter(reached_via(desk["corriere"]))) == [desk["via_corriere"]]
    sql, params = Claim.objects.filter(reached_via(desk["ria"])).query.sql_with_params()
    plan = _plan(sql, params)
    if connection.vendor == "sqlite":
        # Every table is searched through an index on the outlet, the source or the claim; none is scanned.
        assert "USING INDEX claims_reportinghop_outlet" in plan or "hop_outlet_claim_idx" in plan, plan
        assert not [line for line in plan.splitlines() if line.strip().startswith("SCAN")], plan
    else:
        assert "Seq Scan" not in plan, plan


@pytest.mark.django_db
def test_the_migration_turns_arrow_chains_into_hops_and_keeps_sentences_as_notes(make_claim, make_source):
    blog = make_source(title="The blog", url="https://blog.example/1")
    parsed = make_claim(statement="Parsed", reported_by=blog, reporting_note="TASS → RIA Novosti → The blog", reporting="second_hand")
    sentence = make_claim(statement="Sentence", reporting_note="The blog cites an unnamed reference article.", reporting="third_hand")
    migration = importlib.import_module("claims.migrations.0018_reporting_chains_from_notes")

    migration.chains_from_notes(apps, None)

    parsed.refresh_from_db()
    sentence.refresh_from_db()
    assert [h.label for h in parsed.hops.all()] == ["TASS", "RIA Novosti", "The blog"]
    assert parsed.reporting == "third_hand" and parsed.reporting_note == ""
    assert Outlet.objects.filter(name__in=["TASS", "RIA Novosti"]).count() == 2
    assert not ReportingHop.objects.filter(claim=sentence).exists()
    assert sentence.reporting_note == "The blog cites an unnamed reference article." and sentence.reporting == "third_hand"
    assert chains.parse_note("Posted on Facebook; the blog reports it via a reference article (参照記事).") is None


@pytest.mark.django_db
def test_an_outlet_name_or_alias_that_spells_out_past_its_column_is_refused_next_to_the_field(editor):
    # U+FDFA is one character typed and 18 once folded: 20 of them fit the name but not its folded copy.
    spelled_out = "\ufdfa" * 20
    with pytest.raises(ValidationError) as refused:
        outlets.create_outlet(user=editor, name=spelled_out, kind="blog")
    assert "too long once special characters are spelled out" in str(refused.value.message_dict["name"])
    with pytest.raises(ValidationError) as refused:
        outlets.create_outlet(user=editor, name="Al-Mizan", kind="blog", aliases=[spelled_out])
    assert "too long once special characters are spelled out" in str(refused.value.message_dict["aliases"])
    assert not Outlet.objects.exists() and not OutletAlias.objects.exists()  # nothing half-written
    assert str(outlets.create_outlet(user=editor, name="ﷺ Daily", kind="blog")) == "ﷺ Daily"  # stored as typed
