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
    """The open states' counts the dashboard shows (its closed states are listed apart)."""
    return {state.value: count for state, count in client.get(reverse("dashboard")).context["open_counts"]}


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


@pytest.mark.django_db
def test_dashboard_analytics_and_api_agree_on_open_claims_in_every_state(client, chief, editor, other_editor, make_claim, advance):
    """A claim in every state, two drafts nobody sent, a reopened claim back in draft and a merged duplicate:
    the dashboard's counts (kept by triggers), the ageing figure (page CSV and API) and `open_claims` itself
    give the same number for every state, and no closed state counts as open."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from claims.relations import merge
    from claims.selectors import counts_by_state, open_claims
    from claims.states import State

    make_claim(), make_claim(created_by=other_editor)  # written, never sent
    for state in State.values:
        if state != "draft":
            advance(make_claim(with_refutation=True), state)
    advance(advance(make_claim(), "rejected"), "draft")  # reopened: open again
    keep = make_claim()
    merge(keep=keep, drop=make_claim(), user=editor, expected_version=keep.version)

    scanned = {state: open_claims().filter(state=state).count() for state in State.values}
    assert all(scanned[state] == 0 for state in State.values if state not in OPEN_STATES)
    assert all(scanned[state] >= 1 for state in OPEN_STATES), scanned

    client.force_login(chief)
    page = client.get(reverse("dashboard"))
    dashboard = {state.value: count for state, count in page.context["open_counts"]}
    closed = {state.value: count for state, count in page.context["closed_counts"]}
    assert set(dashboard) == set(OPEN_STATES) and not set(closed) & set(OPEN_STATES)
    assert set(dashboard) | set(closed) == set(State.values)
    assert page.context["open_total"] == open_claims().count() == sum(dashboard.values())
    assert dashboard == {state: scanned[state] for state in OPEN_STATES}
    assert closed == {state: 1 for state in closed}  # one claim in each decided state, none open
    assert counts_by_state().open == dashboard

    ageing = {row[0]: int(row[1]) for row in list(csv.reader(io.StringIO(
        client.get(reverse("analytics_csv", args=["open_by_age"])).content.decode())))[1:]}
    assert ageing == {str(State(state).label): dashboard[state] for state in OPEN_STATES}

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=chief).key}")
    figure = api.get("/api/v1/analytics/", {"figure": "open_by_age"}).json()["figures"][0]
    assert {row["state_key"]: row["open"] for row in figure["rows"]} == dashboard
