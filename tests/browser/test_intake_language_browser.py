"""Intake's language in the browser: both language boxes have the desk's type-ahead, the review says when
intake has no rules for the article's language (its candidates then come from the general path), and the editor corrects it there (then edits an excerpt)."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Source

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLE = (
    "Talks in Minsk changed nothing, minister says\n"
    "“Nothing important was decided in Minsk,” Kuleba said on Monday.\n"
    "He added that Ukraine was ready for whatever the two leaders agreed.\n"
)


def pick(page, box, typed, name):
    box.fill("")
    box.type(typed)
    option = page.get_by_role("option", name=re.compile(re.escape(name)))
    expect(option).to_be_visible()
    return option


def test_the_editor_picks_a_wrong_language_sees_the_general_paths_candidates_and_corrects_it(open_session, editor, make_speaker):
    make_speaker("Dmytro Kuleba", aliases=["Kuleba"])
    eddie = open_session(editor.username, at="/desk/intake/")
    page = eddie.page
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_label("Article date").fill("2022-12-21")
    option = pick(page, page.locator("#id_language"), "Dutc", "Dutch (nl)")
    eddie.screenshot("intake-language-typeahead", showing=option)
    option.click()
    expect(page.locator("#id_language")).to_have_value("Dutch (nl)")
    with page.expect_navigation():
        page.get_by_role("button", name="Find the claims").click()

    # English read as Dutch: the general path still finds Kuleba's words, and says they are less sure.
    notice = page.locator("#general-path")
    expect(notice).to_contain_text("Intake has no extraction rules for Dutch")
    expect(notice).to_contain_text("correct its language above")
    expect(page.get_by_text("general path, less sure").first).to_be_visible()
    eddie.screenshot("intake-general-path-for-dutch")

    option = pick(page, page.get_by_role("combobox", name="Article language"), "Engl", "English (en)")
    option.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the language").click()
    expect(page.get_by_role("alert").filter(has_text="The article's language is now English.")).to_be_visible()
    expect(page.locator(".candidate-mark").first).to_be_visible()
    assert Source.objects.get().language == "en"

    first = page.locator("fieldset.candidate").first
    first.locator("summary").click()
    first.get_by_label("Excerpt").fill("Nothing important was decided in Minsk")
    assert first.locator("input[name$='-start']").input_value() == ""  # the edited excerpt no longer sits there
    first.get_by_label("Create this claim").check()
    eddie.screenshot("intake-corrected-to-english")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the ticked claims as drafts").click()
    expect(page.get_by_text("1 draft claim created from this article.")).to_be_visible()
    evidence = Claim.objects.get().evidence.get()
    assert evidence.excerpt == "Nothing important was decided in Minsk" and evidence.locator == ""
    assert_no_csp_violations(eddie)
