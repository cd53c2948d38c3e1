"""Issue #13 in Chromium: a published seed fact-check gets a new source through an update. The public
page keeps the old version until a second person approves; then "Updated on …", dateModified in the
ClaimReview, the updates log, and the earlier version still at its URL."""

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Claim, Source
from demo.seed.loader import load_seed

from .conftest import assert_no_csp_violations
from .test_matching_browser import _publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_SOURCE = "Belta: Lukashenko answers Kuleba"
NEW_OUTLET = "Белорусское телеграфное агентство"


def test_an_update_with_a_new_source_goes_public_only_after_a_second_person_approves(open_session, editor, reviewer, chief):
    load_seed()
    claim = Claim.objects.get(import_key="minsk-2022-kuleba-no-decisions")
    claim = _publish(claim, reviewer, chief)
    reader = open_session()
    reader.goto(f"/fact-checks/{claim.pk}/")
    first_summary = reader.page.locator(".verdict-summary").inner_text()

    # An editor starts an update from the claim page and adds a source the claim did not have, from an
    # outlet the desk does not know yet (issue #27: that was a 500), in one save.
    rita = open_session("eddie", at=f"/desk/claims/{claim.pk}/")
    page = rita.page
    with page.expect_navigation():
        page.get_by_role("region", name="Start an update", exact=True).get_by_role("button", name="Start an update").click()
    expect(page).to_have_url(re.compile(rf"/desk/claims/{claim.pk}/revision/$"))
    page.get_by_label("Explanation").fill("The next day Belta reported Lukashenko's answer to Kuleba.")
    page.get_by_text("Or add a new source").click()
    page.get_by_label("New source: URL").fill("https://belta.example/lukashenko-answers-kuleba")
    page.get_by_label("New source: title").fill(NEW_SOURCE)
    page.locator("#id_add-new_outlet").fill(NEW_OUTLET)
    page.locator("#id_add-relation").select_option("context")
    page.locator("#id_add-excerpt").fill("Лукашенко ответил Кулебе на следующий день.")
    # And a reporting-chain hop: the new outlet relayed the new source (the chain editor's empty row).
    empty = page.locator("#hop-rows [data-hop-row]").last
    hop = empty.get_attribute("id").removeprefix("hop-row-")
    page.locator(f"#id_{hop}-outlet_lookup").fill(NEW_OUTLET)
    page.locator(f"#id_{hop}-new_outlet_kind").select_option("agency")
    page.locator(f"#id_{hop}-source_lookup").fill("https://belta.example/lukashenko-answers-kuleba")
    # The rating of an update is shown, not offered.
    for radio in page.locator("input[name=rating]").all():
        expect(radio).to_be_disabled()
    with page.expect_navigation() as saved:
        page.get_by_role("button", name="Save the revision", exact=True).click()
    assert saved.value.ok, saved.value.status
    expect(page.get_by_text("The revision was saved.")).to_be_visible()
    expect(page.locator(".new-evidence")).to_contain_text(NEW_SOURCE)
    expect(page.locator(".new-evidence .outlet")).to_have_text(f"({NEW_OUTLET})")
    expect(page.locator(".revision-chain")).to_contain_text(NEW_OUTLET)
    rita.screenshot("revision-draft-with-new-source")
    assert Source.objects.get(title=NEW_SOURCE).outlet.name == NEW_OUTLET

    # Readers still see the published version.
    reader.goto(f"/fact-checks/{claim.pk}/")
    expect(reader.page.locator(".source-list")).not_to_contain_text(NEW_SOURCE)
    expect(reader.page.locator(".update-line")).to_have_count(0)
    expect(reader.page.locator("main")).not_to_contain_text(NEW_OUTLET)

    # The public note is written in the same form, and *Save and send* keeps whatever else was typed.
    page.get_by_label("Explanation").fill("The next day Belta reported Lukashenko's answer to Kuleba, as did Nasha Niva.")
    page.get_by_label(re.compile("Public note")).fill("Added Belta's report of Lukashenko's answer.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and send for approval").click()
    expect(page.locator(".revision-status").first).to_have_text("Awaiting approval")
    expect(page.locator(".verdict-box.proposed .explanation")).to_contain_text("as did Nasha Niva")
    rita.screenshot("revision-sent-for-approval")
    # The preparer is not offered the approval (four-eyes).
    expect(page.get_by_role("button", name="Approve and publish the update")).to_have_count(0)
    assert reader.page.locator(".verdict-summary").inner_text() == first_summary

    # The chief editor approves; the update goes public.
    boss = open_session("chloe", at=f"/desk/claims/{claim.pk}/revision/")
    boss.screenshot("revision-awaiting-approval")
    with boss.page.expect_navigation():
        boss.page.get_by_role("button", name="Approve and publish the update").click()
    expect(boss.page.get_by_text("Done: “Approve and publish the update”.")).to_be_visible()

    today = timezone.localdate().isoformat()
    reader.goto(f"/fact-checks/{claim.pk}/")
    expect(reader.page.locator(".update-line")).to_have_text(f"Updated on {today}: Added Belta's report of Lukashenko's answer.")
    expect(reader.page.locator(".source-list")).to_contain_text(NEW_SOURCE)
    expect(reader.page.locator("main")).to_contain_text(NEW_OUTLET)  # the chain it set, now public
    review = json.loads(reader.page.locator('script[type="application/ld+json"]').inner_text())
    assert review["dateModified"] == today
    reader.screenshot("fact-check-updated")

    reader.goto("/updates/")
    expect(reader.page.locator(".correction-log")).to_contain_text("Added Belta's report of Lukashenko's answer.")
    reader.goto(f"/fact-checks/{claim.pk}/versions/1/")
    expect(reader.page.locator(".version-banner")).to_contain_text("earlier version")
    expect(reader.page.locator(".source-list")).not_to_contain_text(NEW_SOURCE)
    assert reader.page.locator(".verdict-summary").inner_text() == first_summary
    reader.screenshot("fact-check-version-1")
    for session in (reader, rita, boss):
        assert_no_csp_violations(session)
