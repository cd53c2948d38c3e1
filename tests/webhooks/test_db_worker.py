"""With the default backend a delivery waits in the database until `manage.py db_worker` sends it, retry included."""

import io

import pytest
from django.core.management import call_command

from webhooks import services
from webhooks.models import Delivery, Event


# Serialized like the other transactional tests, so the database they restore is not clashed with after this flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_delivers_and_retries(httpserver, webhook_env, make_endpoint):
    webhook_env.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    webhook_env.WEBHOOK_RETRY_BASE = 0  # the retry is due at once, so one batch run sees it
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("busy", status=500)
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    make_endpoint(httpserver.url_for("/hook"))
    [delivery] = services.emit(Event.TIP_RECEIVED, {"tip_id": 3, "desk_url": "https://desk.example/desk/tips/3/"})
    assert httpserver.log == []  # committed, queued, not sent by the request
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Delivery.Status.DELIVERED, 2, 200)
    assert [status for _request, response in httpserver.log for status in [response.status_code]] == [500, 200]
