"""Capture on save: a WARC record, the main text and title, a date hint, hashes; every failure recorded."""

import hashlib
import io

import pytest
from warcio.archiveiterator import ArchiveIterator

from capture.models import Capture
from tests.capture.conftest import article

EN = [
    "The minister said on Tuesday that “the bridge will reopen in May”, according to officials.",
    "Engineers inspected the structure twice last week and found no new cracks in the main span.",
    "Critics noted that the same promise was made last year and was not kept by the ministry.",
]


def test_it_captures_a_page_with_warc_text_and_hashes(httpserver, capture_now):
    html = article("Bridge to reopen", EN)
    httpserver.expect_request("/news/bridge").respond_with_data(html, content_type="text/html; charset=utf-8")
    source, capture = capture_now(httpserver.url_for("/news/bridge"))
    assert capture.status == Capture.Status.DONE
    assert capture.http_status == 200 and capture.content_type == "text/html"
    assert capture.final_url == httpserver.url_for("/news/bridge")
    assert capture.size == len(html.encode())
    assert capture.body_sha256 == hashlib.sha256(html.encode()).hexdigest()
    assert "the bridge will reopen in May" in capture.text
    assert "Home | World" not in capture.text  # main text, not the navigation
    assert capture.text_sha256 == hashlib.sha256(capture.text.encode()).hexdigest()
    assert capture.title == "Bridge to reopen"
    assert str(capture.published_hint) == "2024-03-05"
    assert capture.captured_at is not None
    with capture.warc.open("rb") as handle:
        records = [(record, record.content_stream().read()) for record in ArchiveIterator(handle)]
    (response, payload), (request, _nothing) = records
    assert response.rec_type == "response"
    assert response.rec_headers.get_header("WARC-Target-URI") == capture.final_url
    assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert response.http_headers.get_statuscode() == "200"
    assert payload == html.encode()
    assert request.rec_type == "request"


def test_it_follows_redirects_and_records_the_final_url(httpserver, capture_now):
    httpserver.expect_request("/short").respond_with_data("", status=301, headers={"Location": "/long/story"})
    httpserver.expect_request("/long/story").respond_with_data(article("Story", EN), content_type="text/html")
    _source, capture = capture_now(httpserver.url_for("/short"))
    assert capture.status == Capture.Status.DONE
    assert capture.final_url.endswith("/long/story")


def test_it_reads_mislabelled_and_unlabelled_charsets(httpserver, capture_now):
    ja = article("会談", ["プーチン大統領は「ベラルーシとの同盟は揺るがない」と述べた。" * 3], lang="ja")
    ja_bytes = ja.replace('<meta charset="utf-8">', "").encode("shift_jis")
    httpserver.expect_request("/ja").respond_with_data(ja_bytes, content_type="text/html; charset=utf-8")
    ru = article("Встреча", ["Лукашенко заявил, что союз двух стран остаётся крепким и надёжным." * 3], lang="ru")
    ru_bytes = ru.replace('<meta charset="utf-8">', "").encode("windows-1251")
    httpserver.expect_request("/ru").respond_with_data(ru_bytes, content_type="text/html")
    _s, ja_capture = capture_now(httpserver.url_for("/ja"), title="ja")
    _s, ru_capture = capture_now(httpserver.url_for("/ru"), title="ru")
    assert "同盟は揺るがない" in ja_capture.text
    assert "союз двух стран" in ru_capture.text


def test_it_stores_non_html_as_is_with_its_hash_and_pdf_text(httpserver, capture_now):
    from pypdf import PdfWriter

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    httpserver.expect_request("/chart.png").respond_with_data(png, content_type="image/png")
    _s, image = capture_now(httpserver.url_for("/chart.png"), title="chart")
    assert image.status == Capture.Status.DONE and image.text == ""
    assert image.body_sha256 == hashlib.sha256(png).hexdigest() and image.content_hash == image.body_sha256
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    httpserver.expect_request("/report.pdf").respond_with_data(buffer.getvalue(), content_type="application/pdf")
    _s, pdf = capture_now(httpserver.url_for("/report.pdf"), title="report")
    assert pdf.status == Capture.Status.DONE and pdf.content_type == "application/pdf"
    assert pdf.failure_detail == "PDF without a text layer"


