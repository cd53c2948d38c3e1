"""Builders for the API tests: claims walked through the real workflow services."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reviews import services


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Anonymous-read throttling counts in the cache; every test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_client():
    def build(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    return build


@pytest.fixture
def walk(editor, reviewer, chief, rating):
    """Take a claim (with refuting evidence) through the workflow up to `until`."""

    def go(claim, until="published"):
        services.submit_claim(claim=claim, user=editor, expected_version=claim.version)
        if until == "submitted":
            return claim
        services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
        if until == "in_review":
            return claim
        services.propose_verdict(
            claim=claim,
            user=reviewer,
            attribution="correct",
            rating=rating["False"],
            summary="The record says otherwise.",
            explanation="Checked against the minutes.",
            evidence=[item.pk for item in claim.evidence.all()], expected_version=claim.version,
        )
        if until == "verdict_proposed":
            return claim
        services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)
        if until == "approved":
            return claim
        services.publish_claim(claim=claim, user=chief, expected_version=claim.version)
        claim.refresh_from_db()
        return claim

    return go


@pytest.fixture
def published_claim(make_claim, walk):
    def build(**fields):
        return walk(make_claim(with_refutation=True, **fields))

    return build
