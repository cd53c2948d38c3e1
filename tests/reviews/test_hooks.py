"""Approval asks the comments app how many threads are open through an explicit hook, never a signal:
without an answer the desk refuses to start instead of approving without asking."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from claims.states import State
from comments.selectors import open_thread_count as comments_count
from reviews import hooks, services


@pytest.fixture
def without_counter():
    previous = hooks.register_open_thread_counter(None)
    yield
    hooks.register_open_thread_counter(previous)


def test_it_starts_with_the_comments_app_answering_for_open_threads(db):
    assert hooks._open_thread_counter is comments_count
    assert hooks.check_hooks() == []
    call_command("check", "--fail-level", "ERROR")  # raises SystemCheckError otherwise


def test_it_refuses_to_start_when_no_app_counts_open_threads(without_counter):
    errors = hooks.check_hooks()

    assert [error.id for error in errors] == ["reviews.E001"]
    assert "comments" in errors[0].hint
    with pytest.raises(SystemCheckError, match="reviews.E001"):
        call_command("check")


def test_it_never_approves_silently_without_the_count(make_claim, advance, chief, without_counter):
    claim = advance(make_claim(with_refutation=True), State.VERDICT_PROPOSED)

    with pytest.raises(ImproperlyConfigured, match="comments"):
        services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)

    claim.refresh_from_db()
    assert claim.state == State.VERDICT_PROPOSED
