"""Brute-force protection: django-axes locks a username+IP after AXES_FAILURE_LIMIT failures."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

GOOD = "correct-horse-battery"


def fail(client, username, times, **extra):
    response = None
    for _ in range(times):
        response = client.post("/accounts/login/", {"username": username, "password": "guess-123456"}, **extra)
    return response


def test_it_locks_after_the_configured_number_of_failures(client, editor):
    assert settings.AXES_FAILURE_LIMIT == 5

    before = fail(client, "eddie", settings.AXES_FAILURE_LIMIT - 1)
    assert before.status_code == 200
    assert "Please enter a correct username and password" in before.content.decode()

    locked = fail(client, "eddie", 1)

    html = locked.content.decode()
    assert locked.status_code == 429
    assert "Sign-in locked for now" in html
    assert "There were 5 failed sign-in attempts in a row" in html
    assert "signing in as “eddie” from here is blocked" in html
    assert "Try again in 30 minutes." in html
    assert locked["Retry-After"] == "1800"


def test_it_keeps_the_right_password_locked_out_during_the_cool_off(client, editor):
    fail(client, "eddie", settings.AXES_FAILURE_LIMIT)

    response = client.post("/accounts/login/", {"username": "eddie", "password": GOOD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_only_that_username_from_that_address(client, editor, other_editor):
    fail(client, "eddie", settings.AXES_FAILURE_LIMIT)

    colleague = client.post("/accounts/login/", {"username": "erin", "password": GOOD})
    assert colleague.status_code == 302
    assert client.session["_auth_user_id"] == str(other_editor.pk)
    client.post("/accounts/logout/")

    elsewhere = client.post("/accounts/login/", {"username": "eddie", "password": GOOD}, REMOTE_ADDR="10.1.2.3")
    assert elsewhere.status_code == 302
    client.post("/accounts/logout/")

    still_locked = client.post("/accounts/login/", {"username": "eddie", "password": GOOD})
    assert still_locked.status_code == 429


def test_it_forgets_failures_after_a_successful_sign_in(client, editor):
    fail(client, "eddie", settings.AXES_FAILURE_LIMIT - 1)
    assert client.post("/accounts/login/", {"username": "eddie", "password": GOOD}).status_code == 302
    client.post("/accounts/logout/")

    response = fail(client, "eddie", settings.AXES_FAILURE_LIMIT - 1)

    assert response.status_code == 200


def test_it_lets_an_admin_lift_the_lock(client, editor):
    from axes.utils import reset

    fail(client, "eddie", settings.AXES_FAILURE_LIMIT)
    reset(username="eddie")

    response = client.post("/accounts/login/", {"username": "eddie", "password": GOOD})

    assert response.status_code == 302


def test_it_tells_clients_apart_behind_a_reverse_proxy(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy (10.0.0.1) appends the address it saw; the attacker's own prefix is ignored.
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.5", "REMOTE_ADDR": "10.0.0.1"}
    colleague = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "REMOTE_ADDR": "10.0.0.1"}

    locked = fail(client, "eddie", settings.AXES_FAILURE_LIMIT, **attacker)
    assert locked.status_code == 429

    response = client.post("/accounts/login/", {"username": "eddie", "password": GOOD}, **colleague)
    assert response.status_code == 302, "the real eddie, through the same proxy, is not locked out"


def test_it_ignores_forwarded_addresses_when_not_behind_a_proxy(client, editor, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0

    fail(client, "eddie", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.5")
    response = client.post(
        "/accounts/login/", {"username": "eddie", "password": GOOD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert response.status_code == 429, "a forged X-Forwarded-For does not get around the lock"
