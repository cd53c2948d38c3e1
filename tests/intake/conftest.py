"""Intake by address: the fetch is a background task. These fixtures run it the two ways the desk can."""

import pytest
from django.urls import reverse

START = reverse("intake_start")


@pytest.fixture
def local_pages(settings):
    """The fetcher may reach the local fixture servers (127.0.0.1) and nothing else private; robots.txt is not asked."""
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CAPTURE_ROBOTS = "ignore"
    settings.CAPTURE_ON_SAVE = False  # the Source's own capture is capture's business, not these tests'
    return settings


@pytest.fixture
def fetch_at_once(local_pages, django_capture_on_commit_callbacks):
    """Post the intake form with the fetch task run at once (immediate backend, after commit as in
    production), then follow the "fetching…" page: returns the page the editor ends on."""
    local_pages.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def post(client, **data):
        data.setdefault("published_on", "2022-12-21")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(START, data)
        if response.status_code == 302 and "/fetching/" in response["Location"]:
            return client.get(response["Location"])
        return response

    return post
