"""The audit trail's one writer, its checksum chain and its append-only guard.

Every audit row is written by `record` (or `record_many` for bulk loaders), so
each row carries `entry_hash` = SHA-256 over its canonical content plus the
previous row's hash (`previous_hash`). The chain is global and in id order;
writers are serialised by a transaction-scoped advisory lock on PostgreSQL and
by SQLite's single writer lock, so two writers can never fork it.
`verify_chain` walks it and names the first row whose content or link does not
match: a row rewritten or deleted behind the database triggers shows up there.

The triggers (claims migration 0009) refuse UPDATE and DELETE of audit rows on
both backends, and TRUNCATE on PostgreSQL, unless *maintenance* is switched on
for the current transaction (PostgreSQL: the `factcheck.audit_maintenance`
setting; SQLite: a per-connection flag read by the SQL function
`factcheck_audit_maintenance()`). Only the test suite's database flush switches
it on (tests/conftest.py), so test isolation keeps working; the app never does.
On PostgreSQL any connection may set a custom setting, so the trigger honours it
only for a role with the table owner's privileges (claims migration 0029): the
app's role (not the owner, README "Security") is refused; the owner could drop
the triggers anyway. An operator's maintenance runs connected as the owner.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timezone as dt_timezone
from typing import Iterable, Iterator

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AuditEntry

# One number for pg_advisory_xact_lock: "audit" in ASCII.
CHAIN_LOCK_KEY = 0x6175646974
GENESIS = "0" * 64
PG_MAINTENANCE_SETTING = "factcheck.audit_maintenance"
SQLITE_MAINTENANCE_FUNCTION = "factcheck_audit_maintenance"


def canonical(fields: dict) -> str:
    """The content a hash covers, as one stable JSON text (same on SQLite and PostgreSQL)."""
    created_at = fields["created_at"]
    if timezone.is_naive(created_at):
        created_at = timezone.make_aware(created_at, dt_timezone.utc)
    content = {
        "claim": fields["claim_id"],
        "actor": fields["actor_id"],
        "created_at": created_at.astimezone(dt_timezone.utc).isoformat(timespec="microseconds"),
        "action": fields["action"],
        "from": fields["from_state"] or "",
        "to": fields["to_state"] or "",
        "note": fields["note"] or "",
        "verdict": fields["verdict_id"],
        "snapshot": fields["snapshot"] or {},
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(fields: dict, previous_hash: str) -> str:
    return hashlib.sha256((previous_hash + "\n" + canonical(fields)).encode("utf-8")).hexdigest()


def _fields(entry) -> dict:
    return {
        "claim_id": entry.claim_id,
        "actor_id": entry.actor_id,
        "created_at": entry.created_at,
        "action": entry.action,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "note": entry.note,
        "verdict_id": entry.verdict_id,
        "snapshot": entry.snapshot,
    }


def _lock_chain(using: str) -> str:
    """Serialise chain writers and return the hash the next row links to."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    last = AuditEntry.objects.using(using).order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS


def chain_head(using: str = "default") -> str:
    """Lock the chain for this transaction and return the hash the next row links to (bulk loaders).

    A loader that writes rows itself (the benchmark corpus uses COPY) computes each row's
    `entry_hash` with `digest(fields, previous)` starting from this value.
    """
    return _lock_chain(using)


def _jsonable_snapshot(snapshot) -> dict:
    # Stored and hashed as it will read back from the JSON column.
    return json.loads(json.dumps(snapshot or {}))


def record(
    *,
    claim,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    verdict=None,
    snapshot: dict | None = None,
    created_at=None,
) -> AuditEntry:
    """Append one audit row, linked into the checksum chain. The only way rows are written."""
    using = router.db_for_write(AuditEntry)
    with transaction.atomic(using=using, savepoint=False):
        entry = AuditEntry(
            claim=claim,
            actor=actor,
            created_at=created_at or timezone.now(),
            action=action,
            from_state=from_state,
            to_state=to_state,
            note=note,
            verdict=verdict,
            snapshot=_jsonable_snapshot(snapshot),
        )
        entry.previous_hash = _lock_chain(using)
        entry.entry_hash = digest(_fields(entry), entry.previous_hash)
        entry.save(using=using)
    return entry


