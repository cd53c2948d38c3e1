"""GET /api/v1/analytics/: the analytics page's figures as JSON, for chief editors and admins only."""

import datetime

import pytest
from django.utils import timezone

from analytics import figures


@pytest.fixture
def published(make_claim, advance):
    return advance(make_claim(with_refutation=True), "published")


@pytest.mark.django_db
def test_chief_gets_the_same_numbers_as_the_page(token_client, chief, published):
    response = token_client(chief).get("/api/v1/analytics/", {"tz": "Asia/Tokyo"})
    assert response.status_code == 200
    body = response.json()
    assert body["period"]["time_zone"] == "Asia/Tokyo"
    assert [f["name"] for f in body["figures"]] == figures.FIGURES
    period, _ = figures.parse_period({"tz": "Asia/Tokyo"})
    weeks = next(f for f in body["figures"] if f["name"] == "throughput_by_week")
    assert weeks["rows"] == figures.throughput_by_week(period).rows
    assert weeks["rows"][0]["published"] == 1
    assert weeks["columns"][0] == {"key": "week", "label": "Week of"}


@pytest.mark.django_db
def test_one_figure_filters_and_bad_values(token_client, admin_user, published):
    client = token_client(admin_user)
    one = client.get("/api/v1/analytics/", {"figure": "open_by_age", "tag": "nope", "tz": "Nowhere/City",
                                            "period_from": "9999-99-99"}).json()
    assert [f["name"] for f in one["figures"]] == ["open_by_age"]
    assert len(one["ignored"]) == 3
    bad = client.get("/api/v1/analytics/", {"figure": "everything"})
    assert bad.status_code == 400 and "throughput_by_week" in bad.json()["detail"]
    ten_years = client.get("/api/v1/analytics/", {"period_from": "2016-01-01", "period_until": "2025-12-31"})
    assert ten_years.status_code == 200 and ten_years.json()["period"]["from"] == "2016-01-01"
    today = timezone.localdate()
    later = client.get("/api/v1/analytics/", {"period_from": today + datetime.timedelta(days=400)}).json()
    assert later["ignored"]  # the two dates were swapped


@pytest.mark.django_db
def test_others_are_refused(api, token_client, editor, reviewer):
    assert api.get("/api/v1/analytics/").status_code in (401, 403)
    for user in (editor, reviewer):
        refused = token_client(user).get("/api/v1/analytics/")
        assert refused.status_code == 403
        assert refused.json()["rule"] == "analytics_role"


def test_it_is_documented(api, db):
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/analytics/"]["get"]
    assert {"200", "401", "403"} <= set(operation["responses"])
    assert {"period_from", "period_until", "tz", "figure", "speaker", "tag"} <= {p["name"] for p in operation["parameters"]}
