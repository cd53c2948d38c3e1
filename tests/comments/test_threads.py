"""Starting threads and replying on the claim page, as a desk member would."""

from bs4 import BeautifulSoup
from django.test.utils import CaptureQueriesContext
from django.db import connection

from comments.models import Comment, Thread

from .conftest import parse


def test_it_starts_a_thread_and_lands_on_the_new_comment(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "Is the **date** right?", "anchor": ""})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/claims/{claim.pk}/#comment-{comment.pk}"
    assert comment.thread.claim == claim and comment.author == reviewer
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    shown = page.find(id=f"comment-{comment.pk}")
    assert shown.find("strong").get_text() == "date"
    assert "Reviewer" in shown.find(class_="badge-role").get_text()
    assert shown.find("time")["datetime"].startswith(str(comment.created_at.year))


def test_it_anchors_a_thread_on_an_evidence_item_of_the_claim(client, reviewer, make_claim):
    claim = make_claim()
    evidence = claim.evidence.get()
    client.force_login(reviewer)

    client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "This excerpt does not say S-400.", "anchor": f"evidence-{evidence.pk}"})

    thread = Thread.objects.get()
    assert thread.evidence == evidence
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    assert page.find(id=f"thread-{thread.pk}").find("a", href=f"#evidence-{evidence.pk}") is not None


def test_it_refuses_an_anchor_from_another_claim_and_writes_nothing(client, reviewer, make_claim):
    claim, other = make_claim(), make_claim()
    foreign = other.evidence.get()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "Look here", "anchor": f"evidence-{foreign.pk}"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Thread.objects.exists() and not Comment.objects.exists()


def test_it_refuses_an_empty_comment_with_a_message_next_to_the_field(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "   \n  "})

    assert response.status_code == 400
    page = parse(response)
    field = page.find("textarea", attrs={"name": "body"})
    assert field["aria-invalid"] == "true"
    assert "empty comment cannot be posted" in page.find(class_="errorlist").get_text()
    assert not Thread.objects.exists()


def test_it_refuses_a_comment_over_the_length_limit(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "x" * 100_000})

    assert response.status_code == 400
    assert "at most 20000 characters" in parse(response).find(class_="errorlist").get_text()
    assert not Comment.objects.exists()


def test_it_adds_replies_under_the_opening_comment_in_order(client, reviewer, editor, make_claim, start_thread):
    claim = make_claim()
    thread = start_thread(claim, reviewer, "First point")
    client.force_login(editor)

    client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reply/", {"body": "First reply"})
    client.force_login(reviewer)
    response = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reply/", {"body": "Second reply"})

    last = Comment.objects.latest("id")
    assert response["Location"] == f"/desk/claims/{claim.pk}/#comment-{last.pk}"
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    texts = [li.find(class_="comment-body").get_text().strip() for li in page.find(id=f"thread-{thread.pk}").select("li.comment")]
    assert texts == ["First point", "First reply", "Second reply"]


def test_it_refuses_a_reply_to_a_thread_of_another_claim(client, reviewer, make_claim, start_thread):
    claim, other = make_claim(), make_claim()
    thread = start_thread(other, reviewer)
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reply/", {"body": "Sneaky"})

    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_it_refuses_an_empty_reply(client, reviewer, make_claim, start_thread):
    claim = make_claim()
    thread = start_thread(claim, reviewer)
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reply/", {"body": ""})

    assert response.status_code == 400
    assert "empty comment cannot be posted" in response.content.decode()
    assert Comment.objects.count() == 1


def test_it_shows_open_threads_before_resolved_ones(client, reviewer, chief, make_claim, start_thread):
    from comments import services

    claim = make_claim()
    first = start_thread(claim, reviewer, "Old question, settled")
    second = start_thread(claim, reviewer, "Still open")
    services.resolve_thread(thread=first, user=chief)
    client.force_login(reviewer)

    page = parse(client.get(f"/desk/claims/{claim.pk}/"))

    ids = [article["id"] for article in page.select("article.thread")]
    assert ids == [f"thread-{second.pk}", f"thread-{first.pk}"]
    assert "Resolved by chloe" in page.find(id=f"thread-{first.pk}").get_text()


def test_it_loads_the_claim_page_in_the_same_number_of_queries_however_many_comments(
    client, reviewer, editor, chief, make_claim, start_thread, post_reply
):
    claim = make_claim()
    start_thread(claim, reviewer)
    client.force_login(reviewer)
    client.get(f"/desk/claims/{claim.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/desk/claims/{claim.pk}/")

    for author in (editor, chief, reviewer):
        thread = start_thread(claim, author, f"Point by @{author.username}")
        for replier in (editor, chief):
            post_reply(thread, replier)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/desk/claims/{claim.pk}/")

    assert len(BeautifulSoup(response.content, "html5lib").select("li.comment")) == 1 + 3 * 3
    assert len(many) == len(few)


def test_it_links_a_thread_about_a_verdict_to_that_verdict_on_the_page(client, reviewer, make_claim, start_thread, advance):
    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    verdict = claim.verdicts.get()
    thread = start_thread(claim, reviewer, "Too harsh?", verdict=verdict)
    client.force_login(reviewer)

    page = parse(client.get(f"/desk/claims/{claim.pk}/"))

    link = page.find(id=f"thread-{thread.pk}").find("a", href=f"#verdict-{verdict.pk}")
    assert link is not None and link.get_text().startswith("Verdict: False")
    assert page.find(id=f"verdict-{verdict.pk}") is not None


def test_it_explains_a_post_without_any_field(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {})

    assert response.status_code == 400
    assert "empty comment cannot be posted" in parse(response).find(class_="errorlist").get_text()
    assert not Comment.objects.exists()
