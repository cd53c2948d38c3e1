"""The desk on a phone: main pages fit a 390 px wide screen without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll, pre, code'))
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ')[0] : ''))
    .slice(0, 10);
}"""


def test_it_fits_the_main_pages_on_a_phone(browser, desk_url, editor, make_claim, make_speaker):
    speaker = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ"])
    claim = make_claim(statement="ベラルーシにイスカンデルが配備された" * 3, language="ja", speaker=speaker, with_refutation=True)
    context = browser.new_context(base_url=desk_url, locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("eddie")
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

        too_wide = {}
        for name, path in [
            ("phone-dashboard", "/desk/"),
            ("phone-claim-list", "/desk/claims/"),
            ("phone-claim-page", f"/desk/claims/{claim.pk}/"),
            ("phone-claim-form", "/desk/claims/new/"),
        ]:
            page.goto(path)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                too_wide[path] = overflow
        assert too_wide == {}
    finally:
        context.close()
