"""An inbox item says what and who: the claim's statement (shortened), its speaker and who acted, not only
"claim #18" — in a fixed number of queries however many items the page shows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import parse

LONG = "Belarus has put its Iskander missile systems on combat duty along the whole western border " * 3


def test_an_item_names_the_claim_its_speaker_and_who_acted(
    client, editor, reviewer, make_claim, make_speaker, advance, django_capture_on_commit_callbacks
):
    claim = make_claim(statement=LONG, speaker=make_speaker("Viktor Khrenin"))
    with django_capture_on_commit_callbacks(execute=True):  # the notices go out after commit
        advance(claim, "in_review", by={"take": reviewer})
    client.force_login(editor)  # the editor is told a reviewer took the claim
    page = parse(client.get("/desk/inbox/"))
    item = page.select_one("ol.inbox > li.notification")
    text = " ".join(item.get_text(" ").split())
    assert "Belarus has put its Iskander missile systems" in text
    assert "Viktor Khrenin" in text and "rita" in text
    assert LONG.strip() not in text  # shortened
    assert item.select_one(".notification-claim")["title"].startswith("Belarus has put")


def test_the_inbox_costs_the_same_queries_for_one_item_or_many(
    client, editor, reviewer, make_claim, make_speaker, advance, django_capture_on_commit_callbacks
):
    def inbox_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/desk/inbox/").status_code == 200
        return len(ctx.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        advance(make_claim(speaker=make_speaker("Speaker A")), "in_review")
    client.force_login(editor)
    one = inbox_queries()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            advance(make_claim(speaker=make_speaker(f"Speaker {n}")), "in_review")
    from notifications.models import Notification

    assert Notification.objects.filter(recipient=editor).count() >= 7
    assert inbox_queries() == one
