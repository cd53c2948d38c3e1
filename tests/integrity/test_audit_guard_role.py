"""On PostgreSQL the audit guard's maintenance switch is out of reach of the application's role.

README "Security" advises running the app as a role that does not own the tables, with only
read/write grants (no TRUNCATE, no TRIGGER). Such a role can still set the custom setting
`factcheck.audit_maintenance` (PostgreSQL lets anyone set a custom setting), so the trigger
honours the switch only for a role with the table owner's rights, who could drop the triggers anyway.
"""

import os
import uuid

import psycopg
import pytest
from django.db import connection

from claims import audit
from claims.models import AuditEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The grants README "Security" advises for the application's role (no TRUNCATE, no TRIGGER, not the owner).
APP_ROLE_GRANTS = (
    "GRANT CONNECT ON DATABASE {db} TO {role}",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
)


@pytest.fixture
def app_role(postgres_only):
    """A login role set up as the README advises; dropped again after the test."""
    role = f"factcheck_app_{uuid.uuid4().hex[:10]}"
    db = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN")
        for grant in APP_ROLE_GRANTS:
            cursor.execute(grant.format(db=connection.ops.quote_name(db), role=role))
    try:
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")


def _connect_as(role):
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, dbname=settings["NAME"], user=role,
        password=os.environ.get("APP_ROLE_PASSWORD", ""),
    )


@pytest.fixture
def trail(make_claim, advance):
    advance(make_claim(with_refutation=True), "published")
    return list(AuditEntry.objects.order_by("id").values_list("id", flat=True))


@pytest.mark.parametrize("switch", [
    "SET factcheck.audit_maintenance = 'on'",
    "SET LOCAL factcheck.audit_maintenance = 'on'",
    "SELECT set_config('factcheck.audit_maintenance', 'on', true)",
])
def test_it_refuses_the_app_role_the_maintenance_switch(app_role, trail, switch):
    newest = trail[-3:]
    with _connect_as(app_role) as app:
        with app.cursor() as cursor:
            # The role can read and write like the app does...
            cursor.execute("SELECT count(*) FROM reviews_auditentry")
            assert cursor.fetchone()[0] == len(trail)
        # ...but switching maintenance on and trimming the newest rows is refused.
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            with app.transaction(), app.cursor() as cursor:
                cursor.execute(switch)
                cursor.execute("DELETE FROM reviews_auditentry WHERE id = ANY(%s)", [newest])
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            with app.transaction(), app.cursor() as cursor:
                cursor.execute(switch)
                cursor.execute("UPDATE reviews_auditentry SET note = 'nothing happened' WHERE id = %s", [newest[-1]])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            with app.transaction(), app.cursor() as cursor:
                cursor.execute(switch)
                cursor.execute("TRUNCATE reviews_auditentry CASCADE")

    assert list(AuditEntry.objects.order_by("id").values_list("id", flat=True)) == trail
    report = audit.verify_chain()
    assert report.ok and report.checked == len(trail)


def test_the_owner_can_still_switch_maintenance_on(trail):
    """The test suite's flush (and an operator connected as the owner) still empties the table."""
    with audit.maintenance(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM notifications_notification WHERE audit_entry_id = %s", [trail[-1]])
        cursor.execute("DELETE FROM reviews_auditentry WHERE id = %s", [trail[-1]])
    assert AuditEntry.objects.count() == len(trail) - 1
