"""Issue #5 in Chromium: a reply with an @mention reaches the inbox; hostile Markdown runs nothing."""

import re

import pytest
from playwright.sync_api import expect

from reviews import services

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOSTILE = "Look: <img src=x onerror=alert(1)> and [x](javascript:alert(1)) and <script>alert(2)</script>"


@pytest.fixture
def claim_in_review(editor, reviewer, make_claim):
    claim = make_claim(created_by=editor, statement="イスカンデルがベラルーシに配備された", language="ja")
    services.submit_claim(claim=claim, user=editor, expected_version=claim.version)
    claim.refresh_from_db()
    services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    return claim


def test_it_notifies_the_user_mentioned_in_a_reply(open_session, claim_in_review):
    path = f"/desk/claims/{claim_in_review.pk}/"
    eddie = open_session("eddie", at=path)
    threads = eddie.page.locator("#comment-threads")
    threads.get_by_label("Comment", exact=True).fill("Which excerpt shows that he said **Iskander**?")
    with eddie.page.expect_navigation():
        threads.get_by_role("button", name="Post comment").click()
    expect(eddie.page.get_by_text("Comment posted.")).to_be_visible()

    rita = open_session("rita", at=path)
    thread = rita.page.locator("article.thread").first
    reply_box = thread.get_by_role("combobox")  # the reply box, with @mention suggestions
    reply_box.press_sequentially("@ed")
    option = rita.page.get_by_role("option", name=re.compile(r"^@eddie"))
    option.click()
    reply_box.press_sequentially("the Belta excerpt says Iskander, not S-400.")
    expect(reply_box).to_have_value("@eddie the Belta excerpt says Iskander, not S-400.")
    with rita.page.expect_navigation():
        thread.get_by_role("button", name="Post reply").click()
    expect(rita.page.get_by_text("Reply posted.")).to_be_visible()
    expect(rita.page.get_by_text("Notified: @eddie.")).to_be_visible()
    rita.screenshot("comment-threads")

    eddie.goto("/desk/")
    expect(eddie.page.locator(".inbox-count")).to_be_visible()
    unread = int(re.match(r"\d+", eddie.page.locator(".inbox-count").inner_text()).group())
    with eddie.page.expect_navigation():
        eddie.page.get_by_role("link", name=re.compile("Inbox")).click()
    notification = eddie.page.get_by_role("button", name=f"rita mentioned you in a comment on claim #{claim_in_review.pk}")
    expect(notification).to_be_visible()
    eddie.screenshot("inbox")
    with eddie.page.expect_navigation():
        notification.click()
    expect(eddie.page).to_have_url(re.compile(re.escape(path) + r"#comment-\d+$"))
    target = eddie.page.locator(eddie.page.url[eddie.page.url.index("#"):])
    expect(target).to_contain_text("the Belta excerpt says Iskander, not S-400.")
    if unread > 1:
        expect(eddie.page.locator(".inbox-count")).to_contain_text(f"{unread - 1} unread")
    else:
        expect(eddie.page.locator(".inbox-count")).to_have_count(0)

    for session in (eddie, rita):
        assert_no_csp_violations(session)


def test_it_runs_nothing_from_a_hostile_comment(open_session, claim_in_review):
    rita = open_session("rita", at=f"/desk/claims/{claim_in_review.pk}/")
    page = rita.page
    threads = page.locator("#comment-threads")
    threads.get_by_label("Comment", exact=True).fill(HOSTILE)
    with page.expect_navigation():
        threads.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Comment posted.")).to_be_visible()

    page.reload(wait_until="load")
    body = page.locator(".comment-body").last
    expect(body).to_contain_text("Look:")
    for link in body.locator("a").all():
        link.click()
    page.wait_for_load_state("load")

    assert rita.dialogs == []
    assert body.locator("img, script, svg, iframe").count() == 0
    hrefs = body.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href') || '')")
    assert not [href for href in hrefs if href.strip().lower().startswith("javascript")]
    handlers = body.evaluate("el => [...el.querySelectorAll('*')].flatMap(n => n.getAttributeNames()).filter(a => a.startsWith('on'))")
    assert handlers == []
    rita.screenshot("comment-hostile")
