"""No lost updates: a second person acting on what they saw earlier gets a conflict, and nothing is written.

Two guards: the row lock (`select_for_update`, real on PostgreSQL) serialises
people acting at the same moment, and the conditional UPDATE on `version`
refuses a write whose version moved underneath it (the guard that also holds
on SQLite, which has no row locks). The first tests run on every backend; the
`postgres` ones race real connections from two threads.
"""

import threading

import pytest
from django.db import connection
from django.db.models import F

from claims import services as claim_services
from claims.models import Claim
from reviews import services
from reviews.models import Verdict
from claims.models import AuditEntry
from factcheck.errors import Conflict
from claims.states import State

CONFLICT = "This claim changed since you opened it. Reload it to see the changes, then try again."


def _written(claim):
    return (AuditEntry.objects.filter(claim=claim).count(), Verdict.objects.filter(claim=claim).count())


def test_it_refuses_a_step_on_a_stale_version_and_writes_nothing(make_claim, advance, reviewer, other_reviewer):
    claim = advance(make_claim(), State.SUBMITTED)
    seen = claim.version
    services.take_claim(claim=claim, user=reviewer, expected_version=seen)
    claim.refresh_from_db()
    before = (_written(claim), claim.version, claim.assigned_reviewer_id)

    with pytest.raises(Conflict) as refused:
        services.unassign_reviewer(claim=claim, user=reviewer, expected_version=seen)
    assert refused.value.message == CONFLICT and refused.value.status_code == 409
    claim.refresh_from_db()
    assert (_written(claim), claim.version, claim.assigned_reviewer_id) == before
    assert claim.state == State.IN_REVIEW


def test_it_refuses_a_verdict_on_a_stale_version_without_creating_it(make_claim, advance, reviewer, rating):
    claim = advance(make_claim(with_refutation=True), State.IN_REVIEW)
    seen = claim.version
    claim_services.add_evidence(claim=claim, user=reviewer, source=claim.evidence.first().source, relation="context", excerpt="more", expected_version=claim.version)
    before = _written(claim)
    with pytest.raises(Conflict):
        services.propose_verdict(
            claim=claim, user=reviewer, expected_version=seen, attribution="correct", rating=rating["False"], summary="x"
        )
    assert _written(claim) == before


def test_it_treats_a_garbled_version_as_a_conflict_not_a_crash(make_claim, editor):
    claim = make_claim()
    with pytest.raises(Conflict):
        services.submit_claim(claim=claim, user=editor, expected_version="not-a-number")
    assert AuditEntry.objects.filter(claim=claim).count() == 0


def test_it_refuses_the_second_of_two_editors_who_opened_the_same_version(make_claim, editor, other_editor):
    claim = make_claim(statement="Original")
    first, second = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)

    claim_services.update_claim(claim=first, user=editor, expected_version=first.version, statement="First edit")
    with pytest.raises(Conflict, match="changed since you opened it"):
        claim_services.update_claim(claim=second, user=other_editor, expected_version=second.version, statement="Second edit")
    claim.refresh_from_db()
    assert claim.statement == "First edit"
    assert list(claim.audit_entries.values_list("action", "actor__username")) == [("edit", "eddie")]


class _WriterSlipsIn:
    """Another writer commits between our read and our write, as can happen where row locks do not exist."""

    def __init__(self, claim_pk):
        self.claim_pk = claim_pk

    def __call__(self, *args, **kwargs):
        Claim.objects.filter(pk=self.claim_pk).update(version=F("version") + 1)
        return None


def test_its_conditional_update_refuses_a_step_when_the_version_moved_after_the_read(
    monkeypatch, make_claim, advance, reviewer
):
    claim = advance(make_claim(), State.SUBMITTED)
    before = (_written(claim), claim.version)
    monkeypatch.setattr("reviews.services.check_transition", _WriterSlipsIn(claim.pk))

    with pytest.raises(Conflict, match="changed since you opened it"):
        services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    assert (_written(claim), claim.version) == before
    assert claim.state == State.SUBMITTED and claim.assigned_reviewer is None


def test_its_conditional_update_refuses_an_edit_when_the_version_moved_after_the_read(monkeypatch, make_claim, editor):
    claim = make_claim(statement="Original")
    monkeypatch.setattr("claims.services.edit_refusal", _WriterSlipsIn(claim.pk))

    with pytest.raises(Conflict):
        claim_services.update_claim(claim=claim, user=editor, expected_version=claim.version, statement="Overwritten?")
    claim.refresh_from_db()
    assert claim.statement == "Original" and claim.version == 1
    assert not claim.audit_entries.exists()


# --- PostgreSQL: real concurrent connections ------------------------------------------


