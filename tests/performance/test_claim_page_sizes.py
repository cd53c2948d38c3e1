"""The desk claim page and the dashboard read the same queries and the same rows whatever the archive holds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim, Evidence
from claims.states import State

QUEUED = [State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.VERDICT_PROPOSED, State.APPROVED, State.PUBLISHED]


def grow(claim, chief, n):
    """n more claims per dashboard queue, all by the page's speaker and citing the page's source."""
    past = datetime.date(2020, 1, 1)
    claims = Claim.objects.bulk_create(
        Claim(
            statement=f"More {state} {i}", language="en", said_on_precision="unknown", speaker=claim.speaker,
            created_by=chief, owner=chief, state=state, review_due=past, recheck_due=past,
            published_at=timezone.now() if state == State.PUBLISHED else None,
        )
        for state in QUEUED
        for i in range(n)
    )
    source = claim.evidence.get().source
    Evidence.objects.bulk_create(Evidence(claim=c, source=source, relation="attribution", excerpt="x") for c in claims)


def measure(client, url):
    """(queries, rows of the largest result set, rows in all) for one warm request."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sizes = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute(f"SELECT COUNT(*) FROM ({query['sql']}) AS q")
                sizes.append(cursor.fetchone()[0])
    return len(ctx.captured_queries), max(sizes), sum(sizes)


@pytest.mark.django_db
def test_the_claim_page_and_the_dashboard_do_not_grow_with_a_busy_speaker_and_source(client, chief, make_claim):
    claim = make_claim(statement="Crimea was always part of Russia", created_by=chief)
    client.force_login(chief)
    pages = [f"/desk/claims/{claim.pk}/", "/desk/"]
    grow(claim, chief, 10)  # every queue already past its 8 (+1) visible rows
    small = {url: measure(client, url) for url in pages}
    grow(claim, chief, 30)
    large = {url: measure(client, url) for url in pages}
    claim_page, dashboard = pages
    assert large[claim_page] == small[claim_page], f"(queries, largest result, rows in all): {small[claim_page]} at 10 per queue, {large[claim_page]} at 40"
    assert large[dashboard][0] == small[dashboard][0], f"dashboard queries: {small[dashboard][0]} at 10 per queue, {large[dashboard][0]} at 40"
    assert large[dashboard][1] <= 11 * 9  # every queue's cards in one query: at most 8 + 1 per queue
