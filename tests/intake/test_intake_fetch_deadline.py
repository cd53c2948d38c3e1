"""Taking an article in by its address never holds the request past intake's own short time limit."""

import time

from django.urls import reverse

from claims.models import Source
from tests.dripping import DrippingServer

HEADERS_DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


def test_a_server_that_drips_its_headers_gets_a_message_within_the_intake_time_limit(client, editor, settings):
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CAPTURE_ROBOTS = "report"  # robots.txt is asked first, from the same slow server
    settings.INTAKE_FETCH_TIMEOUT = 1
    client.force_login(editor)
    with DrippingServer(HEADERS_DRIP, b"X-Drip: " + b"x" * 10_000) as server:
        started = time.monotonic()
        response = client.post(reverse("intake_start"), {"url": server.url})
        elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert "The server did not answer in time." in response.content.decode()
    assert elapsed < 2.5, f"intake held the request {elapsed:.1f} s with a 1 s limit"
    assert not Source.objects.exists()
