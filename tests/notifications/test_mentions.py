"""@mentions: the named desk users get an inbox entry and an email; nobody without access hears a thing."""

from django.core import mail

from comments import services
from comments.mentions import mentioned_usernames
from notifications.models import Notification

from .conftest import parse


def test_it_notifies_a_mentioned_reviewer_in_the_inbox_and_by_email(client, editor, reviewer, make_claim, django_capture_on_commit_callbacks):
    claim = make_claim()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "@rita can you check the date?"})

    notification = Notification.objects.get()
    comment = notification.comment
    assert notification.recipient == reviewer and notification.verb == "mention"
    assert notification.url == f"/desk/claims/{claim.pk}/#comment-{comment.pk}"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita@desk.test"]
    assert "eddie mentioned you" in mail.outbox[0].subject
    assert "can you check the date?" in mail.outbox[0].body
    assert f"#comment-{comment.pk}" in mail.outbox[0].body
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Notified: @rita." in messages


def test_it_does_not_notify_a_mentioned_user_who_cannot_see_the_claim_and_tells_the_author(
    client, editor, outsider, make_claim, django_capture_on_commit_callbacks
):
    claim = make_claim()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/desk/claims/{claim.pk}/threads/new/", {"body": "Maybe @oscar knows the secret source"}, follow=True
        )

    assert not Notification.objects.filter(recipient=outsider).exists()
    assert mail.outbox == []
    warning = parse(response).find(class_="message-warning")
    assert "Not notified, because they cannot see this claim: @oscar." in warning.get_text()


def test_it_gives_an_outsider_no_trace_of_the_comment(client, editor, outsider, make_claim, comment_on, django_capture_on_commit_callbacks):
    claim = make_claim()
    comment_on(claim, editor, "Ask @oscar about the confidential memo", django_capture_on_commit_callbacks)
    client.force_login(outsider)

    inbox = client.get("/desk/inbox/")
    mentions = client.get("/desk/mentions/?q=o")

    assert inbox.status_code == 403 and mentions.status_code == 403
    assert b"confidential memo" not in inbox.content
    assert Notification.objects.filter(recipient=outsider).count() == 0


def test_it_ignores_words_that_are_not_desk_usernames(editor, reviewer, make_claim, comment_on, django_capture_on_commit_callbacks):
    claim = make_claim()

    posted = comment_on(
        claim, editor, "The @NHK_PR post and desk@example.org, not @nobody; but @rita.", django_capture_on_commit_callbacks
    )

    assert [u.username for u in posted.notified] == ["rita"]
    assert posted.not_notified == []
    assert Notification.objects.count() == 1


def test_it_does_not_notify_the_author_of_their_own_mention(editor, make_claim, comment_on, django_capture_on_commit_callbacks):
    posted = comment_on(make_claim(), editor, "Note to self @eddie", django_capture_on_commit_callbacks)

    assert posted.notified == []
    assert not Notification.objects.exists() and mail.outbox == []


def test_it_notifies_only_people_newly_mentioned_when_a_comment_is_edited(
    editor, reviewer, chief, make_claim, comment_on, django_capture_on_commit_callbacks
):
    posted = comment_on(make_claim(), editor, "@rita please look", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        edited = services.edit_comment(comment=posted.comment, user=editor, body="@rita please look, and @chloe too")

    assert [u.username for u in edited.notified] == ["chloe"]
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["chloe", "rita"]
    assert len(mail.outbox) == 2


def test_it_notifies_on_replies_as_well(editor, reviewer, chief, make_claim, comment_on, django_capture_on_commit_callbacks):
    posted = comment_on(make_claim(), editor, "Opening", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=posted.comment.thread, user=reviewer, body="@chloe this needs your call")

    notification = Notification.objects.get()
    assert notification.recipient == chief
    assert notification.text == f"rita mentioned you in a comment on claim #{posted.comment.thread.claim_id}"


def test_it_reads_mentions_the_way_people_write_them():
    assert mentioned_usernames("@rita, @rob. (@chloe) @rita again; mail a@b.org; @ alone; 「@eddie」") == [
        "rita",
        "rob",
        "chloe",
        "eddie",
    ]


def test_it_offers_desk_users_for_autocomplete_as_json(client, editor, reviewer, other_reviewer, outsider, make_claim):
    claim = make_claim()
    client.force_login(editor)

    response = client.get(f"/desk/mentions/?q=r&claim={claim.pk}")

    assert response.status_code == 200
    usernames = [row["username"] for row in response.json()["results"]]
    assert usernames == ["rita", "rob"]
    assert all(row["can_see_claim"] for row in response.json()["results"])
    everyone = [row["username"] for row in client.get("/desk/mentions/?q=").json()["results"]]
    assert "oscar" not in everyone and "eddie" in everyone


def test_it_wires_autocomplete_into_the_comment_forms_without_inline_script(client, editor, make_claim):
    claim = make_claim()
    client.force_login(editor)

    page = parse(client.get(f"/desk/claims/{claim.pk}/"))

    textarea = page.find(id="comment-threads").find("textarea")
    assert textarea["data-mention-url"] == f"/desk/mentions/?claim={claim.pk}"
    scripts = page.find_all("script")
    assert any(s.get("src", "").endswith("/js/comments.js") for s in scripts)
    assert all(s.get("src") for s in scripts), "inline script would break the CSP"
