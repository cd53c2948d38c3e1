"""Issue #17 in Chromium: the desk analytics page and the public speaker page draw their charts
(server-rendered SVG, readable tables behind them) with no console error and the CSP intact.
Screenshots: test-artifacts/analytics-desk.png, test-artifacts/speaker-record.png (copied to docs/)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from analytics import figures
from claims.models import SpeakerIdentifier
from reviews import services

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def desk_history(monkeypatch, make_claim, make_speaker, advance, chief, other_reviewer):
    """A few weeks of work, stepped on a clock in the past: publications, a send-back, a correction,
    a reassignment, a rejection and claims still waiting."""
    start = timezone.now() - datetime.timedelta(days=40)
    clock = {"t": start}

    def now():
        # Each reading moves the clock on 41 minutes, so the steps of one walk are hours apart.
        clock["t"] += datetime.timedelta(minutes=41)
        return clock["t"]

    monkeypatch.setattr(timezone, "now", now)
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба", "クレーバ"])
    SpeakerIdentifier.objects.create(speaker=kuleba, scheme="wikidata", value="Q2354404")
    lavrov = make_speaker("Sergey Lavrov")
    plan = [
        (kuleba, "published", {"rating": "False"}), (kuleba, "published", {"rating": "Misleading"}),
        (kuleba, "corrected", {}), (kuleba, "published", {"rating": "True"}), (lavrov, "published", {}),
        (lavrov, "rejected", {}), (lavrov, "in_review", {}), (kuleba, "submitted", {}),
    ]
    for i, (speaker, to, inputs) in enumerate(plan):
        clock["t"] = start + datetime.timedelta(days=4 * i)
        claim = make_claim(speaker=speaker, with_refutation=True, said_on=(start - datetime.timedelta(days=30 * i)).date(),
                           said_on_precision="day")
        if i == 1:  # a verdict sent back once
            advance(claim, "verdict_proposed")
            clock["t"] += datetime.timedelta(hours=20)
            services.perform("send_back", claim=claim, user=chief, note="Cite the record.", expected_version=claim.version)
        if i == 3:  # reassigned to another reviewer
            advance(claim, "in_review")
            clock["t"] += datetime.timedelta(hours=30)
            claim.refresh_from_db()
            services.perform("assign", claim=claim, user=chief, reviewer=other_reviewer, expected_version=claim.version)
            inputs = {**inputs, "by": {"propose": other_reviewer}}
        clock["t"] += datetime.timedelta(hours=6 * (i + 1))
        advance(claim, to, **inputs)
    monkeypatch.undo()
    return kuleba


def watch_failures(session):
    """Every answer >= 400 the page's own loads got. The browser's automatic /favicon.ico request (the desk
    has none) is logged as a console error too, and is not an error of these pages."""
    failed = []
    session.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    return failed


def page_errors(session):
    return [e for e in session.console_errors if "Failed to load resource" not in e]


def test_analytics_page_and_speaker_page_draw_their_charts(open_session, chief, desk_history):
    desk = open_session("chloe")
    desk_failed = watch_failures(desk)
    response = desk.goto("/desk/analytics/")
    assert "style-src" in response.headers["content-security-policy"]
    page = desk.page
    charts = page.locator("main svg.chart[role=img]")
    expect(charts).to_have_count(len(figures.FIGURES))
    for i in range(len(figures.FIGURES)):
        expect(charts.nth(i)).to_be_visible()
    assert page.locator("main svg.chart rect").count() > 20  # bars, not empty frames
    # The numbers behind a chart, as a table.
    weeks = page.locator("#throughput_by_week")
    weeks.get_by_text("Table of the numbers").click()
    expect(weeks.get_by_role("table")).to_be_visible()
    expect(weeks.get_by_role("link", name="Download CSV")).to_be_visible()
    page.locator("#throughput_by_week").get_by_text("Table of the numbers").click()
    desk.screenshot("analytics-desk")
    assert page_errors(desk) == [] and desk_failed == []
    assert_no_csp_violations(desk)

    reader = open_session()
    reader_failed = watch_failures(reader)
    response = reader.goto(f"/speakers/{desk_history.pk}/")
    assert "content-security-policy" in response.headers
    record = reader.page.locator("svg.chart[role=img]")
    expect(record).to_have_count(2)
    expect(record.first).to_be_visible()
    expect(record.nth(1).locator("circle")).to_have_count(4)
    markup = reader.page.locator('script[type="application/ld+json"]').all_text_contents()
    assert any('"@type": "Person"' in text and "wikidata.org/wiki/Q2354404" in text for text in markup)
    reader.screenshot("speaker-record")
    assert page_errors(reader) == [] and reader_failed == []
    assert_no_csp_violations(reader)
