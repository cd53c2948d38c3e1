from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    """The desk roles read the audit trail under its new app label (`claims.view_auditentry`)."""

    dependencies = [
        ("reviews", "0004_auditentry_moved_to_claims"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