def _race(*calls):
    """Run each call in its own thread (own DB connection), released together; return what each got."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = ("won", call())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            results[index] = ("lost", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished (deadlock?)"
    return results


def _exactly_one_winner(results):
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["lost", "won"], results
    loser = next(value for kind, value in results if kind == "lost")
    assert isinstance(loser, Conflict), repr(loser)
    assert loser.message == CONFLICT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_exactly_one_of_two_reviewers_take_the_same_claim(postgres_only, make_claim, advance, reviewer, other_reviewer):
    claim = advance(make_claim(), State.SUBMITTED)
    version = claim.version

    results = _race(
        lambda: services.take_claim(claim=Claim.objects.get(pk=claim.pk), user=reviewer, expected_version=version),
        lambda: services.take_claim(claim=Claim.objects.get(pk=claim.pk), user=other_reviewer, expected_version=version),
    )

    _exactly_one_winner(results)
    claim.refresh_from_db()
    winner = reviewer if results[0][0] == "won" else other_reviewer
    assert claim.state == State.IN_REVIEW and claim.assigned_reviewer == winner and claim.version == version + 1
    assert list(claim.audit_entries.filter(action="take").values_list("actor", flat=True)) == [winner.pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_exactly_one_of_two_editors_save_the_same_claim(postgres_only, make_claim, editor, other_editor):
    claim = make_claim(statement="Original")
    version = claim.version

    results = _race(
        lambda: claim_services.update_claim(
            claim=Claim.objects.get(pk=claim.pk), user=editor, expected_version=version, statement="Eddie's edit"
        ),
        lambda: claim_services.update_claim(
            claim=Claim.objects.get(pk=claim.pk), user=other_editor, expected_version=version, statement="Erin's edit"
        ),
    )

    _exactly_one_winner(results)
    claim.refresh_from_db()
    winner, text = (editor, "Eddie's edit") if results[0][0] == "won" else (other_editor, "Erin's edit")
    assert claim.statement == text and claim.version == version + 1
    assert list(claim.audit_entries.filter(action="edit").values_list("actor", flat=True)) == [winner.pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_its_row_lock_makes_the_second_approver_wait_then_refuses_them(
    postgres_only, monkeypatch, make_claim, advance, chief, admin_user
):
    """The second chief blocks on the row lock while the first decides, then sees the claim has moved on."""
    claim = advance(make_claim(with_refutation=True), State.VERDICT_PROPOSED)
    version = claim.version
    holding, release = threading.Event(), threading.Event()
    real_check = services.check_transition

    def check_then_hold(transition, locked, user, **kwargs):
        real_check(transition, locked, user, **kwargs)
        if user == chief:  # the first approver holds the lock until the second is seen waiting
            holding.set()
            release.wait(timeout=30)

    monkeypatch.setattr("reviews.services.check_transition", check_then_hold)
    outcome = {}

    def approve(name, user):
        try:
            services.approve_verdict(claim=Claim.objects.get(pk=claim.pk), user=user, expected_version=version)
            outcome[name] = "approved"
        except Exception as error:  # noqa: BLE001
            outcome[name] = error
        finally:
            connection.close()

    first = threading.Thread(target=approve, args=("first", chief))
    first.start()
    assert holding.wait(timeout=30)
    second = threading.Thread(target=approve, args=("second", admin_user))
    second.start()
    try:
        # PostgreSQL itself reports the second connection waiting on the first one's row lock.
        with connection.cursor() as cursor:
            for _ in range(300):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
                threading.Event().wait(0.1)
            else:
                pytest.fail("the second approver never waited on the row lock")
    finally:
        release.set()
        first.join(timeout=30)
        second.join(timeout=30)

    assert outcome["first"] == "approved"
    assert isinstance(outcome["second"], Conflict)
    claim.refresh_from_db()
    assert claim.state == State.APPROVED and claim.current_verdict.decided_by == chief
    assert claim.audit_entries.filter(action="approve").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_exactly_one_of_two_people_start_a_revision_of_the_same_fact_check(
    postgres_only, make_claim, advance, reviewer, other_reviewer
):
    from reviews.models import FactCheckRevision

    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    version = claim.version

    results = _race(
        lambda: services.start_update(claim=Claim.objects.get(pk=claim.pk), user=reviewer, expected_version=version),
        lambda: services.start_correction(claim=Claim.objects.get(pk=claim.pk), user=other_reviewer, expected_version=version),
    )

    _exactly_one_winner(results)
    winner = reviewer if results[0][0] == "won" else other_reviewer
    assert list(FactCheckRevision.objects.filter(claim=claim).values_list("prepared_by", flat=True)) == [winner.pk]
