"""Signing in, a wrong password and signing out, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_it_signs_an_editor_in_and_out(open_session, editor):
    session = open_session()
    page = session.page

    session.goto("/desk/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/desk/$"))
    expect(page.get_by_role("heading", name="Sign in to the desk")).to_be_visible()
    session.screenshot("login")

    page.get_by_label("Username").fill("eddie")
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    session.screenshot("login-wrong-password")

    page.get_by_label("Password").fill("correct-horse-battery")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/desk/$"))
    expect(page.get_by_text("Signed in as eddie")).to_be_visible()

    session.sign_out()
    session.goto("/desk/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_no_csp_violations(session)


def test_it_shows_the_lockout_page_after_repeated_failures(open_session, editor, settings):
    session = open_session()
    page = session.page
    session.goto("/accounts/login/")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("eddie")
        page.get_by_label("Password").fill("guessing-again")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if page.get_by_role("heading", name="Sign-in locked for now").count():
            break

    expect(page.get_by_role("heading", name="Sign-in locked for now")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Try again in 30 minutes.")
    session.screenshot("lockout")


def test_it_changes_the_password_from_the_header_link(open_session, editor):
    session = open_session("eddie")
    page = session.page

    with page.expect_navigation():
        page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    page.get_by_label("Old password").fill("correct-horse-battery")
    page.get_by_label("New password", exact=False).first.fill("password123")
    page.get_by_label("New password confirmation").fill("password123")
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("main")).to_contain_text("This password is too common.")
    session.screenshot("password-change-refused")

    page.get_by_label("Old password").fill("correct-horse-battery")
    page.get_by_label("New password", exact=False).first.fill("a-much-better-passphrase")
    page.get_by_label("New password confirmation").fill("a-much-better-passphrase")
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()

    session.sign_out()
    session.sign_in("eddie", "a-much-better-passphrase")
