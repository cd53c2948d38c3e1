"""The monitoring queue in a real browser: an editor opens it from the desk's navigation, sees a statement a
followed feed brought in, accepts it and lands on the new draft claim."""

import datetime

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Outlet, Source
from monitoring.models import Candidate, Feed, FeedArticle

from .conftest import assert_no_csp_violations
from .test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = "“Nothing important was decided in Minsk,” Kuleba said on Monday."


def test_an_editor_opens_the_queue_accepts_a_candidate_and_sees_the_draft_claim(open_session, editor, make_speaker, settings):
    settings.MONITORING_SUGGESTIONS = False
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Kuleba"])
    outlet = Outlet.objects.create(name="Kyiv Daily", kind=Outlet.Kind.NEWSPAPER)
    feed = Feed.objects.create(outlet=outlet, url="https://kyiv.example/rss", host="kyiv.example", followed_by=editor)
    source = Source.objects.create(title="Minsk talks", url="https://kyiv.example/minsk", kind="article", language="en", text=TEXT, outlet=outlet)
    article = FeedArticle.objects.create(url=source.url, feed=feed, title="Minsk talks", status="taken", source=source)
    excerpt = "Nothing important was decided in Minsk"
    start = TEXT.index(excerpt)
    Candidate.objects.create(
        article=article, source=source, outlet=outlet, statement=excerpt, excerpt=excerpt, start=start, end=start + len(excerpt),
        language="en", form="quote", speaker=kuleba, said_on=datetime.date(2022, 12, 19), said_on_precision="day",
    )

    eddie = open_session("eddie", at="/desk/")
    page = eddie.page
    page.get_by_role("link", name="Monitoring", exact=True).click()
    expect(page.get_by_role("heading", name="Monitoring queue")).to_be_visible()
    expect(page.locator(".candidate-statement")).to_have_text(excerpt)
    expect(page.get_by_text("Kyiv Daily")).to_be_visible()
    eddie.screenshot("monitoring-queue")
    assert blocking_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Accept as a draft claim").click()

    claim = Claim.objects.get()
    assert page.url.endswith(claim.get_absolute_url())
    expect(page.get_by_text(f"Draft claim #{claim.pk} created from the candidate.")).to_be_visible()
    expect(page.get_by_text(excerpt).first).to_be_visible()
    assert claim.state == "draft" and claim.speaker == kuleba
    eddie.screenshot("monitoring-accepted")
    assert_no_csp_violations(eddie)
