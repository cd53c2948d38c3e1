"""A delivery is a signed POST through the SSRF-safe fetcher, retried with back-off, then failed; resend keeps its id."""

from datetime import timedelta

import pytest
from django.utils import timezone

from webhooks import services
from webhooks.models import Delivery, Event

from .conftest import documented_verify, received


@pytest.fixture
def tip_event(django_capture_on_commit_callbacks):
    def emit():
        with django_capture_on_commit_callbacks(execute=True):
            return services.emit(Event.TIP_RECEIVED, {"tip_id": 7, "desk_url": "https://desk.example/desk/tips/7/"})

    return emit


def test_the_receiver_verifies_the_signature_with_the_documented_recipe(receiver, httpserver, tip_event):
    [delivery] = tip_event()
    [(headers, body, payload)] = received(httpserver)
    verify = documented_verify()
    assert verify(receiver.secret, headers, body)
    assert not verify("whsec_someone-else", headers, body)
    assert not verify(receiver.secret, headers, body + b" ")  # a body changed on the way
    stale = {**dict(headers), "X-Factcheck-Timestamp": str(int(headers["X-Factcheck-Timestamp"]) - 301)}
    assert not verify(receiver.secret, stale, body)  # outside the replay window
    assert headers["X-Factcheck-Event"] == "tip.received"
    assert headers["X-Factcheck-Delivery"] == payload["delivery"] == str(delivery.uid)
    assert headers["Content-Type"].startswith("application/json")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Delivery.Status.DELIVERED, 1, 200)
    assert delivery.delivered_at is not None


def test_a_500_is_retried_with_exponential_back_off_then_delivered(httpserver, webhook_env, make_endpoint, tip_event):
    for _ in range(2):
        httpserver.expect_oneshot_request("/flaky", method="POST").respond_with_data("down", status=500)
    httpserver.expect_request("/flaky", method="POST").respond_with_data("ok")
    make_endpoint(httpserver.url_for("/flaky"))
    [delivery] = tip_event()
    delivery.refresh_from_db()
    first_failure = timezone.now()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Delivery.Status.PENDING, 1, 500)
    assert timedelta(seconds=29) < delivery.next_attempt_at - first_failure <= timedelta(seconds=30)

    assert services.send_due() == 0  # not due yet: nothing is sent in a tight loop
    later = delivery.next_attempt_at
    services.send_due(now=later)
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at - later == timedelta(seconds=60)  # doubled

    services.send_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.error) == (Delivery.Status.DELIVERED, 3, 200, "")
    ids = {headers["X-Factcheck-Delivery"] for headers, _body, _payload in received(httpserver)}
    assert ids == {str(delivery.uid)}  # the receiver can dedupe every retry


def test_it_fails_after_the_last_attempt_and_a_resend_starts_again_with_the_same_id(httpserver, webhook_env, make_endpoint, tip_event, chief):
    httpserver.expect_request("/down", method="POST").respond_with_data("no", status=503)
    make_endpoint(httpserver.url_for("/down"))
    [delivery] = tip_event()
    for day in range(1, 6):
        services.send_due(now=timezone.now() + timedelta(days=day))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (Delivery.Status.FAILED, 4, None)
    assert "503" in delivery.error
    assert len(httpserver.log) == 4

    httpserver.clear_all_handlers()
    httpserver.expect_request("/down", method="POST").respond_with_data("ok")
    services.resend(user=chief, delivery=delivery)
    services.send_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 1)
    assert received(httpserver)[-1][0]["X-Factcheck-Delivery"] == str(delivery.uid)


def test_a_private_address_is_refused_and_never_contacted(httpserver, webhook_env, make_endpoint, tip_event):
    webhook_env.FETCH_ALLOWED_HOSTS = []  # production: 127.0.0.1 is a local address
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    make_endpoint(httpserver.url_for("/hook"))
    [delivery] = tip_event()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Delivery.Status.FAILED, 1, None)
    assert "private" in delivery.error
    assert httpserver.log == []


def test_a_private_address_is_refused_when_the_endpoint_is_made(chief, db):
    from factcheck.errors import InvalidInput

    for url in ("http://10.0.0.5/hook", "http://169.254.169.254/latest", "ftp://example.org/hook", "http://user:pw@example.org/"):
        with pytest.raises(InvalidInput):
            services.create_endpoint(user=chief, url=url, events=[Event.PUBLISHED])
    endpoint = services.create_endpoint(user=chief, url="https://hooks.example.org/in", events=[Event.PUBLISHED, Event.TIP_RECEIVED])
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40 and endpoint.created_by == chief


def test_an_inactive_or_unsubscribed_endpoint_gets_nothing(httpserver, webhook_env, make_endpoint, tip_event):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    make_endpoint(httpserver.url_for("/hook"), active=False)
    make_endpoint(httpserver.url_for("/hook"), events=[Event.PUBLISHED])
    assert tip_event() == []
    assert httpserver.log == []


def test_the_fetcher_does_not_follow_a_redirect_with_a_post_body(httpserver, webhook_env, make_endpoint, tip_event):
    httpserver.expect_request("/moved", method="POST").respond_with_data("", status=307, headers={"Location": "/elsewhere"})
    make_endpoint(httpserver.url_for("/moved"))
    [delivery] = tip_event()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == (Delivery.Status.PENDING, 307)
    assert [request.path for request, _ in httpserver.log] == ["/moved"]


def test_with_the_database_backend_a_retry_waits_in_the_queue_until_its_time(httpserver, webhook_env, make_endpoint, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    webhook_env.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    httpserver.expect_request("/flaky", method="POST").respond_with_data("down", status=500)
    make_endpoint(httpserver.url_for("/flaky"))
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = services.emit(Event.TIP_RECEIVED, {"tip_id": 1, "desk_url": "https://desk.example/desk/tips/1/"})
    [first] = DBTaskResult.objects.all()
    assert first.task_path == "webhooks.tasks.deliver" and first.args_kwargs["kwargs"] == {"delivery_id": delivery.pk} and first.run_after.year == 9999  # "no wait"
    assert httpserver.log == []  # the request waits for a worker
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.attempt(delivery.pk)
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert delivery.attempts == 1 and retry.run_after == delivery.next_attempt_at


def test_the_fetcher_posts_only_its_own_and_the_signature_headers():
    from factcheck.fetch import post

    for headers in ({"Host": "internal"}, {"Authorization": "Bearer x"}, {"X-Factcheck-Event": "a\r\nX-Evil: 1"}):
        with pytest.raises(ValueError):
            post("https://hooks.example.org/in", b"{}", headers=headers)
