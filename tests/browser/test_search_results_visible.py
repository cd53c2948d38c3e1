"""A desk search shows its results above the fold at 1280×900: the 16-control filter panel stays folded
unless a filter other than the search text is set (then it opens, so the editor sees what narrowed the list)."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_search_results_are_above_the_fold_and_filters_fold_away(open_session, editor, make_claim):
    for n in range(5):
        make_claim(statement=f"Iskander missiles are ready, report {n}")
    make_claim(statement="Something else entirely")
    eddie = open_session("eddie", at="/desk/claims/?q=Iskander")
    page = eddie.page
    panel = page.locator("details.more-filters")
    expect(panel).not_to_have_attribute("open", "")
    first_row = page.get_by_role("row").filter(has_text="Iskander missiles are ready").first
    expect(first_row).to_be_visible()
    box = first_row.bounding_box()
    eddie.screenshot("desk-search-results-above-fold", showing=page.locator("body"))
    assert box is not None and box["y"] + box["height"] <= 900, f"first result at {box} is below the fold"

    # A filter beyond the search text opens the panel.
    eddie.goto("/desk/claims/?q=Iskander&state=draft")
    expect(page.locator("details.more-filters")).to_have_attribute("open", "")
    assert_no_csp_violations(eddie)
