"""The desk analytics page: chief editors and admins only, charts with tables and CSV of the same numbers,
the claim list's filters (unknown values ignored and said so), any period from empty to ten years."""

import csv
import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics import figures


@pytest.fixture
def published(make_claim, advance):
    return advance(make_claim(with_refutation=True), "published")


@pytest.mark.django_db
def test_chief_editor_sees_every_figure_as_an_accessible_chart_with_its_table(client, chief, published):
    client.force_login(chief)
    response = client.get(reverse("analytics"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in figures.FIGURES:
        assert f'id="{name}"' in html
        assert reverse("analytics_csv", args=[name]) in html
    assert html.count('role="img"') == len(figures.FIGURES)
    assert html.count("<title id=\"chart-t") == len(figures.FIGURES)
    assert "style=" not in html.split("<main", 1)[-1]  # the CSP allows no inline style
    assert "<table>" in html


@pytest.mark.django_db
def test_others_get_a_403_that_says_who_can_help(client, reviewer, editor):
    for user in (reviewer, editor):
        client.force_login(user)
        response = client.get(reverse("analytics"))
        assert response.status_code == 403
        assert "chief editors and admins" in response.content.decode()
        assert client.get(reverse("analytics_csv", args=["open_by_age"])).status_code == 403


@pytest.mark.django_db
def test_csv_has_the_numbers_of_the_figure(client, admin_user, published):
    client.force_login(admin_user)
    response = client.get(reverse("analytics_csv", args=["throughput_by_week"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Week of", "Submitted", "Published", "Rejected", "Corrected"]
    assert rows[1][1:] == ["1", "1", "0", "0"]
    assert client.get(reverse("analytics_csv", args=["nothing"])).status_code == 404


@pytest.mark.django_db
def test_filters_and_periods_like_the_claim_list(client, chief, published):
    client.force_login(chief)
    url = reverse("analytics")
    # An unknown tag and a date that is not one are ignored and said so, as on the claim list.
    response = client.get(url, {"tag": "no-such-tag", "period_from": "yesterday", "tz": "Mars/Olympus"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "was ignored" in text and "Mars/Olympus" in text and "is not a date" in text
    # Ten years, and an empty period long ago.
    assert client.get(url, {"period_from": "2016-01-01", "period_until": "2025-12-31"}).status_code == 200
    empty = client.get(url, {"period_from": "2001-01-01", "period_until": "2001-01-31"})
    assert empty.status_code == 200 and "No steps in this period." in empty.content.decode()
    # A language filter that matches nothing empties the figures of the period.
    none = client.get(url, {"language": "ja"})
    assert "Figures for claims where:" in none.content.decode()
    csv_text = client.get(reverse("analytics_csv", args=["throughput_by_week"]), {"language": "ja"}).content.decode()
    assert csv_text.strip().count("\n") == 0


@pytest.mark.django_db
def test_outlet_ratings_on_its_desk_page_and_in_the_rating_mix(client, chief, make_claim, make_source, advance):
    from claims.models import Outlet

    tass = Outlet.objects.create(name="TASS", kind="agency")
    claim = make_claim(with_refutation=True, reported_by=make_source(outlet=tass))
    advance(claim, "published", rating="False")
    client.force_login(chief)
    page = client.get(reverse("outlet_detail", args=[tass.pk])).content.decode()
    assert 'role="img"' in page and "<th scope=\"row\">False</th><td>1</td>" in page
    period, _ = figures.parse_period({})
    mix = figures.rating_mix("outlet", period)
    labels = {label: key for key, label in mix.columns}
    assert [(row["name"], row[labels["False"]]) for row in mix.rows] == [("TASS", 1)]


@pytest.mark.django_db
def test_the_desk_menu_offers_analytics_to_exactly_those_the_page_lets_in(client, chief, admin_user, reviewer, editor):
    link = f'href="{reverse("analytics")}"'
    for user, offered in ((chief, True), (admin_user, True), (reviewer, False), (editor, False)):
        client.force_login(user)
        assert (link in client.get(reverse("dashboard")).content.decode()) is offered, user


STEP_EDGES = re.compile(r'"analytics_stepfact"\."at" < [^()]*? OR "analytics_stepfact"\."at" >= ')


@pytest.mark.django_db
def test_unfiltered_ten_years_read_rollups_not_step_rows(client, chief, published):
    """Query guard (README, "Which path a request takes"): without a filter, a cold page and the API for ten
    years read the step rows only for the days at the period's edges, and for the rating mixes (documented:
    the publications of the period); every other figure comes from the rollup tables. Whether a month the
    period only partly covers can come from the rollups too is a one-row probe (`LIMIT 1`)."""
    client.force_login(chief)
    start = (timezone.localdate() - datetime.timedelta(days=3652)).isoformat()
    for url in (reverse("analytics"), "/api/v1/analytics/"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"period_from": start}).status_code == 200
        steps = [q["sql"] for q in queries.captured_queries if "analytics_stepfact" in q["sql"]]
        probes = [sql for sql in steps if sql.startswith('SELECT 1 AS "a"') and sql.endswith("LIMIT 1")]
        whole = [sql for sql in steps if "publication_at" not in sql and not STEP_EDGES.search(sql) and sql not in probes]
        assert steps and not whole, whole
        assert sum("publication_at" in sql for sql in steps) == 1  # the three rating mixes share one read
        # The figures of one page share the probes and the edge read (two probes: the period's two ends).
        edges = [sql for sql in steps if STEP_EDGES.search(sql) and "seconds_in_state" in sql]
        assert len(probes) <= 2 and len(edges) <= 1, (probes, edges)


@pytest.mark.django_db
def test_a_claim_filter_reads_the_selected_claims_steps_once_for_every_figure(client, chief, published):
    """Query guard (README, "Which path a request takes", last row): with a filter other than one language, the
    duration, throughput and rate figures share one read of the selected claims' step rows in the period
    (each read probes the claim index once per selected claim); the rating mixes read the publications."""
    client.force_login(chief)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("analytics"), {"speaker": published.speaker.name})
    assert response.status_code == 200 and "was ignored" not in response.content.decode()
    steps = [q["sql"] for q in queries.captured_queries
             if 'FROM "analytics_stepfact"' in q["sql"] and "publication_at" not in q["sql"]]
    assert len(steps) == 1, steps
    # The shared read still gives each figure its rows: the claim's submission → publication, its week.
    page = response.content.decode()
    assert "Submission → publication" in page and "<td>1</td>" in page


@pytest.mark.django_db
def test_cached_figures_never_outlive_a_step(client, chief, make_claim, advance):
    """Figures are reused between requests (the ageing figure within the minute) but every workflow step
    starts afresh: a claim submitted just now shows at once, in the ageing figure too."""
    client.force_login(chief)
    claim = make_claim()
    advance(claim, "submitted")
    ageing = reverse("analytics_csv", args=["open_by_age"])

    def submitted_now() -> str:
        rows = list(csv.reader(io.StringIO(client.get(ageing).content.decode())))
        return next(row for row in rows if row[0] == "Submitted")[1]

    assert submitted_now() == "1"
    advance(make_claim(), "submitted")
    assert submitted_now() == "2"


def test_a_long_weekly_series_is_drawn_per_month_and_every_cell_is_escaped():
    """Ten years of weeks (~520 groups of columns) would not read at a glance: past two years the chart sums
    them per month and says so, while the table and the CSV keep every week. Table cells are escaped (a
    speaker's name is user text) and an empty one shows a dash."""
    from analytics import charts

    start = datetime.date(2016, 1, 4)
    weeks = [{"week": (start + datetime.timedelta(weeks=i)).isoformat(), "submitted": 1, "published": 0,
              "rejected": 0, "corrected": 0} for i in range(520)]
    figure = figures.Figure("throughput_by_week", "Throughput", "Per week.", [("week", "Week"), ("submitted", "Submitted")],
                            weeks, {"kind": "columns", "label": "week", "values": ["submitted"]})
    svg = str(charts.draw(figure))
    assert svg.count("<rect") == 1 + 120  # the legend's swatch, then Jan 2016 … Dec 2025: one column per month
    assert "<title>2016-01 Submitted: 4</title>" in svg and "<title>2016-02 Submitted: 5</title>" in svg
    assert "drawn per month" in svg.lower()
    short = figures.Figure(figure.name, figure.title, figure.description, figure.columns, weeks[:100], figure.chart)
    assert str(charts.draw(short)).count("<rect") == 1 + 100

    names = figures.Figure("rating_mix_speaker", "Mix", "", [("name", "Speaker"), ("r0", "False")],
                           [{"name": "<script>alert(1)</script>", "r0": None}], {"kind": "bars"})
    assert str(charts.table_body(names)) == (
        '<tr><th scope="row">&lt;script&gt;alert(1)&lt;/script&gt;</th><td>–</td></tr>')
