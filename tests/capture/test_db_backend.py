"""The default backend needs no extra service: captures wait in the database until `manage.py db_worker` runs."""

import io

import pytest
from django.core.management import call_command

from capture.models import Capture
from tests.capture.conftest import article


# Serialized like the other transactional tests, so the database they restore is not clashed with after this flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_captures_through_the_database_queue_and_db_worker(httpserver, capture_env, settings, make_source):
    """Committed for real: the worker closes and reopens database connections, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    httpserver.expect_request("/db").respond_with_data(article("Queued", ["Waiting in the database for a worker."]), content_type="text/html")
    source = make_source(url=httpserver.url_for("/db"))
    capture = source.captures.get()
    assert capture.status == Capture.Status.PENDING  # the save did not wait for the fetch
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
    capture.refresh_from_db()
    assert capture.status == Capture.Status.DONE and "Waiting in the database" in capture.text
