"""Comments are internal: every desk role takes part; an outsider and an anonymous visitor get nothing."""

import pytest

from comments.models import Comment, CommentRevision, Thread

DESK_ROLES = ["editor", "reviewer", "chief", "admin_user"]


@pytest.mark.parametrize("role", DESK_ROLES)
def test_it_lets_every_desk_role_start_reply_and_resolve(role, request, client, make_claim):
    user = request.getfixturevalue(role)
    claim = make_claim()
    client.force_login(user)

    started = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": f"Question from {role}"})
    thread = Thread.objects.get()
    replied = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reply/", {"body": "Answer"})
    resolved = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/resolve/")

    assert (started.status_code, replied.status_code, resolved.status_code) == (302, 302, 302)
    assert Comment.objects.filter(author=user).count() == 2
    thread.refresh_from_db()
    assert thread.resolved_by == user


@pytest.mark.parametrize("role,moderates", [("editor", False), ("reviewer", False), ("chief", True), ("admin_user", True)])
def test_it_lets_only_chief_editors_and_admins_moderate(role, moderates, request, client, other_reviewer, make_claim, start_thread):
    user = request.getfixturevalue(role)
    claim = make_claim()
    comment = start_thread(claim, other_reviewer, "Original").comments.get()
    client.force_login(user)

    response = client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "Moderated"})

    assert response.status_code == (302 if moderates else 403)
    assert Comment.objects.get().body == ("Moderated" if moderates else "Original")


def test_it_refuses_an_outsider_everywhere_and_writes_nothing(client, outsider, reviewer, make_claim, start_thread):
    claim = make_claim()
    thread = start_thread(claim, reviewer, "Internal discussion")
    comment = thread.comments.get()
    client.force_login(outsider)

    responses = [
        client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "Let me in"}),
        client.get(f"/desk/claims/{claim.pk}/threads/new/"),
        client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reply/", {"body": "Let me in"}),
        client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/resolve/"),
        client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "Let me in"}),
        client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/remove/"),
        client.get(f"/desk/claims/{claim.pk}/comments/{comment.pk}/history/"),
        client.get("/desk/mentions/?q=r"),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    assert all("Internal discussion" not in r.content.decode() for r in responses)
    assert Comment.objects.count() == 1 and Thread.objects.get().resolved_at is None
    assert Comment.objects.get().body == "Internal discussion"
    assert not CommentRevision.objects.exists()


def test_it_refuses_an_outsider_in_the_service_too(outsider, make_claim):
    from comments import services
    from factcheck.errors import NotAllowed

    claim = make_claim()
    with pytest.raises(NotAllowed):
        services.start_thread(claim=claim, user=outsider, body="Hello")
    assert not Thread.objects.exists()


def test_it_sends_an_anonymous_visitor_to_sign_in(client, reviewer, make_claim, start_thread):
    claim = make_claim()
    thread = start_thread(claim, reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reply/", {"body": "Hi"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Comment.objects.count() == 1


def test_it_answers_404_for_a_missing_claim_or_thread(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    assert client.post("/desk/claims/999999/threads/new/", {"body": "x"}).status_code == 404
    assert client.post(f"/desk/claims/{claim.pk}/threads/999999/reply/", {"body": "x"}).status_code == 404
    assert not Comment.objects.exists()
