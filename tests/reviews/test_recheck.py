"""Re-check dates: a verdict says when to look at a fact-check again, and the desk sees it on that day."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import AuditEntry
from claims.states import State
from factcheck.errors import InvalidInput
from reviews import selectors, services
from reviews.models import Verdict

TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=30)
WHY = "When the official trade figures for 2022 are out."


def test_a_verdict_carries_a_recheck_date_and_the_claim_comes_due_on_that_day(make_claim, advance, reviewer, chief):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED, recheck_on=LATER, recheck_reason=WHY)

    assert (claim.recheck_due, claim.recheck_reason) == (LATER, WHY)
    assert claim.current_verdict.recheck_on == LATER
    assert claim not in selectors.due_for_recheck(reviewer, today=LATER - datetime.timedelta(days=1))
    assert claim in selectors.due_for_recheck(reviewer, today=LATER)
    assert claim in selectors.due_for_recheck(chief, today=LATER + datetime.timedelta(days=3))


def test_recording_a_recheck_takes_it_off_the_queue_or_sets_the_next_date(make_claim, advance, reviewer):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED, recheck_on=LATER, recheck_reason=WHY)
    next_time = LATER + datetime.timedelta(days=60)

    services.perform(
        "record_recheck", claim=claim, user=reviewer, expected_version=claim.version,
        note="Figures not out yet.", recheck_on=next_time, recheck_reason="When the figures are out.",
    )  # fmt: skip
    claim.refresh_from_db()
    assert claim.state == State.PUBLISHED and claim.recheck_due == next_time
    assert claim not in selectors.due_for_recheck(reviewer, today=LATER)
    entry = claim.audit_entries.latest("id")
    assert (entry.action, entry.from_state, entry.to_state, entry.snapshot["recheck_due"]) == (
        "record_recheck", State.PUBLISHED, State.PUBLISHED, next_time.isoformat()
    )
    assert selectors.replay(claim).state == State.PUBLISHED

    services.perform("record_recheck", claim=claim, user=reviewer, expected_version=claim.version, note="Checked: stands.")
    claim.refresh_from_db()
    assert claim.recheck_due is None


@pytest.mark.parametrize("day", [TODAY, TODAY - datetime.timedelta(days=1)])
def test_a_recheck_date_that_is_not_ahead_is_refused_and_nothing_is_written(day, make_claim, advance, reviewer, step_inputs):
    claim = advance(make_claim(with_refutation=True), State.IN_REVIEW)
    before = (AuditEntry.objects.count(), Verdict.objects.count(), claim.version)

    with pytest.raises(InvalidInput) as refused:
        services.perform(
            "propose", claim=claim, user=reviewer, expected_version=claim.version,
            **step_inputs("propose", claim, recheck_on=day, recheck_reason=WHY),
        )  # fmt: skip
    assert refused.value.field == "recheck_on" and refused.value.rule == "recheck_in_future"
    assert "must lie ahead" in refused.value.message
    claim.refresh_from_db()
    assert (AuditEntry.objects.count(), Verdict.objects.count(), claim.version) == before


def test_the_desk_shows_the_refusal_next_to_the_date_and_keeps_what_was_typed(client, make_claim, advance, reviewer, rating):
    claim = advance(make_claim(with_refutation=True), State.IN_REVIEW)
    client.force_login(reviewer)
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()

    response = client.post(
        reverse("claim_action", args=[claim.pk, "propose"]),
        {
            "propose-expected_version": claim.version,
            "propose-attribution": "correct",
            "propose-rating": rating["False"].pk,
            "propose-summary": "The record shows otherwise.",
            "propose-evidence": [e.pk for e in claim.evidence.all()],
            "propose-recheck_on": yesterday,
            "propose-recheck_reason": WHY,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    field_at, error_at = html.index('name="propose-recheck_on"'), html.rindex("A re-check date must lie ahead")
    assert abs(field_at - error_at) < 600  # next to the field, not only at the top of the page
    assert f'value="{yesterday}"' in html and WHY in html
    claim.refresh_from_db()
    assert claim.state == State.IN_REVIEW
