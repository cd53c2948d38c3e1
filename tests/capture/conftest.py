"""A local HTTP server (pytest-httpserver) on 127.0.0.1 serves every fixture page: tests never touch the internet."""

import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


@pytest.fixture
def local_fetch(settings):
    """Let the fetcher reach the local fixture server (and nothing else private)."""
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FETCH_CONNECT_TIMEOUT = 2
    settings.FETCH_TOTAL_TIMEOUT = 5
    return settings
