"""Anonymous reads are rate-limited by the API_ANON_RATE setting; the desk is not."""

import pytest


@pytest.fixture
def low_rate(settings):
    settings.API_ANON_RATE = "3/minute"


def test_it_throttles_anonymous_readers_at_the_configured_rate(api, db, low_rate):
    answers = [api.get("/api/v1/claims/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert api.get("/api/v1/claims/")["Retry-After"]


def test_it_does_not_throttle_desk_members(token_client, editor, low_rate):
    client = token_client(editor)

    answers = {client.get("/api/v1/claims/").status_code for _ in range(5)}

    assert answers == {200}
