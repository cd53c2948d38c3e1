"""Article intake in a real browser: paste the seed post, accept Kuleba's and Lukashenko's statements; or give
its address and watch the "fetching…" page open the review once the worker fetched it."""

import datetime
import html
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import AuditEntry, Claim, Source
from demo.seed import BLOG_TEXT_PATH, PEOPLE

from .conftest import PASSWORD, assert_no_csp_violations
from .test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WANTED = {"Dmytro Kuleba", "Alexander Lukashenko"}


def test_it_turns_the_pasted_seed_post_into_draft_claims_with_speakers_dates_and_verified_excerpts(open_session, editor, make_speaker):
    for person in PEOPLE:
        make_speaker(person["name"], aliases=[alias for alias, _language in person["aliases"]])
    text = BLOG_TEXT_PATH.read_text(encoding="utf-8")
    eddie = open_session("eddie", at="/desk/")
    page = eddie.page
    page.get_by_role("link", name="Article intake").click()
    page.get_by_label("Article text").fill(text)
    eddie.screenshot("intake-start")
    with page.expect_navigation():
        page.get_by_role("button", name="Find the claims").click()
    expect(page.locator(".candidate-mark").first).to_be_visible()
    eddie.screenshot("intake-review-seed")

    candidates = page.locator("fieldset.candidate")
    ticked = 0
    for index in range(candidates.count()):
        candidate = candidates.nth(index)
        if candidate.locator("input[name$='-speaker']").input_value() in WANTED:
            candidate.get_by_label("Create this claim").check()
            ticked += 1
    assert ticked >= 6
    with page.expect_navigation():
        page.get_by_role("button", name="Create the ticked claims as drafts").click()
    expect(page.get_by_text(f"{ticked} draft claims created from this article.")).to_be_visible()

    claims = list(Claim.objects.select_related("speaker").prefetch_related("evidence__source"))
    assert len(claims) == ticked and {claim.speaker.name for claim in claims} == WANTED
    assert all(claim.state == "draft" for claim in claims)
    kuleba = [claim for claim in claims if claim.speaker.name == "Dmytro Kuleba"]
    assert {claim.said_on for claim in kuleba} == {datetime.date(2022, 12, 20)}
    assert all((claim.said_on is None) == (claim.said_on_precision == "unknown") for claim in claims)
    for claim in claims:
        [evidence] = claim.evidence.all()
        assert evidence.relation == "attribution" and evidence.excerpt in evidence.source.text
        assert AuditEntry.objects.get(claim=claim).note == "from intake"

    quote = next(claim for claim in claims if claim.statement.startswith("ロシアはベラルーシ抜きでも"))
    eddie.goto(f"/desk/claims/{quote.pk}/")
    expect(page.get_by_text("Alexander Lukashenko").first).to_be_visible()
    expect(page.locator(".excerpt-in_text")).to_contain_text("found in the source's stored text")
    eddie.screenshot("intake-created-claim")
    assert_no_csp_violations(eddie)


def test_it_takes_the_seed_post_in_by_address_the_fetching_page_opens_the_review_when_the_worker_is_done(
    open_session, editor, make_speaker, httpserver, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as quickstart: a worker fetches
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CAPTURE_ROBOTS = "ignore"
    settings.CAPTURE_ON_SAVE = False
    for person in PEOPLE:
        make_speaker(person["name"], aliases=[alias for alias, _language in person["aliases"]])
    lines = [line for line in BLOG_TEXT_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    page_html = (
        f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{html.escape(lines[0])}</title></head><body><article>'
        + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        + "</article></body></html>"
    )
    httpserver.expect_request("/archives/5397281.html").respond_with_data(page_html, content_type="text/html; charset=utf-8")

    eddie = open_session("eddie", at="/desk/intake/")
    page = eddie.page
    page.get_by_label("or its web address").fill(httpserver.url_for("/archives/5397281.html"))
    with page.expect_navigation():
        page.get_by_role("button", name="Find the claims").click()
    expect(page.get_by_role("heading", name="Fetching the article…")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("/archives/5397281.html")
    eddie.screenshot("intake-fetching")
    assert blocking_violations(page) == []  # axe: no refresh a screen reader would trip on, a named status
    assert not Source.objects.exists()  # nothing fetched until a worker runs

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
    source = Source.objects.get()
    expect(page).to_have_url(f"{eddie.base_url}/desk/intake/{source.pk}/")  # the page's script took it there
    expect(page.locator(".candidate-mark").first).to_be_visible()
    assert page.locator("fieldset.candidate").count() >= 6
    assert source.url == httpserver.url_for("/archives/5397281.html") and source.language == "ja"
    page.go_back()  # the fetching page was replaced in the history: back is the form, not "fetching…" again
    expect(page.get_by_role("heading", name="Article intake")).to_be_visible()

    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    page.get_by_label("or its web address").fill(httpserver.url_for("/gone"))
    with page.expect_navigation():
        page.get_by_role("button", name="Find the claims").click()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
    expect(page.get_by_role("heading", name="The article could not be fetched")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("the server answered HTTP 404")
    expect(page.get_by_label("Article text")).to_be_visible()  # paste it here instead
    eddie.screenshot("intake-fetch-failed")
    assert blocking_violations(page) == []
    assert_no_csp_violations(eddie)


def test_without_javascript_the_fetching_page_reloads_itself_until_the_review_opens(browser, desk_url, editor, httpserver, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CAPTURE_ROBOTS = "ignore"
    settings.CAPTURE_ON_SAVE = False
    article = "<html><body><article><p>“Nothing important was decided in Minsk,” Kuleba said on Monday.</p></article></body></html>"
    httpserver.expect_request("/minsk").respond_with_data(article, content_type="text/html; charset=utf-8")
    context = browser.new_context(base_url=desk_url, locale="en-GB", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/accounts/login/?next=/desk/intake/")
        page.get_by_label("Username").fill("eddie")
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        page.get_by_label("or its web address").fill(httpserver.url_for("/minsk"))
        with page.expect_navigation():
            page.get_by_role("button", name="Find the claims").click()
        expect(page.get_by_role("heading", name="Fetching the article…")).to_be_visible()
        expect(page.get_by_role("link", name="Check again")).to_be_visible()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
        expect(page).to_have_url(f"{desk_url}/desk/intake/{Source.objects.get().pk}/", timeout=10_000)  # the <noscript> refresh
    finally:
        context.close()
