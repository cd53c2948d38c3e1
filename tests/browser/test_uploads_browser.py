"""Uploaded files in real Chromium: a refused upload is explained, and no stored file runs script.

HTML and SVG cannot be uploaded any more, but a desk may hold files stored before the checks
existed; those are stored here directly. Opening any file by its URL must leave the desk page
as it was: no dialog, no DOM change, no new title.
"""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from claims.models import Source
from tests.security.conftest import HTML, SCRIPT, SVG, image_bytes

from .conftest import assert_no_csp_violations
from .test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Reports itself three ways if it ever runs: a dialog, the title, and a mark in the DOM.
PAYLOAD = b"<script>alert('pwned');document.title='pwned';document.documentElement.dataset.pwned='1'</script>"


def legacy_source(title, name, data):
    """A source whose file bypassed the checks (stored before they existed)."""
    source = Source.objects.create(title=title)
    stored = source.file.storage.save(f"sources/legacy/{name}", ContentFile(data))
    Source.objects.filter(pk=source.pk).update(file=stored)
    source.refresh_from_db()
    return source


def assert_nothing_ran(session, title):
    page = session.page
    assert session.dialogs == []
    assert page.title() == title
    assert page.evaluate("document.documentElement.dataset.pwned") is None


def open_by_url(session, url):
    """Navigate to `url` as a reader would; a download keeps the current page."""
    page = session.page
    with page.expect_download() as download:
        try:
            page.goto(url)
        except PlaywrightError as error:  # Chromium reports the download as an aborted navigation
            assert "Download is starting" in str(error) or "net::ERR_ABORTED" in str(error), error
    return download.value


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """Files in a private folder, served by the app as in production. Django's live server
    would otherwise answer MEDIA_URL itself, from disk, without the app's checks or headers."""
    from django.test import testcases

    monkeypatch.setattr(testcases._MediaFilesHandler, "_should_handle", lambda handler, path: False)
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_it_downloads_stored_html_and_svg_instead_of_running_them(open_session, editor, media):
    html = legacy_source("Legacy page", "page.html", HTML.replace(SCRIPT, PAYLOAD))
    svg = legacy_source("Legacy drawing", "drawing.svg", SVG.replace(SCRIPT, PAYLOAD))
    session = open_session("eddie", at=f"/desk/sources/{html.pk}/")
    title = session.page.title()

    for source in (html, svg):
        download = open_by_url(session, source.file.url)
        assert download.suggested_filename == f"source-{source.pk}.bin"
        assert_nothing_ran(session, title)
        expect(session.page).to_have_url(re.compile(rf"/desk/sources/{html.pk}/$"))


def test_its_sandbox_policy_alone_stops_a_stored_page_from_running(open_session, editor, media):
    """Take away the download and the opaque type: the CSP sandbox still keeps script from running."""
    source = legacy_source("Legacy page", "page.html", HTML.replace(SCRIPT, PAYLOAD))
    session = open_session("eddie")
    page = session.page

    def as_html_page(route):
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-disposition"}
        assert headers["content-security-policy"] == "default-src 'none'; sandbox"
        headers["content-type"] = "text/html"
        route.fulfill(response=response, headers=headers)

    page.route(re.compile(r".*/files/.*"), as_html_page)
    session.goto(source.file.url)
    expect(page.locator("body")).to_be_attached()
    assert session.dialogs == []
    assert page.title() == "x"  # the stored page's own title: its script did not change it
    assert page.evaluate("document.documentElement.dataset.pwned") is None


def test_it_shows_a_polyglot_screenshot_as_a_picture_only(open_session, editor, media):
    source = Source.objects.create(title="Screenshot of the post")
    session = open_session("eddie", at=f"/desk/sources/{source.pk}/")
    page = session.page

    page.get_by_label("File").set_input_files(
        files=[{"name": "../../evil.html", "mimeType": "text/html", "buffer": HTML.replace(SCRIPT, PAYLOAD)}]
    )
    page.get_by_role("button", name="Attach file").click()
    expect(page.locator(".field.has-error")).to_contain_text("accepts only these file types")
    assert blocking_violations(page) == []  # the refused form, with its message, reads well in axe too
    source.refresh_from_db()
    assert not source.file

    polyglot = image_bytes("PNG", size=(40, 30)) + HTML.replace(SCRIPT, PAYLOAD)
    page.get_by_label("File").set_input_files(files=[{"name": "shot.png", "mimeType": "image/png", "buffer": polyglot}])
    page.get_by_role("button", name="Attach file").click()
    expect(page.get_by_role("status")).to_contain_text("The file is attached to this source.")
    session.screenshot("source-file-attached")
    assert_no_csp_violations(session)

    source.refresh_from_db()
    session.goto(source.file.url)  # an image opens inline, as an image document
    expect(page.locator("img")).to_have_count(1)
    assert page.evaluate("document.contentType") == "image/png"
    assert session.dialogs == []
    assert page.evaluate("document.documentElement.dataset.pwned") is None
    assert "pwned" not in page.title()
