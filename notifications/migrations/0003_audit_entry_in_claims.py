"""The notification's audit entry now lives in `claims` (same table; state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0007_auditentry_moved_from_reviews'),
        ('notifications', '0002_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='notification',
                    name='audit_entry',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.auditentry', verbose_name='workflow step'),
                ),
            ],
            database_operations=[],
        ),
    ]
