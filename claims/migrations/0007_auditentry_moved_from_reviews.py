"""The audit trail moves from `reviews` to `claims` (claims edits write it too).

State only: the table keeps its name (`reviews_auditentry`), its rows and its
append-only triggers; nothing in the database changes.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0006_source_url_message'),
        ('reviews', '0003_audit_append_only_trigger'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                        ('action', models.CharField(max_length=40, verbose_name='action')),
                        ('from_state', models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('in_review', 'In review'), ('changes_requested', 'Changes requested'), ('verdict_proposed', 'Verdict proposed'), ('approved', 'Approved'), ('published', 'Published'), ('corrected', 'Published, corrected'), ('retracted', 'Retracted'), ('rejected', 'Rejected / not checkable')], max_length=20, verbose_name='from')),
                        ('to_state', models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('in_review', 'In review'), ('changes_requested', 'Changes requested'), ('verdict_proposed', 'Verdict proposed'), ('approved', 'Approved'), ('published', 'Published'), ('corrected', 'Published, corrected'), ('retracted', 'Retracted'), ('rejected', 'Rejected / not checkable')], max_length=20, verbose_name='to')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('snapshot', models.JSONField(blank=True, default=dict, verbose_name='snapshot')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                        ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audit_entries', to='claims.claim', verbose_name='claim')),
                        ('verdict', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reviews.verdict')),
                    ],
                    options={
                        'verbose_name': 'audit entry',
                        'verbose_name_plural': 'audit trail',
                        'db_table': 'reviews_auditentry',
                        'ordering': ['created_at', 'id'],
                        'indexes': [models.Index(fields=['claim', 'created_at'], name='audit_claim_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
