"""The audit guard's maintenance switch works only for a role with the table owner's rights (PostgreSQL).

`factcheck.audit_maintenance` is a custom setting, which any connection may set; the
application's role (README "Security": not the owner, no TRUNCATE or TRIGGER) could switch
the guard off and trim the trail. The trigger now also asks whether the current role has
the privileges of the table's owner (superusers do), who could drop the triggers anyway:
the switch gives no one a power they did not have. SQLite is unchanged (its switch is a
flag only the app's own Python process can set).
"""

from django.db import migrations

PG_GUARD = """
CREATE OR REPLACE FUNCTION claims_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(pg_catalog.current_setting('factcheck.audit_maintenance', true), '') = 'on' THEN
        IF pg_catalog.pg_has_role(
            current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'USAGE'
        ) THEN
            IF TG_LEVEL = 'ROW' THEN
                RETURN OLD;
            END IF;
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'Audit entries are append-only (% refused): maintenance is for the table''s owner only, not role %.',
            TG_OP, current_user;
    END IF;
    RAISE EXCEPTION 'Audit entries are append-only (% refused).', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PG_BEFORE = """
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
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0030_outlet_version")]

    operations = [migrations.RunPython(_on_postgresql(PG_GUARD), _on_postgresql(PG_BEFORE))]
