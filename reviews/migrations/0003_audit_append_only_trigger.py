"""The audit trail is append-only in the database too, not only in the ORM.

A raw UPDATE (or, on PostgreSQL, DELETE) of an audit row is refused by a
trigger, so no code path, shell session or admin bug can rewrite history.
SQLite gets the UPDATE guard only: Django's test flush empties tables with
DELETE there (PostgreSQL uses TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION reviews_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit entries are append-only (% refused).', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reviews_auditentry_no_update BEFORE UPDATE OR DELETE ON reviews_auditentry
    FOR EACH ROW EXECUTE FUNCTION reviews_auditentry_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS reviews_auditentry_no_update ON reviews_auditentry;
DROP FUNCTION IF EXISTS reviews_auditentry_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER reviews_auditentry_no_update BEFORE UPDATE ON reviews_auditentry
BEGIN
    SELECT RAISE(ABORT, 'Audit entries are append-only (UPDATE refused).');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS reviews_auditentry_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_roles_and_default_scale")]

    operations = [migrations.RunPython(forward, backward)]
