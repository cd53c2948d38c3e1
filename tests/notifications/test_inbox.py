"""The inbox: unread first, mark read one or all, a link straight to the comment, the count in the header."""

from datetime import timedelta

from django.utils import timezone

from notifications.models import Notification

from .conftest import parse


def mention(comment_on, claim, author, body, capture):
    return comment_on(claim, author, body, capture).comment


def test_it_lists_unread_notifications_first(client, editor, reviewer, make_claim, comment_on, django_capture_on_commit_callbacks):
    claim = make_claim()
    old = mention(comment_on, claim, editor, "@rita first", django_capture_on_commit_callbacks)
    new = mention(comment_on, claim, editor, "@rita second", django_capture_on_commit_callbacks)
    Notification.objects.filter(comment=new).update(read_at=timezone.now())
    Notification.objects.filter(comment=old).update(created_at=timezone.now() - timedelta(days=1))
    client.force_login(reviewer)

    page = parse(client.get("/desk/inbox/"))

    assert page.find("h1").get_text() == "Inbox"
    items = page.select("ol.inbox > li.notification")
    assert [("notification-unread" in li["class"]) for li in items] == [True, False]
    assert "1 unread notification" in page.find(class_="inbox-summary").get_text()


def test_it_opens_a_notification_at_the_exact_comment_and_marks_it_read(
    client, editor, reviewer, make_claim, comment_on, django_capture_on_commit_callbacks
):
    claim = make_claim()
    comment = mention(comment_on, claim, editor, "@rita look", django_capture_on_commit_callbacks)
    notification = Notification.objects.get()
    client.force_login(reviewer)

    page = parse(client.get("/desk/inbox/"))
    item = page.find(id=f"notification-{notification.pk}")
    assert item.find("a", class_="notification-link")["href"] == f"/desk/claims/{claim.pk}/#comment-{comment.pk}"
    response = client.post(f"/desk/inbox/{notification.pk}/open/")

    assert response["Location"] == f"/desk/claims/{claim.pk}/#comment-{comment.pk}"
    notification.refresh_from_db()
    assert notification.read_at is not None
    target = parse(client.get(f"/desk/claims/{claim.pk}/"))
    assert target.find(id=f"comment-{comment.pk}") is not None


def test_it_marks_one_or_all_notifications_read_by_post(client, editor, reviewer, make_claim, comment_on, django_capture_on_commit_callbacks):
    claim = make_claim()
    for n in range(3):
        mention(comment_on, claim, editor, f"@rita point {n}", django_capture_on_commit_callbacks)
    first = Notification.objects.order_by("id").first()
    client.force_login(reviewer)

    assert client.get(f"/desk/inbox/{first.pk}/read/").status_code == 405
    client.post(f"/desk/inbox/{first.pk}/read/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 2

    client.post("/desk/inbox/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_it_keeps_each_inbox_private(client, editor, reviewer, other_reviewer, make_claim, comment_on, django_capture_on_commit_callbacks):
    mention(comment_on, make_claim(), editor, "@rita private note", django_capture_on_commit_callbacks)
    notification = Notification.objects.get()
    client.force_login(other_reviewer)

    assert client.post(f"/desk/inbox/{notification.pk}/read/").status_code == 404
    assert client.post(f"/desk/inbox/{notification.pk}/open/").status_code == 404
    client.post("/desk/inbox/read-all/")
    assert b"private note" not in client.get("/desk/inbox/").content
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_shows_the_unread_count_in_the_header_of_desk_pages(client, editor, reviewer, make_claim, comment_on, django_capture_on_commit_callbacks):
    claim = make_claim()
    mention(comment_on, claim, editor, "@rita one", django_capture_on_commit_callbacks)
    mention(comment_on, claim, editor, "@rita two", django_capture_on_commit_callbacks)
    client.force_login(reviewer)

    dashboard = parse(client.get("/desk/"))

    link = dashboard.find("a", class_="inbox-link")
    assert link["href"] == "/desk/inbox/"
    assert link.find(class_="inbox-count").get_text(" ", strip=True) == "2 unread"

    client.post("/desk/inbox/read-all/")
    assert parse(client.get("/desk/")).find("a", class_="inbox-link").find(class_="inbox-count") is None


def test_it_words_notifications_when_shown_not_when_stored(client, editor, reviewer, make_claim, comment_on, django_capture_on_commit_callbacks):
    claim = make_claim()
    mention(comment_on, claim, editor, "@rita look", django_capture_on_commit_callbacks)
    Notification.objects.update(text="（書き手の言語で保存された文）")  # as if the author wrote in another language
    client.force_login(reviewer)

    page = parse(client.get("/desk/inbox/"))

    assert page.select_one("li.notification button").get_text() == f"eddie mentioned you in a comment on claim #{claim.pk}"
