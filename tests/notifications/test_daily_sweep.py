"""The daily sweep: an inbox entry and an email on the day a re-check or a resolution falls due, never twice."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import Claim
from claims.states import State
from notifications import services, tasks
from notifications.models import Notification

TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=10)


@pytest.fixture
def due(make_claim, advance):
    """A fact-check due for its re-check on LATER and a promise due for its resolution today."""
    checked = advance(make_claim(with_refutation=True), State.PUBLISHED, recheck_on=LATER, recheck_reason="Trade figures 2022.")
    promise = make_claim(with_refutation=True, kind=Claim.Kind.PROMISE, resolution_due=TODAY)
    return checked, advance(promise, State.PUBLISHED)


def _told():
    return sorted(Notification.objects.filter(verb="due").values_list("recipient__username", "claim_id", "key"))


def test_it_tells_the_reviewer_and_the_chiefs_on_the_day_and_only_once(due, reviewer, chief, mailoutbox):
    checked, promise = due
    mailoutbox.clear()

    assert services.sweep_due(TODAY) == 2  # the promise: its reviewer and the chief; the re-check is not due yet
    assert {(name, claim) for name, claim, key in _told()} == {("chloe", promise.pk), ("rita", promise.pk)}
    assert len(mailoutbox) == 2 and "due to be resolved" in mailoutbox[0].subject

    assert services.sweep_due(TODAY) == 0  # the same day again: nothing twice
    assert services.sweep_due(TODAY + datetime.timedelta(days=1)) == 0  # nor the next day for the same due date
    assert len(mailoutbox) == 2

    assert services.sweep_due(LATER) == 2  # now the re-check falls due
    assert len(mailoutbox) == 4 and "Trade figures 2022." in mailoutbox[-1].body
    entry = Notification.objects.filter(recipient=reviewer, claim=checked).get()
    assert entry.summary == f"A fact-check is due for its re-check: claim #{checked.pk}" and entry.url == checked.get_absolute_url()


def test_the_cron_command_runs_the_sweep_and_a_second_run_sends_nothing(due, mailoutbox):
    out = io.StringIO()
    call_command("sweep_due", stdout=out)
    call_command("sweep_due", stdout=out)
    assert out.getvalue().splitlines() == [
        "2 notice(s) sent for re-checks and resolutions due.",
        "0 notice(s) sent for re-checks and resolutions due.",
    ]


def test_the_task_runs_the_sweep_through_the_task_framework(due, settings, mailoutbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    first, second = tasks.daily_sweep.enqueue(), tasks.daily_sweep.enqueue()
    assert (first.return_value, second.return_value) == (2, 0)
    assert len(_told()) == 2


# Serialized like the other transactional tests, so the database they restore is not clashed with after this flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_queues_the_sweep_in_the_database_for_db_worker(due, settings, mailoutbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("sweep_due", "--enqueue", stdout=io.StringIO())
    assert _told() == []  # queued, not run
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
    assert len(_told()) == 2
