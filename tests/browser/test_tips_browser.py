"""Reader tips in a real browser: the form goes through Django's CSRF check from Chromium, and the
private link it leads to is never sent to another site as a referrer."""

import pytest
from playwright.sync_api import expect

from tips.models import Tip

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ELSEWHERE = "http://news.example/article"


def test_a_reader_sends_a_tip_from_chromium_and_its_private_link_stays_on_the_site(open_session):
    reader = open_session(at="/suggest/")
    page = reader.page
    page.get_by_label("The claim").fill("Lukashenko said Belarus has 20 tanks.")
    page.get_by_label("Where you saw it").fill("NHK news, 21 December, 7 pm")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send the tip").click()
    response = navigation.value
    assert response is not None and response.ok, f"the tip form answered {response and response.status}"
    expect(page.get_by_role("heading", name="Your tip")).to_be_visible()
    expect(page.get_by_text("Received, waiting for an editor")).to_be_visible()
    reader.screenshot("tip-sent")
    tip = Tip.objects.get()
    assert tip.text == "Lukashenko said Belarus has 20 tanks." and page.url.endswith(f"/tips/{tip.token}/")

    # The reader follows a link to another site from the private page: that site gets no referrer.
    sent = []
    page.route(ELSEWHERE, lambda route: (sent.append(route.request.headers), route.fulfill(body="elsewhere")))
    page.evaluate("url => { const a = document.createElement('a'); a.href = url; a.textContent = 'away'; document.body.append(a); }", ELSEWHERE)
    with page.expect_navigation():
        page.get_by_role("link", name="away").click()
    assert sent and "referer" not in sent[0], sent
    assert_no_csp_violations(reader)
