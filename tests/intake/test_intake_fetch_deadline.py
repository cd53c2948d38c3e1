"""Taking an article in by its address never holds the request: the fetch runs in the background, and
stops there at intake's own short time limit however slowly the server answers."""

import time

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from claims.models import Source
from intake.models import IntakeRequest
from intake.tasks import fetch_article
from tests.dripping import DrippingServer

HEADERS_DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


def test_a_server_that_drips_its_headers_holds_no_request_and_the_page_says_why_it_gave_up(
    client, editor, local_pages, django_capture_on_commit_callbacks
):
    local_pages.CAPTURE_ROBOTS = "report"  # robots.txt is asked first, from the same slow server
    local_pages.INTAKE_FETCH_TIMEOUT = 15  # the default: a request thread waiting for it would wait 6 s here
    client.force_login(editor)
    with DrippingServer(HEADERS_DRIP, b"X-Drip: " + b"x" * 10_000) as server:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):  # queued in the database, as in production
            response = client.post(reverse("intake_start"), {"url": server.url})
        answered = time.monotonic() - started
        assert answered < 1.0, f"the form held the request {answered:.1f} s while the server dripped"
        pending = IntakeRequest.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("intake_fetching", args=[pending.pk])
        assert DBTaskResult.objects.filter(args_kwargs__args=[pending.pk]).count() == 1
        page = client.get(response["Location"])
        assert page.status_code == 200 and "Fetching the article…" in page.content.decode()

        local_pages.INTAKE_FETCH_TIMEOUT = 1
        started = time.monotonic()
        fetch_article.call(pending.pk)  # what the worker runs
        fetched = time.monotonic() - started
    assert fetched < 2.5, f"the fetch took {fetched:.1f} s with a 1 s limit"
    page = client.get(response["Location"]).content.decode()
    assert "The article could not be fetched" in page and "The server did not answer in time." in page
    assert "Paste its text or upload it instead." in page and 'name="text"' in page
    assert not Source.objects.exists()
