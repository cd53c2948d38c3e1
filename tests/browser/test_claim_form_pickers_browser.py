"""The claim form's Event and Tags in Chromium: an editor types a few letters, picks from the suggestions by
keyboard, saves, and the claim has that event and those tags — with thousands of events nothing is listed."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Event, Tag

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_editor_picks_an_event_and_two_tags_from_suggestions(open_session, editor, make_source):
    Event.objects.bulk_create(Event(name=f"Briefing {i}", date=date(2020, 1, 1) + timedelta(days=i)) for i in range(3000))
    summit = Event.objects.create(name="Minsk summit", date=date(2022, 12, 19))
    Tag.objects.bulk_create(Tag(name=f"topic {i}", slug=f"topic-{i}") for i in range(300))
    military = Tag.objects.create(name="Military", slug="military")
    belarus = Tag.objects.create(name="Belarus", slug="belarus")
    source = make_source(title="Belta report", url="https://belta.example/1")

    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page
    main = page.get_by_role("main")
    assert page.locator("option").count() < 150  # the form's fixed menus only, not 3,000 events
    main.get_by_label(re.compile(r"^\s*Speaker as described")).fill("A Belarusian official")
    main.get_by_label(re.compile(r"^\s*Statement:?\s*$")).fill("Iskanders are ready for combat.")
    language = main.get_by_role("combobox", name="Language:", exact=True)
    language.fill("en")
    language.press("Escape")

    event = main.get_by_role("combobox", name="Event")
    event.fill("Minsk")
    expect(page.get_by_role("option", name=re.compile("Minsk summit"))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(event).to_have_value("Minsk summit (2022-12-19)")
    expect(page.locator('input[type="hidden"][name="event"]')).to_have_value(str(summit.pk))

    tags = main.get_by_role("combobox", name="Tags")
    tags.fill("mili")
    expect(page.get_by_role("option", name="Military")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(tags).to_have_value("Military, ")
    tags.press_sequentially("bela")
    expect(page.get_by_role("option", name="Belarus")).to_be_visible()
    eddie.screenshot("claim-form-tag-typeahead", showing=tags)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(tags).to_have_value("Military, Belarus, ")

    evidence = page.locator("#evidence-row-evidence-0")
    box = evidence.get_by_role("combobox").first
    box.fill("Belta")
    page.get_by_role("option", name=re.compile("Belta report")).first.click()
    evidence.get_by_label(re.compile(r"^\s*Relation")).select_option("attribution")
    evidence.get_by_label(re.compile(r"^\s*Excerpt")).fill("Iskanders are ready")
    with page.expect_navigation():
        main.get_by_role("button", name="Create claim").click()
    expect(page).to_have_url(re.compile(r"/desk/claims/\d+/$"))
    claim = Claim.objects.get(statement="Iskanders are ready for combat.")
    assert claim.event == summit
    assert set(claim.tags.all()) == {military, belarus}
    expect(page.get_by_role("main")).to_contain_text("Minsk summit")
    assert_no_csp_violations(eddie)
