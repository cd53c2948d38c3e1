"""Backup and restore keep the audit chain intact, on SQLite (backup API) and PostgreSQL (pg_dump).

README "Backup and restore" documents the commands these tests run.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTCHECK_", "DATABASE_"))}
    env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def history(make_claim, advance):
    advance(make_claim(with_refutation=True), "published")
    return AuditEntry.objects.count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_backs_up_sqlite_and_the_restored_copy_verifies(history, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; PostgreSQL has its own test below")
    backup = tmp_path / "desk-backup.sqlite3"
    call_command("backup", str(backup))

    restored = tmp_path / "restored.sqlite3"  # restore = put the copy in place of the database file
    shutil.copyfile(backup, restored)
    result = _manage("verify_audit", database_url=f"sqlite:///{restored}")

    assert result.returncode == 0, result.stderr
    assert f"Audit chain intact: {history} entries" in result.stdout
    # The copy keeps the append-only guard: its triggers came along.
    trimmed = subprocess.run(
        [sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(restored)!r}).execute('DELETE FROM reviews_auditentry')"],
        capture_output=True, text=True,
    )
    assert trimmed.returncode != 0  # refused (the guard's function exists only inside the app: fails closed)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_never_overwrites_an_existing_backup(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path")
    existing = tmp_path / "kept.sqlite3"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"an older backup"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_dumps_and_restores_postgresql_and_the_restored_copy_verifies(postgres_only, history, tmp_path):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump/pg_restore are needed for this test (apt-get install postgresql-client)", pytrace=False)
    settings = connection.settings_dict
    base = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
    dump = tmp_path / "desk.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", f"{base}/{settings['NAME']}"], check=True, timeout=120)
    restored = f"restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={base}/{restored}", str(dump)], check=True, timeout=120)
        result = _manage("verify_audit", database_url=f"{base}/{restored}")
        assert result.returncode == 0, result.stderr
        assert f"Audit chain intact: {history} entries" in result.stdout
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
