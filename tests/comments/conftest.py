"""Builders for comment-thread tests: threads and replies through the real services."""

import pytest
from bs4 import BeautifulSoup

from claims.models import Evidence
from comments import services
from reviews import services as workflow


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


@pytest.fixture
def propose(reviewer, rating):
    """Take a draft claim to “verdict proposed” through the workflow services."""

    def run(claim):
        claim = workflow.submit_claim(claim=claim, user=claim.created_by, expected_version=claim.version)
        claim = workflow.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
        return workflow.propose_verdict(
            claim=claim,
            user=reviewer,
            attribution="correct",
            rating=rating["False"],
            summary="The record shows otherwise.",
            evidence=list(Evidence.objects.filter(claim=claim).values_list("pk", flat=True)), expected_version=claim.version,
        )

    return run


def parse(response):
    return BeautifulSoup(response.content.decode(), "html5lib")
