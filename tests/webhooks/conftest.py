"""Webhook receivers are local HTTP servers (pytest-httpserver): tests never touch the internet."""

import json
import re
from pathlib import Path

import pytest

from webhooks.models import Endpoint, Event
from webhooks.services import new_secret

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


@pytest.fixture
def webhook_env(settings, local_fetch):
    """The fetcher may reach 127.0.0.1 only; tasks run at once (they cannot defer: retries wait for `send_due`)."""
    settings.WEBHOOK_TIMEOUT = 5
    settings.WEBHOOK_RETRY_BASE = 30
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


@pytest.fixture
def make_endpoint(db, chief):
    def build(url, events=tuple(Event.values), **fields):
        return Endpoint.objects.create(url=url, events=list(events), secret=new_secret(), created_by=chief, **fields)

    return build


@pytest.fixture
def receiver(httpserver, webhook_env, make_endpoint):
    """An endpoint at /hook of the local server, answering 200 to every POST; its requests are in `httpserver.log`."""
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    return make_endpoint(httpserver.url_for("/hook"))


def received(httpserver) -> list:
    """(headers, raw body, parsed body) of each request the local server got."""
    return [(request.headers, request.get_data(), json.loads(request.get_data())) for request, _response in httpserver.log]


def documented_verify():
    """The `verify` function of docs/webhooks.md, run as written (the recipe receivers copy)."""
    block = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(block, namespace)  # noqa: S102 (the project's own documentation)
    return namespace["verify"]


def documented_schemas() -> dict:
    """Event name → the JSON schema under its heading in docs/webhooks.md."""
    text = DOCS.read_text()
    return {name: json.loads(body) for name, body in re.findall(r"### `([a-z.]+)`\n\n```json\n(.*?)```", text, re.S)}
