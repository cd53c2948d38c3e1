"""The fetcher's total time limit holds while a slow server drips its TLS handshake, status line, headers or body.

Each test runs a small socket server thread on 127.0.0.1 (tests/dripping.py) that sends its answer a
byte at a time and gives up on its own after a few seconds, so a failing fetcher cannot hang the suite.
"""

import socket
import time

import pytest

from factcheck import fetch
from tests.dripping import ENDLESS, DrippingServer

LIMIT = 1.0  # the fetch's total time limit in these tests


CASES = {
    "status line": (b"", b"HTTP/1.1 200 OK" + ENDLESS),
    "headers": (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", b"X-Drip: " + ENDLESS),
    "body": (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20000\r\n\r\n", ENDLESS),
    # A TLS record header announcing a long handshake message, then its bytes one by one.
    "tls handshake": (b"\x16\x03\x03\x3f\xff", ENDLESS),
}


@pytest.mark.parametrize("stage", CASES)
def test_it_gives_up_at_the_total_time_limit_however_slowly_the_server_drips(stage, local_fetch):
    local_fetch.FETCH_CONNECT_TIMEOUT = 2
    head, drip = CASES[stage]
    with DrippingServer(head, drip) as server:
        url = server.url.replace("http://", "https://") if stage == "tls handshake" else server.url
        started = time.monotonic()
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch(url, total_timeout=LIMIT)
        elapsed = time.monotonic() - started
    assert caught.value.reason == "timeout", caught.value
    assert elapsed < LIMIT + 1.0, f"the fetch took {elapsed:.1f} s with a {LIMIT} s limit"


def test_a_dripped_body_is_never_returned_cut_short_as_if_complete(local_fetch):
    head, drip = CASES["body"]
    with DrippingServer(head, drip) as server:
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch(server.url, total_timeout=LIMIT)
    assert caught.value.reason == "timeout"


def test_the_connect_timeout_never_outlasts_the_total_limit(local_fetch):
    local_fetch.FETCH_CONNECT_TIMEOUT = 30
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        started = time.monotonic()
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/", total_timeout=LIMIT)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert caught.value.reason == "timeout"
    assert elapsed < LIMIT + 1.0


def test_a_slow_dns_answer_is_held_to_the_same_total_limit(local_fetch, monkeypatch):
    """Name resolution is part of the fetch: a resolver that takes 5 s does not hold a 1 s fetch for 5 s."""
    import threading

    released = threading.Event()

    def slow_resolve(host, port):
        released.wait(5)  # a resolver that hangs (the test releases it at the end)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetch, "resolve", slow_resolve)
    try:
        started = time.monotonic()
        with pytest.raises(fetch.FetchError) as caught:
            fetch.fetch("http://slow-dns.test/", total_timeout=LIMIT)
        elapsed = time.monotonic() - started
    finally:
        released.set()
    assert caught.value.reason == "timeout" and "DNS" in caught.value.detail, caught.value
    assert elapsed < LIMIT + 0.5, f"the fetch took {elapsed:.1f} s with a {LIMIT} s limit"
