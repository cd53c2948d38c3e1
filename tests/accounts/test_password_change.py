"""Changing one's own password, checked by the configured password validators."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

GOOD = "correct-horse-battery"


def change(client, new1, new2=None, old=GOOD):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new1, "new_password2": new1 if new2 is None else new2},
    )


def test_it_asks_anonymous_visitors_to_sign_in_first(client):
    response = client.get("/accounts/password/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"


def test_it_shows_the_password_rules_next_to_the_field(client, editor):
    client.force_login(editor)

    html = client.get("/accounts/password/").content.decode()

    assert "Change your password" in html
    assert "Your password must contain at least 10 characters." in html
    assert "Your password can’t be a commonly used password." in html


@pytest.mark.parametrize(
    "weak, reason",
    [
        ("short-1", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("4815162342108", "This password is entirely numeric."),
        ("eddie@desk.test", "The password is too similar to the email address."),
    ],
)
def test_it_refuses_weak_passwords_and_says_why(client, editor, weak, reason):
    client.force_login(editor)

    response = change(client, weak)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your password was not changed." in html
    assert reason in html
    editor.refresh_from_db()
    assert editor.check_password(GOOD)


def test_it_refuses_a_wrong_current_password(client, editor):
    client.force_login(editor)

    response = change(client, "a-much-better-passphrase", old="not-my-password")

    assert "Your old password was entered incorrectly." in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(GOOD)


def test_it_refuses_mismatched_new_passwords(client, editor):
    client.force_login(editor)

    response = change(client, "a-much-better-passphrase", "a-much-better-passphras")

    assert "The two password fields didn’t match." in response.content.decode()


def test_it_changes_the_password_and_signs_out_other_browsers(client, editor):
    elsewhere = Client()
    elsewhere.force_login(editor)
    client.force_login(editor)

    response = change(client, "a-much-better-passphrase")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    done = client.get("/accounts/password/done/")
    assert "Password changed" in done.content.decode()
    assert client.get("/desk/").status_code == 200, "this browser stays signed in"
    assert elsewhere.get("/desk/").status_code == 302, "other sessions are signed out"
    editor.refresh_from_db()
    assert editor.check_password("a-much-better-passphrase")
    assert not editor.check_password(GOOD)
