"""Authors edit their own comments; every earlier text stays viewable; chief editors moderate."""

from comments.models import Comment, CommentRevision

from .conftest import parse


def test_it_lets_the_author_edit_and_keeps_the_previous_text_in_the_history(client, reviewer, make_claim, start_thread):
    claim = make_claim()
    comment = start_thread(claim, reviewer, "The excerpt says S-400.").comments.get()
    client.force_login(reviewer)

    form = parse(client.get(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/"))
    assert form.find("textarea", attrs={"name": "body"}).get_text() == "The excerpt says S-400."
    response = client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "The excerpt says **S-300**."})

    assert response["Location"] == f"/desk/claims/{claim.pk}/#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "The excerpt says **S-300**." and comment.edited_at is not None
    assert "<strong>S-300</strong>" in comment.body_html
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    shown = page.find(id=f"comment-{comment.pk}")
    assert "edited" in shown.find(class_="comment-edited").get_text()
    history_link = shown.find("a", string=lambda s: s and "History" in s)
    assert history_link["href"] == f"/desk/claims/{claim.pk}/comments/{comment.pk}/history/"

    history = parse(client.get(history_link["href"]))
    revisions = history.select("li.revision")
    assert len(revisions) == 1
    assert "The excerpt says S-400." in revisions[0].get_text()
    assert "Edited by rita" in revisions[0].get_text()


def test_it_refuses_to_let_someone_edit_another_persons_comment(client, reviewer, other_reviewer, editor, make_claim, start_thread):
    claim = make_claim()
    comment = start_thread(claim, reviewer, "Mine").comments.get()

    for intruder in (other_reviewer, editor):
        client.force_login(intruder)
        assert client.get(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/").status_code == 403
        response = client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "Theirs now"})
        assert response.status_code == 403
        assert "only change your own comments" in response.content.decode()

    comment.refresh_from_db()
    assert comment.body == "Mine" and comment.edited_at is None
    assert not CommentRevision.objects.exists()
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    assert page.find(id=f"comment-{comment.pk}").find("a", string="Edit") is None


def test_it_lets_a_chief_editor_moderate_and_records_it_as_moderation(client, reviewer, chief, make_claim, start_thread):
    claim = make_claim()
    comment = start_thread(claim, reviewer, "Call +81 90 0000 0000 for the source").comments.get()
    client.force_login(chief)

    client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "Call [phone number removed] for the source"})

    comment.refresh_from_db()
    assert comment.body == "Call [phone number removed] for the source"
    assert comment.author == reviewer
    revision = CommentRevision.objects.get()
    assert revision.changed_by == chief and revision.by_moderator
    assert revision.body == "Call +81 90 0000 0000 for the source"
    history = parse(client.get(f"/desk/claims/{claim.pk}/comments/{comment.pk}/history/"))
    assert "moderator" in history.select_one("li.revision").get_text()


def test_it_refuses_an_empty_edit_and_keeps_the_comment(client, reviewer, make_claim, start_thread):
    claim = make_claim()
    comment = start_thread(claim, reviewer, "Keep me").comments.get()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "  "})

    assert response.status_code == 400
    assert Comment.objects.get().body == "Keep me"
    assert not CommentRevision.objects.exists()


def test_it_answers_404_for_a_comment_addressed_through_another_claim(client, reviewer, make_claim, start_thread):
    claim, other = make_claim(), make_claim()
    comment = start_thread(other, reviewer).comments.get()
    client.force_login(reviewer)

    assert client.get(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/").status_code == 404
    assert client.post(f"/desk/claims/{claim.pk}/comments/{comment.pk}/edit/", {"body": "x"}).status_code == 404
    assert client.get(f"/desk/claims/{claim.pk}/comments/{comment.pk}/history/").status_code == 404
