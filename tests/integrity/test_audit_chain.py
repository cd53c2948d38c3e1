"""The audit trail is append-only in the database and checksum-chained, so tampering shows.

One writer (`claims.audit.record`); UPDATE and DELETE refused by triggers on
SQLite and PostgreSQL, TRUNCATE on PostgreSQL; `verify_audit` names the first
row whose content or link no longer matches.
"""

import pathlib
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from claims import audit
from claims.models import AuditEntry

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def trail(make_claim, advance):
    """Two claims walked through the real workflow: a dozen chained entries."""
    first = advance(make_claim(with_refutation=True), "published")
    second = advance(make_claim(with_refutation=True), "in_review")
    return first, second


def _verify():
    call_command("verify_audit", stdout=__import__("io").StringIO())


def test_it_chains_every_entry_to_the_one_before(trail):
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) >= 7
    assert entries[0].previous_hash == audit.GENESIS
    for before, after in zip(entries, entries[1:]):
        assert after.previous_hash == before.entry_hash
    report = audit.verify_chain()
    assert report.ok and report.checked == len(entries) and report.head == entries[-1].entry_hash


def test_it_says_the_chain_is_intact(trail, capsys):
    call_command("verify_audit")
    assert "Audit chain intact" in capsys.readouterr().out


@pytest.mark.parametrize("sql", [
    "UPDATE reviews_auditentry SET note = 'rewritten'",
    "DELETE FROM reviews_auditentry",
])
def test_it_refuses_rewriting_or_trimming_the_trail_in_sql(trail, sql):
    count = AuditEntry.objects.count()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.count() == count
    assert audit.verify_chain().ok


def test_it_refuses_orm_updates_and_deletes(trail):
    entry = AuditEntry.objects.first()
    with pytest.raises(RuntimeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(RuntimeError):
        entry.delete()


@pytest.mark.postgres
def test_it_refuses_truncating_the_trail_on_postgresql(postgres_only, trail):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE reviews_auditentry CASCADE")
    assert AuditEntry.objects.exists()


def _without_guard(cursor):
    """What someone with the database owner's rights could do: switch the triggers off."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred FK checks pending on the table
        cursor.execute("ALTER TABLE reviews_auditentry DISABLE TRIGGER USER")
    else:
        cursor.execute("DROP TRIGGER claims_audit_no_update")
        cursor.execute("DROP TRIGGER claims_audit_no_delete")


def test_it_detects_a_row_altered_behind_the_triggers(trail):
    victim = AuditEntry.objects.order_by("id")[3]
    with connection.cursor() as cursor:  # the test's transaction rolls the trigger drop back
        _without_guard(cursor)
        cursor.execute("UPDATE reviews_auditentry SET note = %s WHERE id = %s", ["nothing happened", victim.pk])

    report = audit.verify_chain()
    assert report.broken_at == victim.pk and "content" in report.reason
    with pytest.raises(CommandError, match=f"broken at entry {victim.pk}"):
        _verify()


def test_it_detects_a_row_removed_behind_the_triggers(trail):
    entries = list(AuditEntry.objects.order_by("id"))
    with connection.cursor() as cursor:
        _without_guard(cursor)
        cursor.execute("DELETE FROM reviews_auditentry WHERE id = %s", [entries[2].pk])

    report = audit.verify_chain()
    assert report.broken_at == entries[3].pk and "link" in report.reason


def test_it_detects_a_row_whose_hash_was_recomputed_without_its_successor(trail):
    entries = list(AuditEntry.objects.order_by("id"))
    forged = {**{f: getattr(entries[1], f) for f in (
        "claim_id", "actor_id", "created_at", "action", "from_state", "to_state", "verdict_id", "snapshot")}, "note": "forged"}
    with connection.cursor() as cursor:
        _without_guard(cursor)
        cursor.execute(
            "UPDATE reviews_auditentry SET note = %s, entry_hash = %s WHERE id = %s",
            ["forged", audit.digest(forged, entries[1].previous_hash), entries[1].pk],
        )
    assert audit.verify_chain().broken_at == entries[2].pk


def test_it_writes_audit_rows_in_one_place_only():
    """Every audit row goes through claims.audit (record / record_many), so every row is chained."""
    offenders = []
    pattern = re.compile(r"AuditEntry\.objects(\.using\([^)]*\))?\.(create|bulk_create|get_or_create|update_or_create)\(")
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("tests/", "claims/audit.py")) or "/migrations/" in rel:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_still_lets_the_test_suite_empty_the_table_between_tests(make_claim, editor):
    """Written here, gone in the next test: the flush runs inside claims.audit.maintenance."""
    from reviews import services

    claim = make_claim()
    services.submit_claim(claim=claim, user=editor, expected_version=claim.version)
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_starts_the_next_transactional_test_with_an_empty_trail():
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_backfills_the_chain_for_entries_written_before_it(old_release):
    """Migration claims 0009 hashes the rows an older desk wrote, oldest first."""
    old = old_release([("claims", "0008_source_file_checks")])
    editor = old.get_model("auth", "User").objects.create(username="eddie", email="eddie@desk.test")
    claim = old.get_model("claims", "Claim").objects.create(
        speaker=old.get_model("claims", "Speaker").objects.create(name="Speaker before the chain"),
        statement="Written before the chain.",
        language="en",
        said_on_precision="unknown",
        created_by=editor,
    )
    with connection.cursor() as cursor:
        for n in range(3):
            cursor.execute(
                "INSERT INTO reviews_auditentry (claim_id, actor_id, created_at, action, from_state, to_state, note, snapshot)"
                " VALUES (%s, %s, %s, 'edit', 'draft', 'draft', %s, %s)",
                [claim.pk, editor.pk, f"2024-01-0{n + 1} 00:00:00", f"note {n}", '{"changed": {"n": %d}}' % n],
            )
    call_command("migrate", verbosity=0)

    report = audit.verify_chain()
    assert report.ok and report.checked == 3
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM reviews_auditentry")
