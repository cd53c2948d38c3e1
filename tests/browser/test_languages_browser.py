"""Every language in the browser: the claim form hints the statement's language and the box picks any language by name."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_form_suggests_italian_and_the_box_finds_a_language_by_name(open_session, editor):
    session = open_session(editor.username, at="/desk/claims/new/")
    page = session.page
    language = page.locator("#id_language")
    page.locator("#id_statement").fill("La guerra in Ucraina continuerà fino alla primavera, ha detto il ministro.")
    hint = page.locator(".language-hint").first
    expect(hint).to_contain_text("Looks like Italian — use it?")
    expect(language).to_have_value("")  # a hint, never a change by itself
    session.screenshot("language-hint", showing=hint)
    hint.get_by_role("button", name="Use Italian").click()
    expect(language).to_have_value("Italian (it)")
    expect(hint).to_be_hidden()

    translation_language = page.locator("#id_translation_language")
    translation_language.fill("")
    translation_language.type("Belaru")
    option = page.get_by_role("option", name=re.compile(r"Belarusian \(be\)"))
    expect(option).to_be_visible()
    session.screenshot("language-typeahead", showing=option)
    option.click()
    expect(translation_language).to_have_value("Belarusian (be)")
    assert_no_csp_violations(session)


def test_the_claim_list_filter_and_the_admin_alias_box_pick_a_language_by_name(open_session, admin_user):
    session = open_session(admin_user.username, at="/desk/claims/")
    page = session.page
    page.locator("details.more-filters summary").first.click()
    box = page.locator('input[name="language"]')
    box.type("Ital")
    option = page.get_by_role("option", name=re.compile(r"Italian \(it\)"))
    expect(option).to_be_visible()
    option.click()
    expect(box).to_have_value("Italian (it)")

    session.goto("/admin/claims/speaker/add/")
    alias_language = page.locator('input[name="aliases-0-language"]')
    alias_language.type("Belaru")
    option = page.get_by_role("option", name=re.compile(r"Belarusian \(be\)"))
    expect(option).to_be_visible()
    session.screenshot("admin-alias-language-typeahead", showing=option)
    option.click()
    expect(alias_language).to_have_value("Belarusian (be)")
    assert_no_csp_violations(session)
