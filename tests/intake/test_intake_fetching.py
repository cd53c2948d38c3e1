"""Intake by address: the form records a pending request and answers at once; the worker fetches; the
"fetching…" page opens the review when it is done, says why when it failed, and is the requester's only."""

import datetime
import io
import types

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims.models import Source
from intake import tasks
from intake.models import IntakeRequest

from .conftest import START

MINSK = (
    "<html><head><title>Minsk talks</title></head><body><article><h1>Minsk talks</h1>"
    "<p>“Nothing important was decided in Minsk,” Kuleba said on Monday.</p>"
    "<p>He added that Ukraine was ready for whatever the two leaders agreed, whatever it was.</p></article></body></html>"
)


@pytest.fixture
def kuleba(make_speaker):
    return make_speaker("Dmytro Kuleba", aliases=["Kuleba"])


def ask(client, capture, **data):
    """Post the form as a browser does; the fetch is queued in the database (nothing runs it yet)."""
    data.setdefault("published_on", "2022-12-21")
    with capture(execute=True):
        response = client.post(START, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def status_of(client, fetching_url):
    return client.get(fetching_url.rstrip("/") + "/status/").json()


def test_the_fetching_page_waits_then_opens_the_review_once_the_worker_fetched_the_page(
    client, editor, kuleba, httpserver, local_pages, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/minsk").respond_with_data(MINSK, content_type="text/html; charset=utf-8")
    client.force_login(editor)
    fetching = ask(client, django_capture_on_commit_callbacks, url=httpserver.url_for("/minsk"))
    pending = IntakeRequest.objects.get()
    assert fetching == reverse("intake_fetching", args=[pending.pk]) and pending.status == "pending"
    assert not Source.objects.exists() and not httpserver.log  # nothing fetched on the request's thread

    page = client.get(fetching)
    html = page.content.decode()
    assert page.status_code == 200 and "Fetching the article…" in html and 'role="status"' in html
    assert 'http-equiv="refresh"' in html and "js/intake_fetching.js" in html  # reloads itself, with or without JS
    assert page["Cache-Control"].startswith("max-age=0")
    assert status_of(client, fetching) == {"status": "pending", "overdue": False, "next": fetching}

    tasks.fetch_article.call(pending.pk)  # what the worker runs
    source = Source.objects.get()
    review = reverse("intake_review", args=[source.pk])
    response = client.get(fetching)
    assert response.status_code == 302 and response["Location"] == review
    assert status_of(client, fetching) == {"status": "done", "overdue": False, "next": review}
    assert source.url == httpserver.url_for("/minsk") and "Kuleba said on Monday" in source.text
    assert str(source.published_on) == "2022-12-21"
    assert len(client.get(review).context["rows"]) == 2


def test_the_same_address_asked_again_opens_the_same_source(client, editor, httpserver, fetch_at_once):
    httpserver.expect_request("/minsk").respond_with_data(MINSK, content_type="text/html; charset=utf-8")
    client.force_login(editor)
    first = fetch_at_once(client, url=httpserver.url_for("/minsk"))
    second = fetch_at_once(client, url=httpserver.url_for("/minsk"), language="it")
    source = Source.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("intake_review", args=[source.pk])
    assert source.language == "it" and IntakeRequest.objects.count() == 2


def test_a_double_click_while_the_fetch_waits_queues_one_fetch(client, editor, local_pages, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    client.force_login(editor)
    first = ask(client, django_capture_on_commit_callbacks, url="https://news.example/minsk")
    second = ask(client, django_capture_on_commit_callbacks, url="https://news.example/minsk")
    assert first == second and IntakeRequest.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_only_the_editor_who_asked_sees_the_request(
    client, editor, other_editor, chief, reviewer, outsider, local_pages, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    fetching = ask(client, django_capture_on_commit_callbacks, url="https://news.example/minsk")
    status = fetching + "status/"
    for someone in (other_editor, chief):  # allowed to take articles in, but this request is not theirs
        client.force_login(someone)
        assert client.get(fetching).status_code == 404 and client.get(status).status_code == 404
    for someone in (reviewer, outsider):  # no intake role: refused before the object is looked at
        client.force_login(someone)
        assert client.get(fetching).status_code == 403 and client.get(status).status_code == 403
    client.logout()
    assert client.get(fetching).status_code == 302 and client.get(status).status_code == 302  # to the login page
    client.force_login(editor)
    assert client.get(fetching).status_code == 200
    assert client.get(reverse("intake_fetching", args=[IntakeRequest.objects.get().pk + 1])).status_code == 404


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gone", "The page could not be fetched (the server answered HTTP 404). Paste its text or upload it instead."),
        ("/empty", "No article text was found in this page"),
    ],
)
def test_a_failed_fetch_shows_the_reason_and_the_form_to_paste_the_text_instead(client, editor, httpserver, fetch_at_once, path, reason):
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    httpserver.expect_request("/empty").respond_with_data("<html><body><script>app()</script></body></html>", content_type="text/html")
    client.force_login(editor)
    page = fetch_at_once(client, url=httpserver.url_for(path))
    html = page.content.decode()
    assert page.status_code == 200 and "The article could not be fetched" in html and reason in html
    assert 'name="text"' in html and f'action="{START}"' in html and "value=\"2022-12-21\"" in html  # paste here, date kept
    assert not Source.objects.exists()
    failed = IntakeRequest.objects.get()
    assert failed.status == "failed" and failed.finished_at is not None and failed.source is None
    assert status_of(client, reverse("intake_fetching", args=[failed.pk]))["status"] == "failed"


def test_the_reason_is_written_in_the_language_of_the_editors_pages(client, editor, httpserver, fetch_at_once):
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    html = fetch_at_once(client, url=httpserver.url_for("/gone")).content.decode()
    assert "記事を取得できませんでした" in html and "ページを取得できませんでした（サーバーの応答：HTTP 404）" in html
    assert "could not be fetched" not in html


def test_what_needs_no_network_is_refused_with_the_form_at_once(client, editor, local_pages):
    client.force_login(editor)
    for url, message in [
        ("ftp://news.example/minsk", "Only http and https addresses can be fetched."),
        ("http://10.0.0.7/minsk", "private, local or reserved address"),
        ("http://user:secret@news.example/", "user name or password"),
        ("https://news.example/\x07minsk", "control character"),
    ]:
        response = client.post(START, {"url": url})
        assert response.status_code == 400 and message in response.content.decode(), url
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(START, {"url": "https://news.example/minsk", "published_on": tomorrow.isoformat()})
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert not IntakeRequest.objects.exists()


def test_a_queue_that_is_down_fails_the_request_at_once_instead_of_leaving_it_fetching(
    client, editor, local_pages, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks, "fetch_article", types.SimpleNamespace(enqueue=down))
    client.force_login(editor)
    html = client.get(ask(client, django_capture_on_commit_callbacks, url="https://news.example/minsk")).content.decode()
    assert "could not start fetching this page" in html and 'name="text"' in html


def test_a_request_pending_far_past_the_time_limit_says_the_worker_may_not_be_running(
    client, editor, local_pages, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    fetching = ask(client, django_capture_on_commit_callbacks, url="https://news.example/minsk")
    assert "background worker may not be running" not in client.get(fetching).content.decode()
    IntakeRequest.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=2))
    html = client.get(fetching).content.decode()
    assert "background worker may not be running" in html and "Fetching the article…" in html
    assert status_of(client, fetching)["overdue"] is True
    again = ask(client, django_capture_on_commit_callbacks, url="https://news.example/minsk")
    assert again != fetching and IntakeRequest.objects.count() == 2  # asked again: a new fetch, not the stuck one


def test_a_fetch_that_crashes_is_recorded_as_failed_never_left_pending(client, editor, local_pages, monkeypatch, django_capture_on_commit_callbacks):
    from intake import services

    def broken(url):
        raise RuntimeError("a bug in extraction")

    monkeypatch.setattr(services, "read_url", broken)
    client.force_login(editor)
    fetching = ask(client, django_capture_on_commit_callbacks, url="https://news.example/minsk")
    tasks.fetch_article.call(IntakeRequest.objects.get().pk)
    html = client.get(fetching).content.decode()
    assert "Intake failed unexpectedly" in html and IntakeRequest.objects.get().failure == "internal"
    tasks.fetch_article.call(IntakeRequest.objects.get().pk)  # run twice: the outcome is written once
    assert IntakeRequest.objects.get().status == "failed"


# Committed for real: the worker closes and reopens database connections, as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_queue_and_db_worker_take_an_address_in(client, editor, httpserver, local_pages):
    local_pages.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    httpserver.expect_request("/minsk").respond_with_data(MINSK, content_type="text/html; charset=utf-8")
    client.force_login(editor)
    fetching = client.post(START, {"url": httpserver.url_for("/minsk")})["Location"]
    assert client.get(fetching).status_code == 200  # waiting for a worker
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
    response = client.get(fetching)
    assert response.status_code == 302 and response["Location"] == reverse("intake_review", args=[Source.objects.get().pk])
