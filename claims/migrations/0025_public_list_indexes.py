"""Partial indexes for the public lists (public index, its speaker filter, the API for readers).

Why: the public lists show claims in a public state with a verdict, newest publication first
(NULLS LAST, the order the API's cursors follow). With only (published_at, id) PostgreSQL walked the
index backwards from the NULL end — every unpublished claim first — and the speaker filter sorted all
of a speaker's claims; both grew with the archive (~50 ms at 100k). These walk only public claims, in
the list's order, and stop at the page. PostgreSQL only (like 0004's NULLS LAST variants: a SQLite
table rebuild would drop hand-made indexes, and SQLite's DESC already puts NULLs last). At 1M claims
each takes seconds to build, inside this migration.
"""

from django.db import migrations

# Keep in step with claims.access.PUBLIC_CLAIM (state in PUBLIC_STATES, with a verdict).
PUBLIC = "state IN ('corrected', 'published', 'retracted') AND current_verdict_id IS NOT NULL"
POSTGRES_INDEXES = {
    "claim_public_published_idx": f"(published_at DESC NULLS LAST, id DESC) WHERE {PUBLIC}",
    "claim_public_speaker_idx": f"(speaker_id, published_at DESC NULLS LAST, id DESC) WHERE {PUBLIC}",
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in POSTGRES_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON claims_claim {columns}")


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in POSTGRES_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0024_speaker_published_index"),
    ]

    operations = [
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
