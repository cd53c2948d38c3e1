"""Predictions and promises resolve when their date comes: proposed with evidence, approved by another person."""

import datetime

import pytest
from django.utils import timezone

from claims.models import AuditEntry, Claim
from claims.states import State
from factcheck.errors import InvalidInput, NotAllowed
from reviews import selectors, services
from reviews.models import Resolution

TODAY = timezone.localdate()
EVIDENCE = dict(source_url="https://news.example/visit", excerpt="Zelenskyy arrived in Washington on 21 December.")


@pytest.fixture
def promise(make_claim, advance):
    claim = make_claim(with_refutation=True, kind=Claim.Kind.PROMISE, resolution_due=TODAY - datetime.timedelta(days=1))
    return advance(claim, State.PUBLISHED)


def _footprint(claim):
    claim.refresh_from_db()
    return (claim.version, claim.current_resolution_id, claim.resolution_due, AuditEntry.objects.count(), Resolution.objects.count())


def _propose(claim, user, outcome="kept", note="He visited on the day announced.", **inputs):
    claim.refresh_from_db()
    return services.perform(
        "propose_resolution", claim=claim, user=user, expected_version=claim.version, outcome=outcome, note=note,
        **{**EVIDENCE, **inputs},
    )  # fmt: skip


def test_a_due_promise_is_proposed_with_evidence_then_approved_by_someone_else(promise, reviewer, chief):
    assert promise in selectors.promises_to_resolve(reviewer)
    _propose(promise, reviewer)
    assert promise.current_resolution is None  # nothing public before the second person approves

    services.perform("resolve", claim=promise, user=chief, expected_version=promise.version)
    promise.refresh_from_db()
    resolution = promise.current_resolution
    assert (resolution.outcome, resolution.proposed_by, resolution.decided_by) == ("kept", reviewer, chief)
    assert resolution.source.url == EVIDENCE["source_url"] and resolution.excerpt == EVIDENCE["excerpt"]
    assert promise.state == State.PUBLISHED
    assert promise not in selectors.promises_to_resolve(reviewer)
    assert [e.action for e in promise.audit_entries.order_by("id")][-2:] == ["propose_resolution", "resolve"]
    assert selectors.replay(promise).state == State.PUBLISHED


def test_whoever_proposed_a_resolution_cannot_approve_it(promise, admin_user):
    _propose(promise, admin_user)
    before = _footprint(promise)
    with pytest.raises(NotAllowed) as refused:
        services.perform("resolve", claim=promise, user=admin_user, expected_version=promise.version)
    assert refused.value.rule == "not_resolution_proposer" and "Four-eyes" in refused.value.message
    assert _footprint(promise) == before


def test_resolving_a_claim_that_is_not_a_prediction_or_promise_is_refused_naming_the_rule(make_claim, advance, reviewer):
    fact = advance(make_claim(with_refutation=True), State.PUBLISHED)
    before = _footprint(fact)
    with pytest.raises(NotAllowed) as refused:
        _propose(fact, reviewer)
    assert refused.value.rule == "prediction_or_promise"
    assert "Only a prediction or a promise is resolved" in refused.value.message
    assert _footprint(fact) == before


def test_approving_with_nothing_proposed_and_proposing_twice_are_refused(promise, reviewer, other_reviewer, chief):
    with pytest.raises(NotAllowed) as refused:
        services.perform("resolve", claim=promise, user=chief, expected_version=promise.version)
    assert refused.value.rule == "no_resolution_proposed"
    _propose(promise, reviewer)
    with pytest.raises(NotAllowed) as refused:
        _propose(promise, other_reviewer, outcome="broken")
    assert refused.value.rule == "resolution_pending"


def test_not_yet_moves_the_resolution_date_and_a_past_next_date_is_refused(promise, reviewer, chief):
    before = _footprint(promise)
    with pytest.raises(InvalidInput) as refused:
        _propose(promise, reviewer, outcome="not_yet", next_resolution_on=TODAY)
    assert refused.value.field == "next_resolution_on"
    assert _footprint(promise) == before

    later = TODAY + datetime.timedelta(days=90)
    _propose(promise, reviewer, outcome="not_yet", note="The visit was postponed.", next_resolution_on=later)
    services.perform("resolve", claim=promise, user=chief, expected_version=promise.version)
    promise.refresh_from_db()
    assert promise.resolution_due == later and promise.current_resolution.outcome == "not_yet"
    assert promise not in selectors.promises_to_resolve(reviewer)
    assert promise in selectors.promises_to_resolve(reviewer, today=later)


def test_a_source_url_the_desk_refuses_is_shown_next_to_the_field(promise, reviewer):
    before = _footprint(promise)
    with pytest.raises(InvalidInput) as refused:
        _propose(promise, reviewer, source_url="javascript:alert(1)")
    assert refused.value.field == "source_url"
    assert _footprint(promise) == before


def test_only_predictions_and_promises_take_a_resolution_date(make_claim):
    from django.core.exceptions import ValidationError

    claim = make_claim(resolution_due=TODAY)
    with pytest.raises(ValidationError) as refused:
        claim.full_clean()
    assert "resolution_due" in refused.value.message_dict
