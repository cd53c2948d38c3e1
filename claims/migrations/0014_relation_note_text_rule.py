"""The text rule reaches relation notes; validation only, the column is unchanged (state only, as in 0012)."""

import factcheck.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0013_claim_relations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='claimrelation',
                    name='note',
                    field=factcheck.text.PlainCharField(blank=True, max_length=500, verbose_name='note'),
                ),
            ],
            database_operations=[],
        ),
    ]