def record_many(entries: Iterable[AuditEntry], *, batch_size: int = 1000) -> int:
    """Append unsaved rows in order (bulk loaders such as the benchmark corpus)."""
    using = router.db_for_write(AuditEntry)
    count = 0
    with transaction.atomic(using=using):
        previous = _lock_chain(using)
        batch = []
        for entry in entries:
            entry.snapshot = _jsonable_snapshot(entry.snapshot)
            entry.previous_hash = previous
            entry.entry_hash = previous = digest(_fields(entry), previous)
            batch.append(entry)
            if len(batch) >= batch_size:
                AuditEntry.objects.using(using).bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            AuditEntry.objects.using(using).bulk_create(batch)
            count += len(batch)
    return count


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head: str
    broken_at: int | None = None
    reason: str = ""
    last_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(using: str = "default", checkpoint: dict | None = None) -> ChainReport:
    """Walk the whole trail in id order; the first row that does not match breaks the chain.

    With a `checkpoint` (from `make_checkpoint`, its signature checked by `read_checkpoint`) the
    row it names must still be there, in its place, with its hash: a trail cut back below it is
    broken even if what is left links up.
    """
    previous = GENESIS
    checked = 0
    last_id = None
    rows = (
        AuditEntry.objects.using(using)
        .order_by("id")
        .values(
            "id", "claim_id", "actor_id", "created_at", "action", "from_state", "to_state", "note",
            "verdict_id", "snapshot", "previous_hash", "entry_hash",
        )
    )
    mark = checkpoint["last_id"] if checkpoint else None
    for row in rows.iterator(chunk_size=2000):
        if mark is not None and row["id"] > mark and checked < checkpoint["entries"]:
            return ChainReport(checked, previous, mark, "checkpoint: the entry it ends on was removed", last_id)
        if row["previous_hash"] != previous:
            return ChainReport(checked, previous, row["id"], "link: previous_hash does not match the row before it", last_id)
        if digest(row, previous) != row["entry_hash"]:
            return ChainReport(checked, previous, row["id"], "content: the row's hash does not match its content", last_id)
        previous = row["entry_hash"]
        last_id = row["id"]
        checked += 1
        if mark is not None and row["id"] == mark and (checked, previous) != (checkpoint["entries"], checkpoint["head"]):
            return ChainReport(
                checked, previous, mark, "checkpoint: the trail up to the entry it ends on is not the one it saw", last_id
            )
    if mark is not None and (last_id is None or last_id < mark):
        return ChainReport(checked, previous, mark, "checkpoint: the entry it ends on was removed", last_id)
    return ChainReport(checked, previous, last_id=last_id)


# --- checkpoints: the chain's head, signed, kept outside the database ---------------------------

CHECKPOINT_SALT = "factcheck.audit.checkpoint"
CHECKPOINT_FIELDS = ("created_at", "entries", "last_id", "head")


class BadCheckpoint(ValueError):
    """A checkpoint that cannot be read or whose signature does not match."""


def _sign(fields: dict) -> str:
    content = json.dumps({k: fields[k] for k in CHECKPOINT_FIELDS}, sort_keys=True, separators=(",", ":"))
    key = settings.AUDIT_CHECKPOINT_KEY or None  # None: derived from SECRET_KEY
    return salted_hmac(CHECKPOINT_SALT, content, secret=key, algorithm="sha256").hexdigest()


def make_checkpoint(using: str = "default") -> dict:
    """The chain's head now (entries, last entry, its hash), dated and signed (HMAC-SHA256 with
    AUDIT_CHECKPOINT_KEY), for the desk to keep somewhere the database's admins cannot rewrite.

    The whole chain is verified first: a checkpoint of a broken chain would vouch for it.
    """
    report = verify_chain(using)
    if not report.ok:
        raise BadCheckpoint(f"the audit chain is broken at entry {report.broken_at} ({report.reason}); no checkpoint taken")
    fields = {
        "created_at": timezone.now().astimezone(dt_timezone.utc).isoformat(timespec="seconds"),
        "entries": report.checked,
        "last_id": report.last_id or 0,
        "head": report.head,
    }
    return {**fields, "signature": _sign(fields)}


def read_checkpoint(text: str) -> dict:
    """A saved checkpoint, once its signature is checked; BadCheckpoint says what is wrong."""
    try:
        saved = json.loads(text)
        fields = {k: saved[k] for k in CHECKPOINT_FIELDS}
        signature = saved["signature"]
        if not isinstance(fields["entries"], int) or not isinstance(fields["last_id"], int):
            raise TypeError
    except (ValueError, KeyError, TypeError) as error:
        raise BadCheckpoint("the checkpoint is not one `audit_checkpoint` wrote") from error
    if not isinstance(signature, str) or not hmac.compare_digest(signature, _sign(fields)):
        raise BadCheckpoint(
            "the checkpoint's signature does not match: it was changed, or signed with another AUDIT_CHECKPOINT_KEY"
        )
    return fields


# --- maintenance: the one escape from the append-only triggers (test flush only) ----------------

_sqlite_maintenance: set[int] = set()


def sqlite_maintenance_flag(connection_id: int):
    """The SQL function the SQLite triggers call: 1 while maintenance is on for this connection."""

    def flag() -> int:
        return 1 if connection_id in _sqlite_maintenance else 0

    return flag


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give each SQLite connection the triggers' flag function.

    Without it (the sqlite3 shell, another program) the trigger's function is
    unknown and a DELETE fails: the guard fails closed.
    """
    if connection.vendor == "sqlite":
        raw = connection.connection
        raw.create_function(SQLITE_MAINTENANCE_FUNCTION, 0, sqlite_maintenance_flag(id(raw)), deterministic=False)


@contextmanager
def maintenance(using: str = "default") -> Iterator[None]:
    """Allow emptying the audit table inside this block (the test suite's flush; never the app).

    On PostgreSQL it takes effect only for a connection whose role has the table owner's
    privileges (the role `migrate` runs as); for the app's role the triggers still refuse.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PG_MAINTENANCE_SETTING])
            yield
        elif connection.vendor == "sqlite":
            raw_id = id(connection.connection)
            _sqlite_maintenance.add(raw_id)
            try:
                yield
            finally:
                _sqlite_maintenance.discard(raw_id)
        else:
            yield
