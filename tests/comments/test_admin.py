"""The admin lists comments with filters (claim, author, resolved) and changes nothing except by moderation."""

from comments import services
from comments.models import Comment

from .conftest import parse


def test_it_lists_comments_filtered_by_claim_author_and_resolution(client, admin_user, reviewer, editor, chief, make_claim, start_thread):
    claim, other = make_claim(), make_claim()
    open_thread = start_thread(claim, reviewer, "Open question on the first claim")
    resolved = start_thread(claim, editor, "Settled question")
    services.resolve_thread(thread=resolved, user=chief)
    start_thread(other, reviewer, "About the other claim")
    client.force_login(admin_user)

    def listed(query):
        page = parse(client.get("/admin/comments/comment/" + query))
        return sorted(row.get_text() for row in page.select("#result_list tbody th"))

    assert len(listed("")) == 3
    assert len(listed(f"?thread__claim__id__exact={claim.pk}")) == 2
    assert listed(f"?author__id__exact={editor.pk}") == [str(resolved.comments.get())]
    assert listed("?resolved=yes") == [str(resolved.comments.get())]
    assert len(listed("?resolved=no")) == 2
    assert str(open_thread.comments.get()) in listed("?resolved=no")


def test_it_lets_desk_staff_read_but_not_change_comments_in_the_admin(client, editor, reviewer, make_claim, start_thread):
    comment = start_thread(make_claim(), reviewer, "Read me").comments.get()
    client.force_login(editor)

    assert client.get("/admin/comments/comment/").status_code == 200
    assert client.get("/admin/comments/comment/add/").status_code == 403
    response = client.post(f"/admin/comments/comment/{comment.pk}/change/", {"body": "Changed"})
    assert response.status_code == 403
    assert Comment.objects.get().body == "Read me"


def test_it_offers_removal_in_the_admin_only_to_moderators_and_keeps_it_soft(client, editor, chief, reviewer, make_claim, start_thread):
    comment = start_thread(make_claim(), reviewer, "Remove me").comments.get()
    action = {"action": "remove_comments", "_selected_action": [comment.pk]}

    client.force_login(editor)
    client.post("/admin/comments/comment/", action)
    assert Comment.objects.get().removed_at is None

    client.force_login(chief)
    client.post("/admin/comments/comment/", action)
    removed = Comment.objects.get()
    assert removed.removed_by == chief and removed.body == "Remove me"
