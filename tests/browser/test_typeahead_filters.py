"""The public index's speaker filter is a type-ahead: a reader picks a speaker by keyboard and the list narrows."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from claims.states import State

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_picks_a_speaker_from_suggestions_and_the_index_narrows(open_session, make_claim, make_speaker, advance):
    kuleba = make_speaker("Dmytro Kuleba", aliases=["クレーバ"])
    advance(make_claim(statement="Kuleba said the talks failed.", speaker=kuleba, with_refutation=True), "published")
    advance(make_claim(statement="Someone else spoke.", speaker=make_speaker("Other Person"), with_refutation=True), "published")
    reader = open_session()
    page = reader.page
    reader.goto("/")
    box = page.get_by_role("combobox", name="Speaker")
    box.fill("クレー")
    option = page.get_by_role("option", name=re.compile("Dmytro Kuleba"))
    expect(option).to_be_visible()
    reader.screenshot("public-speaker-typeahead")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Dmytro Kuleba")
    expect(page.locator('input[type="hidden"][name="speaker"]')).to_have_value(str(kuleba.pk))
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Kuleba said the talks failed.")).to_be_visible()
    expect(page.get_by_text("Someone else spoke.")).to_have_count(0)
    expect(page.get_by_role("combobox", name="Speaker")).to_have_value("Dmytro Kuleba")  # the chosen value, and only it, is rendered
    assert page.locator("option").count() < 20
    assert Claim.objects.filter(state=State.PUBLISHED).count() == 2
    assert_no_csp_violations(reader)
