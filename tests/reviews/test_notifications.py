"""People concerned hear of each step by email; the one who acted does not."""

import pytest
from django.core import mail

from reviews import services
from reviews.signals import claim_transitioned
from claims.states import State
from tests.conftest import make_user
from reviews.roles import CHIEF_EDITOR


# `mailoutbox` comes last in each test's fixtures: setting up the database
# (Django's TestCase) replaces `mail.outbox`, so the fixture must come after it.


def _to(outbox):
    return sorted(address for message in outbox for address in message.to)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_emails_the_chief_editors_when_a_claim_is_submitted(
    make_claim, editor, chief, mailoutbox
):
    second_chief = make_user("carl", CHIEF_EDITOR)
    claim = make_claim()
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
