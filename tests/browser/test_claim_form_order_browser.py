"""The claim form in Chromium: Evidence is asked before How it was reported, a new source's outlet is one box,
and the URL typed under Evidence becomes the Reported by source without typing it again."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Source

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

URL = "https://belta.example/iskander"


def labelled(scope, label):
    return scope.get_by_label(re.compile(r"^\s*" + re.escape(label) + r":?\s*$"))


def test_an_editor_types_the_source_once_under_evidence(open_session, editor):
    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page
    main = page.get_by_role("main")
    evidence = page.locator("fieldset.evidence-rows")
    reporting = main.locator("fieldset", has=page.locator("legend", has_text="How it was reported")).first
    assert evidence.bounding_box()["y"] < reporting.bounding_box()["y"]

    main.get_by_label(re.compile(r"^\s*Speaker as described")).fill("A Belarusian official")
    labelled(main, "Statement").fill("Iskanders are on combat duty.")
    language = main.get_by_role("combobox", name="Language:", exact=True)
    language.fill("en")
    language.press("Escape")
    row = page.locator("#evidence-row-evidence-0")
    row.get_by_text("Or add a new source").click()
    expect(labelled(row, "Publisher")).to_have_count(0)
    labelled(row, "New source: URL").fill(URL)
    labelled(row, "New source: title").fill("Iskanders on combat duty")
    labelled(row, "Outlet (publisher)").fill("BelTA")
    labelled(row, "Relation").select_option("attribution")
    labelled(row, "Excerpt").fill("Iskanders are ready")
    eddie.screenshot("claim-form-evidence-first", showing=row)
    expect(labelled(main, "Reported by (source)")).to_have_value("")
    with page.expect_navigation():
        main.get_by_role("button", name="Create claim").click()
    expect(page).to_have_url(re.compile(r"/desk/claims/\d+/$"))
    claim = Claim.objects.get()
    assert claim.reported_by == Source.objects.get(url=URL)
    expect(page.get_by_role("main")).to_contain_text("Iskanders on combat duty")
    assert_no_csp_violations(eddie)
