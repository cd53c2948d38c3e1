"""The audit trail gets a checksum chain, and its guard now covers DELETE (SQLite) and TRUNCATE (PostgreSQL).

Existing rows are hashed in id order (backfill). The old UPDATE-only trigger
(reviews 0003) is replaced: UPDATE and DELETE are refused on both backends,
TRUNCATE on PostgreSQL by a statement trigger, unless maintenance is switched
on for the transaction (`claims.audit.maintenance`, used only by the test
suite's flush). See README "Security".
"""

from django.db import migrations, models

PG_FORWARD = """
DROP TRIGGER IF EXISTS reviews_auditentry_no_update ON reviews_auditentry;
DROP FUNCTION IF EXISTS reviews_auditentry_append_only();
CREATE OR REPLACE FUNCTION claims_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('factcheck.audit_maintenance', true), '') = 'on' THEN
        IF TG_LEVEL = 'ROW' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'Audit entries are append-only (% refused).', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON reviews_auditentry
    FOR EACH ROW EXECUTE FUNCTION claims_audit_append_only();
CREATE TRIGGER claims_audit_no_truncate BEFORE TRUNCATE ON reviews_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION claims_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS claims_audit_no_update_or_delete ON reviews_auditentry;
DROP TRIGGER IF EXISTS claims_audit_no_truncate ON reviews_auditentry;
DROP FUNCTION IF EXISTS claims_audit_append_only();
CREATE OR REPLACE FUNCTION reviews_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit entries are append-only (% refused).', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reviews_auditentry_no_update BEFORE UPDATE OR DELETE ON reviews_auditentry
    FOR EACH ROW EXECUTE FUNCTION reviews_auditentry_append_only();
"""
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS reviews_auditentry_no_update",
    """CREATE TRIGGER claims_audit_no_update BEFORE UPDATE ON reviews_auditentry
    WHEN factcheck_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only (UPDATE refused).'); END""",
    """CREATE TRIGGER claims_audit_no_delete BEFORE DELETE ON reviews_auditentry
    WHEN factcheck_audit_maintenance() = 0
    BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only (DELETE refused).'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_audit_no_update",
    "DROP TRIGGER IF EXISTS claims_audit_no_delete",
    """CREATE TRIGGER reviews_auditentry_no_update BEFORE UPDATE ON reviews_auditentry
    BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only (UPDATE refused).'); END""",
]


def _drop_guard(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS reviews_auditentry_no_update ON reviews_auditentry;"
            "DROP TRIGGER IF EXISTS claims_audit_no_update_or_delete ON reviews_auditentry;",
            params=None,
        )
    elif vendor == "sqlite":
        for name in ("reviews_auditentry_no_update", "claims_audit_no_update", "claims_audit_no_delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def backfill(apps, schema_editor):
    """Hash the rows written before the chain existed, oldest first, then put the guard back up."""
    from claims.audit import GENESIS, digest

    AuditEntry = apps.get_model("claims", "AuditEntry")
    db = schema_editor.connection.alias
    _drop_guard(schema_editor)
    previous = GENESIS
    for row in AuditEntry.objects.using(db).order_by("id").values(
        "id", "claim_id", "actor_id", "created_at", "action", "from_state", "to_state", "note", "verdict_id", "snapshot"
    ).iterator(chunk_size=2000):
        entry_hash = digest(row, previous)
        AuditEntry.objects.using(db).filter(pk=row["id"]).update(previous_hash=previous, entry_hash=entry_hash)
        previous = entry_hash
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def unguard(apps, schema_editor):
    _drop_guard(schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_source_file_checks")]

    operations = [
        # The old trigger would refuse adding columns on SQLite (a table rebuild copies rows).
        migrations.RunPython(lambda apps, se: _drop_guard(se), migrations.RunPython.noop),
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="previous hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, unguard),
    ]
