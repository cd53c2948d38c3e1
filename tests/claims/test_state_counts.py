"""Counts by state are maintained in the transaction that moves a claim, whatever code moves it."""

import pytest
from django.db import transaction
from django.db.models import Count

from claims import counters
from claims.models import Claim
from claims.states import State


def scanned():
    counts = dict.fromkeys(State.values, 0)
    counts.update(Claim.objects.order_by().values_list("state").annotate(n=Count("id")))
    return counts


@pytest.mark.django_db
def test_the_counts_follow_creation_every_workflow_step_and_a_bulk_update(make_claim, advance):
    first = make_claim(statement="One", with_refutation=True)
    make_claim(statement="Two")
    assert counters.state_counts()[State.DRAFT] == 2
    advance(first, to=State.PUBLISHED)
    assert counters.state_counts() == scanned()
    assert counters.state_counts()[State.PUBLISHED] == 1 and counters.total_in([State.PUBLISHED, State.DRAFT]) == 2
    Claim.objects.filter(pk=first.pk).update(state=State.RETRACTED)  # even a bulk update outside the services
    assert counters.state_counts() == scanned()


@pytest.mark.django_db
def test_a_step_that_fails_leaves_the_counts_as_they_were(make_claim):
    claim = make_claim(statement="One")
    before = counters.state_counts()
    with pytest.raises(RuntimeError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(state=State.SUBMITTED)
        raise RuntimeError("the step failed half-way")
    assert counters.state_counts() == before


@pytest.mark.django_db
def test_recount_rebuilds_counts_that_drifted(make_claim):
    make_claim(statement="One")
    from claims.models import ClaimStateCount

    ClaimStateCount.objects.all().delete()
    assert counters.state_counts()[State.DRAFT] == 0
    assert counters.recount() == scanned()


@pytest.mark.django_db
def test_triggers_a_sqlite_table_rebuild_dropped_are_restored_after_migrate(make_claim):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps triggers when a table is altered")
    make_claim(statement="One")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER claims_state_count_ai")
    assert counters.ensure_sqlite_triggers() is True
    make_claim(statement="Two")
    assert counters.state_counts()[State.DRAFT] == 2 == scanned()[State.DRAFT]
    assert counters.ensure_sqlite_triggers() is False
