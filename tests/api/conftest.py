"""Builders for the API tests: clients and published claims (walked with `advance`)."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient



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
def published_claim(make_claim, advance):
    def build(**fields):
        return advance(make_claim(with_refutation=True, **fields), "published", explanation="Checked against the minutes.")

    return build
