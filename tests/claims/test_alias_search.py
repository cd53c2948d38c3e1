"""A search that names a speaker by any alias finds claims whose text uses another of their names, through the index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import search
from claims.models import Claim
from claims.search import expand_query, search_claims
from tests.performance.test_search import _plan


def found(text):
    return set(search_claims(Claim.objects.all(), text).values_list("statement", flat=True))


@pytest.fixture
def desk(make_claim, make_speaker):
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["Лукашенко", "ルカシェンコ"])
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба"])
    russia = make_speaker("Russia", kind="organisation", aliases=["ロシア", "露"])
    make_claim(statement="ルカシェンコ大統領はミンスクで会談した", language="ja", speaker=kuleba)
    make_claim(statement="Iskanders are ready", language="en", speaker=lukashenko)
    make_claim(statement="露軍が国境に移動した", language="ja", speaker=kuleba)
    make_claim(statement="The weather was fine", language="en", speaker=kuleba)
    return russia


@pytest.mark.django_db
def test_a_speakers_alias_in_one_script_finds_their_name_in_another(desk):
    # Лукашенко is an alias: his own claim, and Kuleba's claim whose Japanese text says ルカシェンコ.
    assert found("Лукашенко") == {"ルカシェンコ大統領はミンスクで会談した", "Iskanders are ready"}
    assert found("alexander lukashenko") == {"ルカシェンコ大統領はミンスクで会談した", "Iskanders are ready"}
    # A two-character-or-shorter CJK alias goes through the CJK index: 露 is one of Russia's names.
    assert found("Russia") == {"露軍が国境に移動した"}
    # A word that names nobody is searched as typed.
    assert found("Iskanders") == {"Iskanders are ready"}
    assert expand_query("Iskanders") == ["iskanders"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Лукашенко", "Russia"])
def test_the_expanded_search_stays_on_the_indexes(desk, text, monkeypatch):
    # The form common terms take (tiny tables make every term "rare": tests/performance/test_search.py checks that path).
    monkeypatch.setattr(search, "few_matches", lambda terms, using="default": None)
    assert len(expand_query(text)) == 3
    qs = search_claims(Claim.objects.all(), text)
    with CaptureQueriesContext(connection) as ctx:
        list(qs)
    assert len(ctx.captured_queries) == 1
    sql, params = qs.query.sql_with_params()
    plan = _plan(sql, params)
    if connection.vendor == "sqlite":
        assert "VIRTUAL TABLE INDEX" in plan, plan
        assert "claims_claimsearchdocument" not in plan, plan
    else:
        assert "claims_search_document_trgm" in plan or "claims_search_cjk_tokens" in plan, plan
        assert "Seq Scan on claims_claimsearchdocument" not in plan, plan
