"""Trigram indexes for finding a speaker by part of a name or alias (`claims.selectors.speakers_matching`).

Why: the desk's speaker filter, the type-ahead and the public and API speaker filters look a speaker up
by a substring of the name (any case) or of a folded alias. With no index that was a scan of every
alias (46k at 1M claims: ~10 ms) inside a walk of the speakers in name order (~13 ms in all), and it grew
with the archive (the list by state and speaker: 1.7× from 100k to 1M). With these, each half is a
bitmap probe (~0.2 ms). PostgreSQL only (pg_trgm is installed by 0003); SQLite keeps its scans, which
are fast at the sizes it is used for.
"""

from django.db import migrations

POSTGRES_INDEXES = {
    "speaker_name_upper_trgm": "claims_speaker USING gin (upper(name::text) gin_trgm_ops)",
    "speakeralias_folded_trgm": "claims_speakeralias USING gin (folded gin_trgm_ops)",
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in POSTGRES_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in POSTGRES_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0026_speaker_name_index"),
    ]

    operations = [
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
