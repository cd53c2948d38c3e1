"""Counts of claims by state, kept by triggers in the transaction that changes a claim (claims.counters)."""

from django.db import migrations, models

PG_FORWARD = [
    """CREATE FUNCTION claims_state_count_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE claims_claimstatecount SET count = count - 1 WHERE state = OLD.state;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO claims_claimstatecount (state, count) VALUES (NEW.state, 1)
            ON CONFLICT (state) DO UPDATE SET count = claims_claimstatecount.count + 1;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER claims_state_count_ins_del AFTER INSERT OR DELETE ON claims_claim
       FOR EACH ROW EXECUTE FUNCTION claims_state_count_keep()""",
    """CREATE TRIGGER claims_state_count_upd AFTER UPDATE OF state ON claims_claim
       FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION claims_state_count_keep()""",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_state_count_upd ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_state_count_ins_del ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_state_count_keep()",
]
UPSERT = (
    "INSERT INTO claims_claimstatecount (state, count) VALUES (NEW.state, 1) "
    "ON CONFLICT (state) DO UPDATE SET count = count + 1;"
)
SQLITE_FORWARD = [
    f"CREATE TRIGGER claims_state_count_ai AFTER INSERT ON claims_claim BEGIN {UPSERT} END",
    "CREATE TRIGGER claims_state_count_ad AFTER DELETE ON claims_claim BEGIN "
    "UPDATE claims_claimstatecount SET count = count - 1 WHERE state = OLD.state; END",
    "CREATE TRIGGER claims_state_count_au AFTER UPDATE OF state ON claims_claim WHEN OLD.state <> NEW.state BEGIN "
    f"UPDATE claims_claimstatecount SET count = count - 1 WHERE state = OLD.state; {UPSERT} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_state_count_ai",
    "DROP TRIGGER IF EXISTS claims_state_count_ad",
    "DROP TRIGGER IF EXISTS claims_state_count_au",
]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql)
    schema_editor.execute(
        "INSERT INTO claims_claimstatecount (state, count) SELECT state, COUNT(*) FROM claims_claim GROUP BY state"
    )


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_reporting_chains_from_notes")]

    operations = [
        migrations.CreateModel(
            name="ClaimStateCount",
            fields=[
                ("state", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("count", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "claim count by state"},
        ),
        migrations.RunPython(forward, backward),
    ]
