"""Several machines: the RQ backend on Redis runs a capture through a real (burst) RQ worker.

Uses the local Redis (127.0.0.1:6379, database 15, a queue of its own); skipped, saying why, when none answers.
"""

import uuid

import pytest

from capture import tasks
from capture.models import Capture
from tests.capture.conftest import article

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def rq_queue(settings, capture_env):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); the RQ backend needs one")
    name = f"test-capture-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}, "default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    yield name
    import django_rq

    django_rq.get_queue(name).empty()


def test_it_captures_through_redis_and_an_rq_worker(httpserver, rq_queue, make_source, settings):
    import django_rq
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    settings.CAPTURE_ON_SAVE = False
    httpserver.expect_request("/rq").respond_with_data(article("Queued", ["Sent through Redis to a worker process."]), content_type="text/html")
    source = make_source(url=httpserver.url_for("/rq"))
    capture = Capture.objects.create(source=source, url=source.url)
    result = tasks.capture_source.using(queue_name=rq_queue).enqueue(capture.pk)
    queue = django_rq.get_queue(rq_queue, job_class=Job)
    assert queue.count == 1
    # SimpleWorker runs the job in this process, so it sees this test's database transaction.
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    capture.refresh_from_db()
    assert capture.status == Capture.Status.DONE and "Sent through Redis" in capture.text
    result.refresh()
    assert result.status == "SUCCESSFUL"
