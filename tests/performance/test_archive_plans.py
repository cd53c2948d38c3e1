"""Index paths the pages rely on at 1M claims (issue #18), asked of the planner on tiny tables.

On PostgreSQL sequential scans, plain index scans or sorts are switched off for the EXPLAIN, so the plan
says whether an index *can* serve the query (as tests/performance/test_search.py does); on SQLite the
query plan must not scan the claims table (a SEARCH or an ordered walk of an index is fine).
"""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from api.pagination import _order, _sort_keys
from claims.admin import DistinctValuesListFilter
from claims.models import Claim, ClaimRelation
from claims.selectors import speakers_matching
from publishing.selectors import last_public_change, public_claims, public_relations


def plan(sql, params, *, off=("enable_seqscan",)):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        for setting in off:
            cursor.execute(f"SET {setting} = off")
        try:
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            for setting in off:
                cursor.execute(f"RESET {setting}")


def scans_claims(text):
    """A full read of claims_claim in a plan (PostgreSQL or SQLite wording)."""
    if connection.vendor == "sqlite":
        return any(line.strip().startswith("SCAN claims_claim") and "USING" not in line for line in text.splitlines())
    return "Seq Scan on claims_claim " in text + " "


@pytest.mark.django_db
@pytest.mark.parametrize("speaker", [False, True])
def test_the_public_list_walks_its_partial_index_in_order(speaker):
    queryset = public_claims().filter(speaker_id=1) if speaker else public_claims()
    sql, params = queryset.values_list("pk", flat=True)[:21].query.sql_with_params()
    found = plan(sql, params, off=("enable_seqscan", "enable_sort", "enable_bitmapscan"))
    if connection.vendor == "postgresql":
        assert ("claim_public_speaker_idx" if speaker else "claim_public_published_idx") in found, found
        assert "Sort" not in found, found
    else:
        assert not scans_claims(found), found


@pytest.mark.django_db
def test_the_api_orders_not_null_keys_without_nulls_last_so_an_index_serves_the_page():
    queryset = Claim.objects.all()
    ordered = queryset.order_by(*_order(_sort_keys(queryset)))
    sql, params = ordered.values_list("pk", flat=True)[:26].query.sql_with_params()
    assert "NULLS LAST" not in sql  # created_at and id are NOT NULL
    found = plan(sql, params, off=("enable_seqscan", "enable_sort"))
    if connection.vendor == "postgresql":
        assert "claim_created_id_idx" in found and "Sort" not in found, found
    else:
        assert "TEMP B-TREE" not in found, found
    # The public list's own order (NULLS LAST on published_at) is one a cursor can follow.
    assert [(field.name, desc) for field, desc in _sort_keys(public_claims())] == [("published_at", True), ("id", True)]


@pytest.mark.django_db
def test_feeds_read_their_freshness_without_scanning_claims(make_claim):
    make_claim()
    with CaptureQueriesContext(connection) as ctx:
        last_public_change()
    assert len(ctx.captured_queries) == 1
    query = ctx.captured_queries[0]["sql"]
    found = plan(query, None)
    assert not scans_claims(found), found


@pytest.mark.django_db
def test_a_fact_checks_relations_are_read_by_index(make_claim, editor):
    claim, other = make_claim(), make_claim()
    with CaptureQueriesContext(connection) as ctx:
        assert public_relations(claim) == {"also_said": [], "earlier": [], "related": []}
    assert len(ctx.captured_queries) == 1  # a claim without relations: one query
    ClaimRelation.objects.create(claim=other, other=claim, kind=ClaimRelation.Kind.REPEAT, created_by=editor)
    with CaptureQueriesContext(connection) as ctx:
        # `other` is a draft: it stays off the public page (issue #27 item 14); the query must still use indexes.
        assert [c for c, _ in public_relations(claim)["also_said"]] == []
    for query in ctx.captured_queries:  # the captured SQL has its parameters inlined
        found = plan(query["sql"], None, off=("enable_seqscan", "enable_indexscan"))
        assert not scans_claims(found), found


@pytest.mark.django_db
def test_the_admin_language_menu_skips_through_the_index(make_claim, admin_user):
    for language in ["en", "ja", "en", "uk"]:
        make_claim(language=language)
    request = RequestFactory().get("/admin/claims/claim/")
    request.user = admin_user
    admin = site._registry[Claim]
    with CaptureQueriesContext(connection) as ctx:
        menu = DistinctValuesListFilter(Claim._meta.get_field("language"), request, {}, Claim, admin, "language")
    assert menu.lookup_choices == ["en", "ja", "uk"]
    recursive = [q["sql"] for q in ctx.captured_queries if "RECURSIVE" in q["sql"]]
    assert recursive and not any("DISTINCT" in q["sql"] for q in ctx.captured_queries)
    found = plan(recursive[0], None)
    assert "claim_language_idx" in found, found
    assert not scans_claims(found), found


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_speaker_is_found_by_part_of_a_name_or_alias_from_indexes_not_a_scan_of_every_speaker(postgres_only):
    """The desk's, the public and the API speaker filters all look speakers up this way (claims 0027)."""
    sql, params = speakers_matching("Kuleba").values_list("pk", flat=True).query.sql_with_params()
    # On empty tables reading a whole b-tree looks as cheap as a probe, so only bitmap probes are allowed here.
    found = plan(sql, params, off=("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"))
    assert "speaker_name_upper_trgm" in found and "speakeralias_folded_trgm" in found, found
    assert "Seq Scan" not in found, found
