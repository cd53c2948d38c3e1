"""Captured text is clean and bounded: no control characters (tab and line feed kept), at most CAPTURE_TEXT_MAX_CHARS."""

import re

import pytest

from capture.models import Capture
from tests.capture.conftest import article

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
DIRTY = "Terminal\x1b[31m colours\x07 and a NUL\x00 byte;\r\nwindows line\rends;\ttabs kept; C1\x85 and DEL\x7f gone."


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/plain; charset=utf-8"])
def test_control_characters_are_stripped_from_captured_text_but_tabs_and_line_feeds_stay(httpserver, capture_now, content_type):
    body = article("Dirty page", [DIRTY, "A second paragraph long enough for the extractor to keep it as text."]) if "html" in content_type else DIRTY
    httpserver.expect_request("/dirty").respond_with_data(body, content_type=content_type)
    _source, capture = capture_now(httpserver.url_for("/dirty"))
    assert capture.status == Capture.Status.DONE
    assert "Terminal[31m colours and a NUL byte;" in capture.text
    assert not CONTROL.search(capture.text) and "\r" not in capture.text
    if "plain" in content_type:
        assert "\ttabs kept" in capture.text and "windows line\nends;" in capture.text


def test_a_huge_page_is_cut_at_the_setting_and_the_capture_says_so(httpserver, capture_now, settings):
    settings.CAPTURE_TEXT_MAX_CHARS = 5_000
    text = "\n".join(f"Paragraph {n}: the minister said the bridge would reopen in May." for n in range(2_000))
    httpserver.expect_request("/huge").respond_with_data(text, content_type="text/plain; charset=utf-8")
    _source, capture = capture_now(httpserver.url_for("/huge"))
    assert capture.status == Capture.Status.DONE
    assert len(capture.text) == 5_000 and text.startswith(capture.text)
    assert f"text cut at 5,000 of {len(text):,} characters" in capture.failure_detail
