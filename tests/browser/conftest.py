"""Playwright (sync API) against pytest-django's live_server, in Debian's Chromium.

The suite FAILS, never skips, when Chromium is missing: a green CI run must mean the
browser journeys really ran. Screenshots land in test-artifacts/ (git-ignored) so a
person can look at the pages.
"""

import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from playwright.sync_api import expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct-horse-battery"  # what tests/conftest.py's personas use

expect.set_options(timeout=20_000)  # generous: CI shares two cores with the whole suite


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for the whole tests/browser package (launching it per module cost ~1 s of CPU
    each). Package-scoped, not session-scoped, so Playwright's event loop is gone before any
    non-browser test runs; each test still gets its own context (cookies, storage) via Session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it). "
            "They fail instead of skipping so a green run always means the journeys ran.",
            pytrace=False,
        )
    from django.db import connections

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop running in this thread, and Django's ORM
        # refuses to run next to one; the tests only touch the ORM between browser calls.
        # Set only while this module's browser runs: no later test or subprocess inherits it.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # While Playwright's event loop runs, this thread sees a fresh context and with it fresh
        # Django connection objects. Hand them the test database's serialized contents, or
        # serialized_rollback could not restore the migrations' data (roles, rating scale)
        # once an earlier transactional test has flushed the tables.
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def desk_url(live_server, settings):
    # The desk's public address is the live server's (absolute links, logo, ClaimReview URLs).
    settings.DESK_URL = live_server.url + "/"
    return live_server.url


class Session:
    """One person's browser window: its own cookies, console log and dialogs."""

    def __init__(self, browser, base_url, locale):
        self.base_url = base_url
        self.context = browser.new_context(
            base_url=base_url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.console_errors = []
        self.dialogs = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("dialog", self._on_dialog)

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"GET {path} -> {response and response.status}"
        return response

    def sign_in(self, username, password=PASSWORD, *, then=None):
        """Sign in through the form; with `then` (a path), land there as the form's `next`, not on the
        dashboard: most tests' first page is elsewhere, and a dashboard nobody looks at cost a page load."""
        page = self.page
        self.goto("/accounts/login/" + (f"?{urlencode({'next': then})}" if then else ""))
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()
        response = navigation.value
        assert response is not None and response.ok, f"{username} signed in, but {page.url} answered {response and response.status}"
        if then:
            assert urlsplit(page.url).path == urlsplit(then).path, f"{username} signed in, but landed on {page.url}, not {then}"
        return page

    def sign_out(self):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Log out").click()
        expect(self.page).to_have_url(re.compile(r"/accounts/login/$"))

    def screenshot(self, name, *, showing=None):
        """The whole page; or, for a shot of one open widget (`showing`, a locator), the window
        scrolled to it: a full-page shot of the 5000-px claim form cost ~0.35 s of CPU, a window ~0.1 s."""
        ARTIFACTS.mkdir(exist_ok=True)
        if showing is not None:
            showing.scroll_into_view_if_needed()
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=showing is None)

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, desk_url):
    """open_session(username=None, locale="en-GB", at=None) -> Session, signed in if a username is given,
    on page `at` if given (signed in: straight from the login form), else on the dashboard."""
    sessions = []

    def open_(username=None, *, locale="en-GB", at=None):
        session = Session(browser, desk_url, locale)
        sessions.append(session)
        if username:
            session.sign_in(username, then=at)
        elif at:
            session.goto(at)
        return session

    yield open_
    for session in sessions:
        session.close()


def assert_no_csp_violations(session):
    """A page that breaks the Content-Security-Policy does not work as intended in a real browser."""
    violations = [e for e in session.console_errors if "Content Security Policy" in e]
    assert not violations, violations
