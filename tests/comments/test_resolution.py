"""Resolving and reopening threads; approving a verdict over open threads needs a confirmation."""

import pytest

from comments.models import Thread
from reviews import services as workflow
from claims.models import AuditEntry
from factcheck.errors import InvalidInput
from claims.states import State

from .conftest import parse


def test_it_records_who_resolved_a_thread_and_when_and_lets_it_be_reopened(client, reviewer, editor, make_claim, start_thread):
    claim = make_claim()
    thread = start_thread(claim, reviewer)
    client.force_login(editor)

    response = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/resolve/")

    assert response["Location"] == f"/desk/claims/{claim.pk}/#thread-{thread.pk}"
    thread.refresh_from_db()
    assert thread.resolved_by == editor and thread.resolved_at is not None
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    article = page.find(id=f"thread-{thread.pk}")
    assert "Resolved by eddie" in article.get_text()
    assert article.find("button", string="Reopen thread") is not None

    client.force_login(reviewer)
    client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/reopen/")

    thread.refresh_from_db()
    assert thread.resolved_at is None and thread.resolved_by is None
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    assert page.find(id=f"thread-{thread.pk}").find("button", string="Resolve thread") is not None


def test_it_says_so_when_a_thread_is_already_resolved(client, reviewer, chief, make_claim, start_thread):
    claim = make_claim()
    thread = start_thread(claim, reviewer)
    client.force_login(chief)
    client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/resolve/")
    first = Thread.objects.get().resolved_at

    response = client.post(f"/desk/claims/{claim.pk}/threads/{thread.pk}/resolve/")

    assert response.status_code == 409
    assert "already resolved" in response.content.decode()
    assert Thread.objects.get().resolved_at == first


def test_it_only_resolves_by_post(client, reviewer, make_claim, start_thread):
    claim = make_claim()
    thread = start_thread(claim, reviewer)
    client.force_login(reviewer)

    assert client.get(f"/desk/claims/{claim.pk}/threads/{thread.pk}/resolve/").status_code == 405
    assert Thread.objects.get().resolved_at is None


def test_it_refuses_to_approve_a_verdict_over_open_threads_without_confirmation(chief, reviewer, make_claim, start_thread, advance):
    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    start_thread(claim, reviewer, "Is the rating too harsh?")

    with pytest.raises(InvalidInput) as refused:
        workflow.approve_verdict(claim=claim, user=chief, expected_version=claim.version)

    assert refused.value.field == "confirm_open_threads"
    assert "1" in str(refused.value.message)
    claim.refresh_from_db()
    assert claim.state == State.VERDICT_PROPOSED
    assert not AuditEntry.objects.filter(claim=claim, action="approve").exists()


def test_it_approves_over_open_threads_when_confirmed_and_records_it_in_the_audit_log(
    chief, reviewer, make_claim, start_thread, advance
):
    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    start_thread(claim, reviewer, "One")
    start_thread(claim, reviewer, "Two")

    workflow.approve_verdict(claim=claim, user=chief, expected_version=claim.version, confirm_open_threads=True)

    claim.refresh_from_db()
    assert claim.state == State.APPROVED
    entry = AuditEntry.objects.get(claim=claim, action="approve")
    assert entry.snapshot["confirmed_open_threads"] == 2


def test_it_approves_without_confirmation_once_every_thread_is_resolved(chief, reviewer, make_claim, start_thread, advance):
    from comments import services

    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    services.resolve_thread(thread=start_thread(claim, reviewer), user=reviewer)

    workflow.approve_verdict(claim=claim, user=chief, expected_version=claim.version)

    claim.refresh_from_db()
    assert claim.state == State.APPROVED


def test_it_asks_for_the_confirmation_on_the_claim_page(client, chief, reviewer, make_claim, start_thread, advance):
    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    start_thread(claim, reviewer, "Wait, the date")
    client.force_login(chief)

    refused = client.post(f"/desk/claims/{claim.pk}/actions/approve/", {"approve-expected_version": claim.version})
    assert refused.status_code == 400
    assert "still open" in refused.content.decode()
    assert parse(refused).find("input", attrs={"name": "approve-confirm_open_threads"}) is not None

    client.post(
        f"/desk/claims/{claim.pk}/actions/approve/",
        {"approve-expected_version": claim.version, "approve-confirm_open_threads": "on"},
    )
    claim.refresh_from_db()
    assert claim.state == State.APPROVED


def test_it_shows_the_confirmation_checkbox_only_while_threads_are_open(client, chief, reviewer, make_claim, start_thread, advance):
    from comments import services

    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    client.force_login(chief)
    assert parse(client.get(f"/desk/claims/{claim.pk}/")).find("input", attrs={"name": "approve-confirm_open_threads"}) is None

    thread = start_thread(claim, reviewer, "Hold on")
    page = parse(client.get(f"/desk/claims/{claim.pk}/"))
    checkbox = page.find("input", attrs={"name": "approve-confirm_open_threads"})
    assert "1 reviewer comment thread(s) are still open" in page.find("label", attrs={"for": checkbox["id"]}).get_text()

    services.resolve_thread(thread=thread, user=chief)
    assert parse(client.get(f"/desk/claims/{claim.pk}/")).find("input", attrs={"name": "approve-confirm_open_threads"}) is None


def test_it_shows_an_approval_over_open_threads_in_the_audit_timeline(client, chief, reviewer, make_claim, start_thread, advance):
    claim = advance(make_claim(with_refutation=True), "verdict_proposed")
    start_thread(claim, reviewer, "One")
    start_thread(claim, reviewer, "Two")
    workflow.approve_verdict(claim=claim, user=chief, expected_version=claim.version, confirm_open_threads=True)
    client.force_login(reviewer)

    page = parse(client.get(f"/desk/claims/{claim.pk}/"))

    entry = AuditEntry.objects.get(claim=claim, action="approve")
    assert "Approve the verdict, confirming 2 open comment thread(s)" in page.find(id=f"audit-{entry.pk}").get_text()
