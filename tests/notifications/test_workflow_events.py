"""Each workflow step tells the people concerned twice, from one module (`notifications.services`):
an inbox entry and an email. The one who acted hears nothing, nor does anyone who left the desk."""

import pytest
from django.core import mail
from django.utils import translation

from claims.states import State
from notifications.models import Notification
from notifications.services import people_concerned
from reviews import services
from reviews import services as workflow
from reviews.roles import CHIEF_EDITOR
from reviews.signals import claim_transitioned
from tests.conftest import make_user

from .conftest import parse

# `mailoutbox` comes last in each test's fixtures: setting up the database
# (Django's TestCase) replaces `mail.outbox`, so the fixture must come after it.


def _to(outbox):
    return sorted(address for message in outbox for address in message.to)


def test_it_sends_an_inbox_entry_and_an_email_to_each_person_told_of_a_step(
    django_capture_on_commit_callbacks, make_claim, advance, editor, reviewer, chief, mailoutbox
):
    claim = advance(make_claim(), State.SUBMITTED)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewer(claim=claim, user=chief, reviewer=reviewer, expected_version=claim.version)

    entry = claim.audit_entries.get(action="assign")
    inbox = Notification.objects.filter(audit_entry=entry).order_by("recipient__username")
    assert [(n.recipient, n.verb, n.text) for n in inbox] == [
        (editor, "workflow", f"chloe: Assign a reviewer — claim #{claim.pk}"),
        (reviewer, "workflow", f"chloe: Assign a reviewer — claim #{claim.pk}"),
    ]
    assert _to(mailoutbox) == sorted([editor.email, reviewer.email])
    assert all(f"Assign a reviewer: claim #{claim.pk}" in message.subject for message in mailoutbox)
    assert not Notification.objects.filter(recipient=chief).exists()


def test_it_puts_each_workflow_step_in_the_inbox_of_the_people_concerned(
    editor, reviewer, chief, make_claim, advance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(with_refutation=True), State.VERDICT_PROPOSED)

    for entry in claim.audit_entries.all():
        expected = {person.pk for person in people_concerned(claim, entry)}
        told = set(Notification.objects.filter(audit_entry=entry).values_list("recipient_id", flat=True))
        assert told == expected, entry.action
    proposed = Notification.objects.get(audit_entry__action="propose", recipient=chief)
    assert proposed.verb == "workflow"
    assert proposed.text == f"rita: Propose a verdict — claim #{claim.pk}"
    assert proposed.url == f"/desk/claims/{claim.pk}/#audit-{proposed.audit_entry_id}"
    assert not Notification.objects.filter(recipient=reviewer, audit_entry__action="propose").exists()


def test_it_shows_a_workflow_step_in_the_inbox_page(client, editor, make_claim, advance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(), State.IN_REVIEW)
    client.force_login(editor)

    page = parse(client.get("/desk/inbox/"))

    texts = [li.get_text(" ", strip=True) for li in page.select("li.notification")]
    assert any(f"rita: Take for review — claim #{claim.pk}" in text for text in texts)



def test_it_tells_nobody_who_lost_access_neither_in_the_inbox_nor_by_email(
    editor, reviewer, make_claim, django_capture_on_commit_callbacks, mailoutbox
):
    draft = make_claim()
    claim = workflow.submit_claim(claim=draft, user=editor, expected_version=draft.version)
    editor.groups.clear()  # the claim's editor has left the desk

    with django_capture_on_commit_callbacks(execute=True):
        workflow.take_claim(claim=claim, user=reviewer, expected_version=claim.version)

    entry = claim.audit_entries.get(action="take")
    assert editor not in people_concerned(claim, entry)
    assert not Notification.objects.filter(recipient=editor).exists()
    assert editor.email not in _to(mailoutbox)


def test_it_emails_the_chief_editors_when_a_claim_is_submitted(
    django_capture_on_commit_callbacks, make_claim, editor, chief, mailoutbox
):
    second_chief = make_user("carl", CHIEF_EDITOR)
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_claim(claim=claim, user=editor, expected_version=claim.version)

    assert _to(mailoutbox) == sorted([chief.email, second_chief.email])
    message = mailoutbox[0]
    assert f"Submit for review: claim #{claim.pk}" in message.subject
    assert "Now: Submitted" in message.body and claim.statement in message.body


def test_it_emails_the_assigned_reviewer_and_the_editor_but_not_the_actor(
    django_capture_on_commit_callbacks, make_claim, advance, editor, reviewer, chief, mailoutbox
):
    claim = advance(make_claim(), State.SUBMITTED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewer(claim=claim, user=chief, reviewer=reviewer, expected_version=claim.version)
    assert _to(mailoutbox) == sorted([editor.email, reviewer.email])

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(claim=claim, user=reviewer, note="Which video?", expected_version=claim.version)
    assert _to(mailoutbox) == [editor.email]
    assert "Which video?" in mailoutbox[0].body and "Changes requested" in mailoutbox[0].body


def test_it_tells_a_reviewer_taken_off_a_claim(
    django_capture_on_commit_callbacks, make_claim, advance, editor, reviewer, other_reviewer, chief, mailoutbox
):
    claim = advance(make_claim(), State.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewer(claim=claim, user=chief, reviewer=other_reviewer, expected_version=claim.version)
    assert _to(mailoutbox) == sorted([editor.email, reviewer.email, other_reviewer.email])


def test_it_asks_the_chief_editors_to_decide_on_a_proposed_verdict(
    django_capture_on_commit_callbacks, make_claim, advance, editor, reviewer, chief, rating, mailoutbox
):
    claim = advance(make_claim(with_refutation=True), State.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.propose_verdict(
            claim=claim, user=reviewer, expected_version=claim.version, attribution="correct",
            rating=rating["False"], summary="No.", evidence=claim.evidence.all(),
        )  # fmt: skip
    assert _to(mailoutbox) == sorted([editor.email, chief.email])


def test_it_sends_nothing_when_a_step_is_refused(
    django_capture_on_commit_callbacks, make_claim, reviewer, mailoutbox
):
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):
        services.submit_claim(claim=claim, user=reviewer, expected_version=claim.version)
    assert mailoutbox == []


def test_it_completes_the_step_even_if_a_listener_fails(
    django_capture_on_commit_callbacks, make_claim, editor, chief, mailoutbox
):
    def broken(**kwargs):
        raise RuntimeError("inbox is down")

    claim_transitioned.connect(broken, dispatch_uid="test-broken")
    try:
        claim = make_claim()
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_claim(claim=claim, user=editor, expected_version=claim.version)
    finally:
        claim_transitioned.disconnect(dispatch_uid="test-broken")
    claim.refresh_from_db()
    assert claim.state == State.SUBMITTED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [chief.email]


def test_it_writes_the_email_in_the_desks_language_whatever_language_the_actor_reads(
    django_capture_on_commit_callbacks, make_claim, editor, chief, mailoutbox
):
    claim = make_claim()

    with translation.override("ja"), django_capture_on_commit_callbacks(execute=True):
        services.submit_claim(claim=claim, user=editor, expected_version=claim.version)

    assert [message.subject for message in mailoutbox] == [f"[Fact-check Desk] Submit for review: claim #{claim.pk}"]
