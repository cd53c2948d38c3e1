import pytest
from bs4 import BeautifulSoup

from comments import services


@pytest.fixture
def comment_on():
    """Post a comment (a new thread) through the service, running after-commit work (email) at once."""

    def post(claim, user, body, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            return services.start_thread(claim=claim, user=user, body=body)

    return post


def parse(response):
    return BeautifulSoup(response.content.decode(), "html5lib")
