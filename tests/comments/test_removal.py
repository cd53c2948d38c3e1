"""Soft delete: “comment removed” in place, replies kept, the text kept in the history."""

from comments.models import Comment, CommentRevision

from .conftest import parse


def test_it_shows_comment_removed_and_keeps_the_replies(client, reviewer, editor, make_claim, start_thread, post_reply):
    claim = make_claim()
    thread = start_thread(claim, reviewer, "A hasty remark")
    opening = thread.comments.get()
    reply = post_reply(thread, editor, "A thoughtful reply")
    client.force_login(reviewer)

    confirm = parse(client.get(f"/desk/claims/{claim.pk}/comments/{opening.pk}/remove/"))
    assert confirm.find("button", string="Remove comment") is not None
    response = client.post(f"/desk/claims/{claim.pk}/comments/{opening.pk}/remove/")

    assert response["Location"] == f"/desk/claims/{claim.pk}/#comment-{opening.pk}"
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    removed = page.find(id=f"comment-{opening.pk}")
    assert "Comment removed" in removed.get_text()
    assert "A hasty remark" not in page.find(id="comment-threads").get_text()
    assert "A thoughtful reply" in page.find(id=f"comment-{reply.pk}").get_text()
    assert Comment.objects.count() == 2
    revision = CommentRevision.objects.get()
    assert revision.action == "removed" and revision.body == "A hasty remark"


def test_it_refuses_to_remove_someone_elses_comment(client, reviewer, editor, make_claim, start_thread):
    claim = make_claim()
    comment = start_thread(claim, reviewer).comments.get()
    client.force_login(editor)

    response = client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/remove/")

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.removed_at is None
    assert not CommentRevision.objects.exists()


def test_it_lets_a_chief_editor_remove_any_comment_as_a_moderator(client, reviewer, chief, make_claim, start_thread):
    claim = make_claim()
    comment = start_thread(claim, reviewer, "Off-topic rant").comments.get()
    client.force_login(chief)

    client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/remove/")

    comment.refresh_from_db()
    assert comment.removed_by == chief
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    assert "removed by a moderator" in page.find(id=f"comment-{comment.pk}").get_text()


def test_it_refuses_to_edit_or_remove_a_removed_comment(client, reviewer, make_claim, start_thread):
    claim = make_claim()
    comment = start_thread(claim, reviewer, "Gone").comments.get()
    client.force_login(reviewer)
    client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/remove/")

    edit = client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "Back"})
    again = client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/remove/")

    assert edit.status_code == 409 and again.status_code == 409
    assert "was removed" in edit.content.decode()
    assert Comment.objects.get().body == "Gone"
    assert CommentRevision.objects.count() == 1


def test_it_shows_a_removed_comments_history_only_to_its_author_and_moderators(
    client, reviewer, other_reviewer, chief, make_claim, start_thread
):
    claim = make_claim()
    comment = start_thread(claim, reviewer, "Private detail").comments.get()
    client.force_login(reviewer)
    client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/remove/")
    url = f"/desk/claims/{claim.pk}/comments/{comment.pk}/history/"

    assert "Private detail" in client.get(url).content.decode()
    client.force_login(chief)
    assert "Private detail" in client.get(url).content.decode()
    client.force_login(other_reviewer)
    response = client.get(url)
    assert response.status_code == 403
    assert "Private detail" not in response.content.decode()
