"""The claim list works from the keyboard alone: Tab reaches every filter, Enter applies it."""

import re

import pytest
from playwright.sync_api import expect

from reviews import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const style = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, text: (el.textContent || "").trim().slice(0, 60), label: label.trim(),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0};
}"""


def tab_to(page, matches, limit=80):
    """Press Tab until the focused element matches; fail if it is never reached."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if matches(focused):
            assert focused["outline"], f"no visible focus indicator on {focused}"
            return focused
        seen.append(focused["id"] or focused["text"] or focused["tag"])
    raise AssertionError(f"never reached by Tab; focus went through {seen}")


def test_it_filters_the_claim_list_with_tab_and_enter(open_session, editor, reviewer, make_claim):
    make_claim(statement="イスカンデルの配備が始まった", language="ja")
    submitted = make_claim(statement="イスカンデルは撤収された", language="ja")
    services.submit_claim(claim=submitted, user=editor, expected_version=submitted.version)
    make_claim(statement="S-400 systems are on combat duty")

    eddie = open_session("eddie", at="/desk/claims/")
    page = eddie.page

    tab_to(page, lambda f: f["label"].startswith("Search") and f["tag"] == "INPUT")
    page.keyboard.type("イスカンデル")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)

    if not page.locator("details.more-filters[open]").count():
        tab_to(page, lambda f: f["tag"] == "SUMMARY")
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["tag"] == "SELECT" and f["label"].startswith("State"))
    page.keyboard.type("Submitted")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Apply filters")
    eddie.screenshot("claim-list-keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]state=submitted"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("イスカンデルは撤収された")

    tab_to(page, lambda f: f["tag"] == "A" and "イスカンデルは撤収された" in f["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/desk/claims/{submitted.pk}/$"))
