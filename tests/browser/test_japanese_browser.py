"""The language switcher turns the desk Japanese in a real browser (and CJK text renders)."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_it_switches_the_desk_to_japanese(open_session, editor, make_claim, make_speaker):
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ"])
    claim = make_claim(statement="ベラルーシにイスカンデルが配備された", language="ja", speaker=lukashenko)
    eddie = open_session("eddie")
    page = eddie.page
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_label("Language").select_option("ja")
    with page.expect_navigation():
        page.get_by_role("button", name="Switch").click()

    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", name="ダッシュボード")).to_be_visible()
    expect(page.get_by_role("heading", name="自分の下書き")).to_be_visible()
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()
    eddie.screenshot("dashboard-ja")

    eddie.goto("/desk/claims/")
    expect(page.get_by_role("heading", name="主張", exact=True)).to_be_visible()
    expect(page.get_by_role("search", name="主張を絞り込む")).to_be_visible()
    expect(page.get_by_role("button", name="検索", exact=True)).to_be_visible()
    eddie.screenshot("claim-list-ja")

    eddie.goto(f"/desk/claims/{claim.pk}/")
    expect(page.get_by_role("heading", name="Alexander Lukashenko の主張")).to_be_visible()
    expect(page.get_by_role("heading", name="証拠", exact=True)).to_be_visible()
    eddie.screenshot("claim-page-ja")

    page.get_by_label("言語", exact=True).first.select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="切り替え").click()
    expect(page.get_by_role("heading", name="Claim by Alexander Lukashenko")).to_be_visible()
    assert_no_csp_violations(eddie)
