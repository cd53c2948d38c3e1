"""Repeat alerts end to end in a real browser (issue #29 item 4): a followed feed publishes an article in which
Kuleba repeats, in Russian, a claim the desk checked in Japanese and published; after one poll the checker
finds it in her inbox, an editor confirms it from the queue with one click, and the public fact-check says
"Repeated on …" and lists the article in its ClaimReview."""

import json

import pytest
from django.core import mail
from playwright.sync_api import expect

from claims.models import Claim, Outlet, Speaker
from demo.seed.loader import load_seed
from matching import evaluation
from matching import services as matching_services
from monitoring import polling
from monitoring.models import Feed, RepeatAlert
from tests.monitoring.test_repeat_alerts import ARTICLE, REPEAT, SEED, feed_of, publish

from .conftest import assert_no_csp_violations
from .test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_repeat_found_by_one_poll_reaches_the_checker_and_shows_on_the_public_page_after_one_click(
    open_session, editor, reviewer, chief, httpserver, settings
):
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CAPTURE_ROBOTS = "ignore"
    settings.CAPTURE_ON_SAVE = False
    settings.MONITORING_HOST_INTERVAL = 0
    settings.MONITORING_SUGGESTIONS = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    load_seed()
    matching_services.embed_claims(claim_ids=evaluation.seed_claims().values())
    Speaker.objects.get(name="Dmytro Kuleba").aliases.get_or_create(name="Кулеба")
    claim = publish(Claim.objects.get(import_key=SEED), reviewer, chief)

    url = httpserver.url_for("/ru/kuleba-minsk")
    httpserver.expect_request("/ru/kuleba-minsk").respond_with_data(ARTICLE.format(repeat=REPEAT), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/feed.xml").respond_with_data(feed_of(url), content_type="application/rss+xml")
    outlet = Outlet.objects.create(name="Kyiv Daily", kind=Outlet.Kind.NEWSPAPER)
    feed = Feed.objects.create(outlet=outlet, url=httpserver.url_for("/feed.xml"), host="127.0.0.1", followed_by=editor)
    polling.poll_feed(feed)  # one poll; the detection task runs once the candidates committed
    alert = RepeatAlert.objects.get()
    headline = "Dmytro Kuleba repeated a claim rated False on 2022-12-20"
    assert any(headline in message.subject and reviewer.email in message.to for message in mail.outbox)

    rita = open_session("rita", at="/desk/inbox/")
    expect(rita.page.get_by_text(headline)).to_be_visible()
    rita.screenshot("repeat-alert-inbox")

    eddie = open_session("eddie", at="/desk/monitoring/")
    page = eddie.page
    row = page.locator(f"#repeat-{alert.pk}")
    expect(row).to_contain_text("Repeat of a published fact-check (rated False on 2022-12-20)")
    expect(page.locator(".candidate-statement").filter(has_text="Минске")).to_be_visible()
    eddie.screenshot("monitoring-repeat-alert", showing=row)
    assert blocking_violations(page) == []
    with page.expect_navigation():
        row.get_by_role("button", name="Confirm the appearance").click()
    expect(page.get_by_text(f"Claim #{claim.pk} now lists {url} as an appearance.")).to_be_visible()
    assert_no_csp_violations(eddie)

    reader = open_session()
    reader.goto(f"/fact-checks/{claim.pk}/")
    expect(reader.page.locator(".repeated-on")).to_contain_text("Repeated on 2022-12-26 (Kyiv Daily)")
    reader.screenshot("public-repeated-on", showing=reader.page.locator(".claim-appearances"))
    markup = json.loads(reader.page.locator('script[type="application/ld+json"]').first.text_content())
    works = markup["itemReviewed"]["appearance"]
    assert {"url": url, "datePublished": "2022-12-26", "author": {"@type": "Person", "name": "Dmytro Kuleba"}}.items() <= next(
        work for work in works if work.get("url") == url
    ).items()
    after = Claim.objects.get(pk=claim.pk)
    assert (after.state, after.current_verdict_id, after.version) == ("published", claim.current_verdict_id, claim.version)
