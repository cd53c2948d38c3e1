"""Signing in and out of the desk (django.contrib.auth views under /accounts/)."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_sign_in_page(client):
    response = client.get("/desk/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/desk/"


def test_it_shows_a_labelled_sign_in_form(client):
    response = client.get("/accounts/login/?next=/desk/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign in to the desk" in html
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'name="next" value="/desk/"' in html


def test_it_signs_an_editor_in_and_opens_the_dashboard(client, editor):
    response = client.post(
        "/accounts/login/", {"username": "eddie", "password": "correct-horse-battery"}, follow=True
    )

    assert response.redirect_chain == [("/desk/", 302)]
    assert response.status_code == 200
    assert response.wsgi_request.user == editor
    assert "Signed in as eddie" in response.content.decode()


def test_it_goes_back_to_the_page_that_asked_for_sign_in(client, editor):
    response = client.post(
        "/accounts/login/?next=/desk/claims/1/",
        {"username": "eddie", "password": "correct-horse-battery", "next": "/desk/claims/1/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/desk/claims/1/"


def test_it_refuses_to_redirect_to_another_site_after_sign_in(client, editor):
    response = client.post(
        "/accounts/login/",
        {"username": "eddie", "password": "correct-horse-battery", "next": "https://evil.example/"},
    )

    assert response["Location"] == "/desk/"


def test_it_says_why_a_wrong_password_is_refused(client, editor):
    response = client.post("/accounts/login/", {"username": "eddie", "password": "wrong-horse"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in html
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_account(client, editor):
    editor.is_active = False
    editor.save()

    response = client.post("/accounts/login/", {"username": "eddie", "password": "correct-horse-battery"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_sends_a_signed_in_user_on_from_the_sign_in_page(client, editor):
    client.force_login(editor)

    response = client.get("/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/desk/"


def test_it_only_signs_out_on_post(client, editor):
    client.force_login(editor)

    refused = client.get("/accounts/logout/")
    assert refused.status_code == 405
    assert client.session.get("_auth_user_id") == str(editor.pk)

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert client.get("/desk/").status_code == 302


def test_it_refuses_a_sign_out_without_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    assert client.session.get("_auth_user_id") == str(editor.pk)


def test_it_offers_sign_out_as_a_form_button_on_desk_pages(client, editor):
    client.force_login(editor)

    html = client.get("/desk/").content.decode()

    assert '<form action="/accounts/logout/" method="post">' in html
    assert 'href="/accounts/password/"' in html
