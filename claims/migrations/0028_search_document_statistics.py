"""A larger statistics sample for the search documents (PostgreSQL), so a common word is not taken for a rare one.

Why: `claims.search.few_matches` asks the planner how many documents a search matches, and the planner
tells a `LIKE '%word%'` from the documents in its histogram — 100 of them by default. A word in 2 % of
1M documents (クレーバ with Kuleba's other names) then finds none about one time in ten, is estimated at
100 rows a term, and the list is answered by collecting and sorting 22,822 matches (416 ms) instead of
walking the newest claims (~30 ms). With 300 the estimate held across repeated ANALYZEs (80k–200k rows
for that search), at ~5 ms more planning for a five-term alias search and a few seconds more per
ANALYZE at 1M.
"""

from django.db import migrations

TARGET = 300


def raise_target(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE claims_claimsearchdocument ALTER COLUMN document SET STATISTICS {TARGET}")


def reset_target(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE claims_claimsearchdocument ALTER COLUMN document SET STATISTICS -1")


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0027_speaker_name_trigram_indexes"),
    ]

    operations = [
        migrations.RunPython(raise_target, reset_target),
    ]
