"""Staff manage users and their roles (groups) in the admin; only the Admin role may."""

import pytest
from django.contrib.auth.models import Group

from reviews.roles import ADMIN, CHIEF_EDITOR, EDITOR, REVIEWER

pytestmark = pytest.mark.django_db


def test_it_lists_users_with_a_role_filter(client, admin_user, editor, reviewer):
    client.force_login(admin_user)
    editors = Group.objects.get(name=EDITOR)

    response = client.get(f"/admin/auth/user/?groups__id__exact={editors.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "eddie" in html
    assert "rita" not in html
    for role in (EDITOR, REVIEWER, CHIEF_EDITOR, ADMIN):
        assert role in html, "each role is offered as a filter"


def test_it_shows_and_changes_a_users_roles(client, admin_user, editor):
    client.force_login(admin_user)
    reviewers = Group.objects.get(name=REVIEWER)

    page = client.get(f"/admin/auth/user/{editor.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="groups"' in html
    assert f'<option value="{Group.objects.get(name=EDITOR).pk}" selected>' in html

    response = client.post(
        f"/admin/auth/user/{editor.pk}/change/",
        {
            "username": "eddie",
            "email": "eddie@desk.test",
            "is_active": "on",
            "is_staff": "on",
            "groups": [reviewers.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )

    assert response.status_code == 302
    assert list(editor.groups.values_list("name", flat=True)) == [REVIEWER]


def test_it_keeps_user_management_from_other_roles(client, editor, chief):
    for person in (editor, chief):
        client.force_login(person)
        assert client.get("/admin/auth/user/").status_code == 403
        assert client.get(f"/admin/auth/user/{person.pk}/change/").status_code == 403
