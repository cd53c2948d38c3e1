"""The one SSRF-safe fetcher refuses what a server must never fetch and stops at its limits."""

import gzip
import socket

import pytest
from werkzeug import Response

from factcheck import fetch


def refusal(url, **kwargs):
    with pytest.raises(fetch.FetchError) as caught:
        fetch.fetch(url, **kwargs)
    return caught.value.reason


def test_it_fetches_a_page_from_an_allowed_test_host(httpserver, local_fetch):
    httpserver.expect_request("/page").respond_with_data("<p>hello</p>", content_type="text/html; charset=utf-8")
    result = fetch.fetch(httpserver.url_for("/page"))
    assert result.status == 200
    assert result.body == b"<p>hello</p>"
    assert result.content_type == "text/html" and result.charset == "utf-8"
    assert result.ip_address == "127.0.0.1"
    request = httpserver.log[-1][0]
    assert "source archiver" in request.headers["User-Agent"]


def test_it_refuses_loopback_without_the_allow_list_setting(httpserver, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    httpserver.expect_request("/page").respond_with_data("secret")
    assert refusal(httpserver.url_for("/page")) == "address"
    assert refusal("http://localhost/") == "address"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
    ],
)
def test_it_refuses_private_loopback_link_local_and_multicast_addresses(url, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    assert refusal(url) == "address"


@pytest.mark.parametrize(
    "url, reason",
    [
        ("file:///etc/passwd", "scheme"),
        ("gopher://127.0.0.1:70/_stats", "scheme"),
        ("ftp://example.org/file", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("http://user:pass@example.org/", "credentials"),
        ("http://user@example.org/", "credentials"),
        ("http:///nohost", "host"),
        ("http://xn--zz.test/", "host"),
        ("http://nothing-here.invalid/", "dns"),
    ],
)
def test_it_refuses_other_schemes_credentials_and_bad_hosts(url, reason, local_fetch):
    assert refusal(url) == reason


def test_it_resolves_idn_hosts_as_punycode_and_pins_the_checked_address(httpserver, local_fetch, monkeypatch):
    asked = []

    def fake_resolve(host, port):
        asked.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetch, "resolve", fake_resolve)
    httpserver.expect_request("/idn").respond_with_data("ok")
    result = fetch.fetch(f"http://пример.test:{httpserver.port}/idn")
    assert asked == ["xn--e1afmkfd.test"]
    assert result.body == b"ok"
    assert httpserver.log[-1][0].headers["Host"] == f"xn--e1afmkfd.test:{httpserver.port}"


def test_it_refuses_a_name_that_resolves_to_any_private_address(local_fetch, monkeypatch):
    monkeypatch.setattr(fetch, "resolve", lambda host, port: ["93.184.216.34", "169.254.169.254"])
    assert refusal("http://rebinding.test/") == "address"


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.2/",
        "http://[::1]/",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
        "http://admin:pw@127.0.0.1/",
    ],
)
def test_it_checks_every_redirect_hop(httpserver, local_fetch, target):
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": target})
    assert refusal(httpserver.url_for("/go")) in {"address", "scheme", "credentials"}


def test_it_follows_up_to_five_redirects_and_refuses_a_sixth_and_loops(httpserver, local_fetch):
    for n in range(1, 7):
        httpserver.expect_request(f"/r{n}").respond_with_data("", status=301, headers={"Location": f"/r{n + 1}"})
    httpserver.expect_request("/r7").respond_with_data("end")
    result = fetch.fetch(httpserver.url_for("/r2"))
    assert result.final_url.endswith("/r7") and len(result.hops) == 5
    assert refusal(httpserver.url_for("/r1")) == "redirects"
    httpserver.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    httpserver.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    assert refusal(httpserver.url_for("/loop-a")) == "redirects"


def test_it_stops_at_the_size_limit_declared_or_streamed(httpserver, local_fetch):
    local_fetch.FETCH_MAX_BYTES = 100_000
    httpserver.expect_request("/huge").respond_with_response(
        Response(iter([b"x" * 10]), headers={"Content-Length": str(2 * 1024**3)})
    )
    assert refusal(httpserver.url_for("/huge")) == "too_large"

    def undeclared():  # chunked, no Content-Length: the cap must hold while reading
        for _ in range(40):
            yield b"y" * 8192

    httpserver.expect_request("/stream").respond_with_response(Response(undeclared(), content_type="text/html"))
    assert refusal(httpserver.url_for("/stream")) == "too_large"


def test_it_stops_a_gzip_bomb_at_the_decoded_size_limit(httpserver, local_fetch):
    local_fetch.FETCH_MAX_BYTES = 1_000_000
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/html"
    )
    assert refusal(httpserver.url_for("/bomb")) == "too_large"


def test_it_decodes_gzip_within_the_limit(httpserver, local_fetch):
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress("<p>日本語</p>".encode()), headers={"Content-Encoding": "gzip"}, content_type="text/html"
    )
    result = fetch.fetch(httpserver.url_for("/gz"))
    assert result.body.decode() == "<p>日本語</p>"
    assert not result.header("content-encoding")


def test_it_gives_up_on_a_server_that_never_answers(local_fetch):
    local_fetch.FETCH_CONNECT_TIMEOUT = 0.2
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        assert refusal(f"http://127.0.0.1:{silent.getsockname()[1]}/") == "timeout"
    finally:
        silent.close()


def test_it_reports_tls_errors_and_refused_connections(httpserver, local_fetch):
    assert refusal(f"https://127.0.0.1:{httpserver.port}/") in {"tls", "connection"}
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    assert refusal(f"http://127.0.0.1:{port}/") == "connection"


def test_it_returns_server_errors_as_results_for_the_caller_to_judge(httpserver, local_fetch):
    httpserver.expect_request("/down").respond_with_data("oops", status=503)
    assert fetch.fetch(httpserver.url_for("/down")).status == 503


def test_it_sends_an_iri_path_percent_encoded(httpserver, local_fetch):
    httpserver.expect_request("/wiki/日本").respond_with_data("ok")
    result = fetch.fetch(httpserver.url_for("/") + "wiki/日本?q=ロシア&x=%20")
    assert result.body == b"ok"
    assert httpserver.log[-1][0].environ["RAW_URI"].startswith("/wiki/%E6%97%A5%E6%9C%AC?q=%E3%83%AD")
