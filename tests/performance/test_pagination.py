"""Deep list pages: same rows as OFFSET, fetched ids first, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.pagination import rows_ids_first
from desk.views import claim_rows


@pytest.fixture
def claims(make_claim):
    return [make_claim(statement=f"Claim {i}") for i in range(12)]


@pytest.mark.django_db
@pytest.mark.parametrize("start, stop", [(0, 5), (5, 10), (10, 15), (20, 25)])
def test_it_returns_the_same_rows_as_a_slice(claims, start, stop):
    queryset = claim_rows(Claim.objects.order_by("-created_at", "-id"))
    assert rows_ids_first(queryset, start, stop) == list(queryset[start:stop])


@pytest.mark.django_db
def test_it_keeps_joins_and_prefetches_so_rows_cost_no_extra_queries(claims):
    claims[0].tags.create(name="Tanks", slug="tanks")
    queryset = claim_rows(Claim.objects.order_by("id"))
    with CaptureQueriesContext(connection) as ctx:
        rows = rows_ids_first(queryset, 0, 10)
        shown = [(row.speaker.name, row.created_by.username, [t.name for t in row.tags.all()]) for row in rows]
    assert shown[0][2] == ["Tanks"]
    assert len(ctx.captured_queries) == 3  # ids, rows with their joins, tags


@pytest.mark.django_db
def test_it_falls_back_to_a_slice_for_distinct_querysets(claims):
    queryset = Claim.objects.order_by("id").distinct()
    assert rows_ids_first(queryset, 2, 4) == list(queryset[2:4])
