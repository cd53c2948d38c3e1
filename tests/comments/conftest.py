"""Builders for comment-thread tests: threads and replies through the real services."""

import pytest
from bs4 import BeautifulSoup

from comments import services


@pytest.fixture
def start_thread():
    def build(claim, user, body="Does the excerpt really say S-400?", **anchor):
        return services.start_thread(claim=claim, user=user, body=body, **anchor).comment.thread

    return build


@pytest.fixture
def post_reply():
    def build(thread, user, body="Agreed, it says S-300."):
        return services.reply(thread=thread, user=user, body=body).comment

    return build


def parse(response):
    return BeautifulSoup(response.content.decode(), "html5lib")
