"""Article intake in a real browser: paste the seed post, accept Kuleba's and Lukashenko's statements."""

import datetime

import pytest
from playwright.sync_api import expect

from claims.models import AuditEntry, Claim
from demo.seed import BLOG_TEXT_PATH, PEOPLE

from .conftest import assert_no_csp_violations

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
