"""A consistent copy of the embedded SQLite database, taken while the desk runs.

Uses SQLite's online backup API (`sqlite3.Connection.backup`), so writers may
keep writing: the copy is one consistent snapshot, audit chain included. For
PostgreSQL use `pg_dump` (README "Backup and restore"); this command says so.
After restoring either, run `manage.py verify_audit`.
"""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Back up the SQLite database to FILE (online, consistent); PostgreSQL: use pg_dump (see README)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the copy (must not exist).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, database="default", **options):
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError(
                "backup copies the embedded SQLite database. For PostgreSQL run: "
                "pg_dump --format=custom --file=desk.dump \"$DATABASE_URL\" "
                "(restore: pg_restore --no-owner --dbname=<new database> desk.dump, then manage.py verify_audit)."
            )
        target = Path(file)
        if target.exists():
            raise CommandError(f"{target} already exists; choose a new file so no backup is overwritten.")
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            with destination:
                connection.connection.backup(destination)
        finally:
            destination.close()
        self.stdout.write(f"Backed up {connection.settings_dict['NAME']} to {target}.")
