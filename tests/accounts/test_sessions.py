"""Session expiry: signed out when the browser closes, and after SESSION_COOKIE_AGE at the latest."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db


def sign_in(client):
    return client.post("/accounts/login/", {"username": "eddie", "password": "correct-horse-battery"})


def test_it_uses_a_browser_session_cookie(client, editor):
    response = sign_in(client)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["expires"] == "", "no Expires: the browser drops the cookie when it closes"
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_it_ends_the_session_on_the_server_after_eight_hours(client, editor):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    before = timezone.now()

    sign_in(client)

    session = Session.objects.get(session_key=client.session.session_key)
    lifetime = session.expire_date - before
    assert datetime.timedelta(hours=8) <= lifetime < datetime.timedelta(hours=8, minutes=5)


def test_it_sends_an_expired_session_back_to_sign_in(client, editor):
    sign_in(client)
    assert client.get("/desk/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get("/desk/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/desk/"


def test_it_gives_a_new_session_key_at_sign_in(client, editor):
    client.get("/accounts/login/")
    client.session.save()
    anonymous_key = client.session.session_key

    sign_in(client)

    assert client.session.session_key != anonymous_key
