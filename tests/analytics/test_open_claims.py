"""One definition of an open claim (`claims.selectors.open_claims`): the dashboard's counts by state and the
analytics figure "Open claims by state and age" read it, so they agree — a draft nobody has stepped yet is
open and counts in both."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from claims.states import OPEN_STATES


def _dashboard_counts(client) -> dict[str, int]:
    return {state.value: count for state, count in client.get(reverse("dashboard")).context["state_counts"]}


def _ageing(client) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(client.get(reverse("analytics_csv", args=["open_by_age"])).content.decode())))
    return {row[0]: row[1:] for row in rows[1:]}


@pytest.mark.django_db
def test_the_ageing_figure_counts_every_open_claim_the_dashboard_counts(client, chief, make_claim, advance):
    client.force_login(chief)
    drafts = [make_claim() for _ in range(3)]  # written, never sent: no workflow step yet
    advance(make_claim(), "submitted")
    advance(make_claim(), "in_review")
    # One draft was written three days ago: it has waited in draft since.
    Claim.objects.filter(pk=drafts[0].pk).update(created_at=timezone.now() - datetime.timedelta(days=3, hours=1))

    counts = _dashboard_counts(client)
    ageing = _ageing(client)
    assert (counts["draft"], counts["submitted"], counts["in_review"]) == (3, 1, 1)
    assert ageing["Draft"][:3] == ["3", "1", "1"]  # open, waiting > 1 day, > 3 days
    assert ageing["Submitted"][0] == "1" and ageing["In review"][0] == "1"
    from claims.states import State

    assert {state: int(ageing[str(State(state).label)][0]) for state in OPEN_STATES} == {
        state: counts[state] for state in OPEN_STATES
    }

    make_claim()  # a new draft shows at once, without waiting for the cached figure to expire
    assert _ageing(client)["Draft"][0] == "4"
