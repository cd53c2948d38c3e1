"""The audit trail now lives in `claims` (see claims 0007); state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_audit_entry_in_claims'),
        ('reviews', '0003_audit_append_only_trigger'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='AuditEntry',
                ),
            ],
            database_operations=[],
        ),
    ]
