"""The audit trail is complete and append-only: replaying it reproduces every claim's workflow state."""

import pytest
from django.db.models import F

from claims import services as claim_services
from claims.models import Claim
from reviews import services
from claims.models import AuditEntry
from reviews.selectors import AuditGap, replay
from claims.states import State


def _assert_replays(claim):
    claim.refresh_from_db()
    replayed = replay(claim)
    assert replayed.state == claim.state
    assert replayed.version == claim.version
    assert replayed.assigned_reviewer_id == claim.assigned_reviewer_id
    assert replayed.current_verdict_id == claim.current_verdict_id


@pytest.mark.parametrize("state", list(State))
def test_it_replays_each_claim_to_its_current_state(state, make_claim, advance):
    claim = advance(make_claim(with_refutation=True), state)
    _assert_replays(claim)


def test_it_replays_a_long_life_with_edits_evidence_and_every_kind_of_step(
    make_claim, editor, reviewer, other_reviewer, chief, rating, make_source
):
    claim = make_claim()
    v = lambda: Claim.objects.get(pk=claim.pk).version  # noqa: E731
    claim_services.update_claim(claim=claim, user=editor, expected_version=v(), statement="Reworded")
    services.submit_claim(claim=claim, user=editor, expected_version=v())
    services.assign_reviewer(claim=claim, user=chief, reviewer=reviewer, expected_version=v())
    services.assign_reviewer(claim=claim, user=chief, reviewer=other_reviewer, expected_version=v(), note="Rita is away")
    services.unassign_reviewer(claim=claim, user=other_reviewer, expected_version=v())
    services.take_claim(claim=claim, user=reviewer, expected_version=v())
    services.request_changes(claim=claim, user=reviewer, note="Add the date", expected_version=v())
    claim_services.update_claim(claim=claim, user=editor, expected_version=v(), said_on_precision="unknown")
    services.perform("resubmit", claim=claim, user=editor, expected_version=v())
    item = claim_services.add_evidence(claim=claim, user=reviewer, source=make_source(), relation="refutes", excerpt="no", expected_version=claim.version)
    services.propose_verdict(
        claim=claim, user=reviewer, expected_version=v(), attribution="correct", rating=rating["False"], summary="No.", evidence=[item]
    )
    services.send_back_verdict(claim=claim, user=chief, note="Say which record", expected_version=v())
    services.propose_verdict(
        claim=claim, user=reviewer, expected_version=v(), attribution="correct", rating=rating["False"], summary="No.", evidence=[item]
    )
    services.approve_verdict(claim=claim, user=chief, expected_version=v())
    _assert_replays(claim)
    services.reopen_claim(claim=claim, user=chief, note="Speaker was wrong", expected_version=v())
    _assert_replays(claim)
    services.submit_claim(claim=claim, user=editor, expected_version=v())
    services.reject_claim(claim=claim, user=chief, note="Not checkable after all", expected_version=v())
    _assert_replays(claim)

    actions = list(claim.audit_entries.order_by("id").values_list("action", flat=True))
    assert actions == [
        "edit", "submit", "assign", "assign", "unassign", "take", "request_changes", "edit", "resubmit",
        "add_evidence", "propose", "send_back", "propose", "approve", "reopen", "submit", "reject",
    ]  # fmt: skip
    reassigned = claim.audit_entries.filter(action="assign").order_by("id")[1]
    assert reassigned.snapshot["assigned_reviewer"] == "rob" and reassigned.note == "Rita is away"


def test_it_records_who_when_from_to_and_the_verdict(make_claim, advance, reviewer, chief):
    claim = advance(make_claim(with_refutation=True), State.APPROVED)
    proposed = claim.audit_entries.get(action="propose")
    assert (proposed.actor, proposed.from_state, proposed.to_state) == (reviewer, State.IN_REVIEW, State.VERDICT_PROPOSED)
    assert proposed.snapshot["verdict"]["rating"] == "False"
    assert proposed.snapshot["verdict"]["status"] == "proposed"
    assert sorted(proposed.snapshot["verdict"]["evidence"]) == sorted(claim.evidence.values_list("pk", flat=True))
    approved = claim.audit_entries.get(action="approve")
    assert approved.actor == chief and approved.snapshot["verdict"]["status"] == "approved"
    assert approved.created_at is not None and approved.created_at >= proposed.created_at


def test_it_exposes_a_change_made_behind_the_workflows_back(make_claim, advance):
    claim = advance(make_claim(), State.SUBMITTED)
    Claim.objects.filter(pk=claim.pk).update(state=State.APPROVED, version=F("version") + 1)
    claim.refresh_from_db()
    assert replay(claim).state != claim.state
    assert replay(claim).version != claim.version


def test_it_refuses_to_rewrite_or_delete_history(make_claim, advance):
    claim = advance(make_claim(), State.SUBMITTED)
    entry = claim.audit_entries.get()
    entry.note = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        entry.save()
    with pytest.raises(RuntimeError, match="append-only"):
        entry.delete()
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_it_detects_a_step_the_table_does_not_allow(make_claim, editor):
    claim = make_claim()
    AuditEntry.objects.create(claim=claim, actor=editor, action="publish", from_state=State.DRAFT, to_state=State.PUBLISHED)
    with pytest.raises(AuditGap, match="publish"):
        replay(claim)


def test_the_database_itself_refuses_to_rewrite_an_audit_entry(make_claim, advance):
    from django.db import DatabaseError, connection, transaction

    claim = advance(make_claim(), State.SUBMITTED)
    entry = claim.audit_entries.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reviews_auditentry SET note = 'rewritten' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_it_replays_updates_corrections_and_the_published_version(make_claim, advance, reviewer, chief, rating, make_source):
    from tests.conftest import revise

    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    assert replay(claim).published_version == 1
    services.start_correction(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    services.withdraw_revision(claim=claim, user=reviewer, expected_version=claim.version)
    revise(claim, kind="update", preparer=reviewer, approver=chief, note="A new source.")
    _assert_replays(claim)
    revise(claim, kind="correction", preparer=reviewer, approver=chief, note="Wrong year.", rating=rating["Misleading"])
    _assert_replays(claim)
    replayed = replay(claim)
    assert replayed.state == State.CORRECTED and replayed.published_version == 3
    assert replayed.current_verdict_id == claim.current_verdict_id


def test_it_still_replays_a_correction_made_before_revisions_existed(make_claim, advance, chief):
    claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    AuditEntry.objects.create(
        claim=claim, actor=chief, action="correct", from_state=State.PUBLISHED, to_state=State.CORRECTED,
        snapshot={"current_verdict_id": claim.current_verdict_id},
    )
    Claim.objects.filter(pk=claim.pk).update(state=State.CORRECTED, version=F("version") + 1)
    _assert_replays(claim)
    assert replay(claim).published_version == 2