def test_it_records_a_javascript_only_page_without_failing(httpserver, capture_now):
    html = '<html><head><title>App</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>'
    httpserver.expect_request("/app").respond_with_data(html, content_type="text/html")
    _s, capture = capture_now(httpserver.url_for("/app"))
    assert capture.status == Capture.Status.DONE and capture.text == ""
    assert "JavaScript" in capture.failure_detail


@pytest.mark.parametrize(
    "status, failure",
    [(500, "http_status"), (503, "http_status"), (404, "gone"), (410, "gone")],
)
def test_it_records_error_statuses_with_their_reason(httpserver, capture_now, status, failure):
    httpserver.expect_request("/err").respond_with_data("no", status=status)
    source, capture = capture_now(httpserver.url_for("/err"))
    assert capture.status == Capture.Status.FAILED and capture.failure == failure
    assert capture.http_status == status and capture.warc  # the error answer is evidence too
    assert capture.failure_message
    source.refresh_from_db()  # the source is still there


@pytest.mark.parametrize(
    "path_or_url, failure",
    [
        ("http://169.254.169.254/latest/meta-data/", "address"),
        ("redirect:http://127.0.0.2/admin", "address"),
        ("redirect:file:///etc/passwd", "scheme"),
        # A gopher:// source cannot be stored at all (claims.validators; tests/integrity/test_web_urls.py).
        ("http://user:secret@127.0.0.1/", "credentials"),
        ("http://nothing-here.invalid/", "dns"),
        ("loop", "redirects"),
        ("bomb", "too_large"),
        ("huge", "too_large"),
        ("tls", "tls"),
        ("silent", "timeout"),
    ],
)
def test_it_records_refusals_and_failures_on_the_capture(httpserver, capture_now, path_or_url, failure):
    import gzip

    if path_or_url.startswith("redirect:"):
        httpserver.expect_request("/r").respond_with_data("", status=302, headers={"Location": path_or_url[9:]})
        url = httpserver.url_for("/r")
    elif path_or_url == "loop":
        httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
        url = httpserver.url_for("/loop")
    elif path_or_url == "bomb":
        from django.conf import settings

        settings.FETCH_MAX_BYTES = 1_000_000
        bomb = gzip.compress(b"<p>" + b"a" * 30_000_000)
        httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
        url = httpserver.url_for("/bomb")
    elif path_or_url == "huge":  # announces 2 GB
        from werkzeug import Response

        httpserver.expect_request("/huge").respond_with_response(
            Response(iter([b"x"]), headers={"Content-Length": str(2 * 1024**3)})
        )
        url = httpserver.url_for("/huge")
    elif path_or_url == "tls":  # https to a server that speaks plain HTTP
        url = f"https://127.0.0.1:{httpserver.port}/"
    elif path_or_url == "silent":  # accepts the connection, never answers
        import socket

        from django.conf import settings

        settings.FETCH_CONNECT_TIMEOUT = 0.2
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
    else:
        url = path_or_url
    from claims.models import Source
    from capture import services

    source = Source(title="t", url=url)
    source.save()
    capture = Capture.objects.get(source=source)
    capture = services.run_capture(capture.pk)
    assert capture.status == Capture.Status.FAILED
    assert capture.failure == failure
    assert capture.failure_message and capture.failure_detail is not None


def test_it_runs_a_capture_once_even_if_the_task_runs_twice(httpserver, capture_now):
    from capture import services

    httpserver.expect_request("/once").respond_with_data(article("Once", EN), content_type="text/html")
    _s, capture = capture_now(httpserver.url_for("/once"))
    again = services.run_capture(capture.pk)
    assert again.captured_at == capture.captured_at and again.warc.name == capture.warc.name


def test_it_leaves_offline_sources_alone(capture_now, make_source):
    from capture import services
    from factcheck.errors import InvalidInput

    source = make_source(url="")
    assert not source.captures.exists()
    with pytest.raises(InvalidInput):
        services.request_capture(source)
