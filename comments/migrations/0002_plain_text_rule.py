"""The text rule (factcheck.text) moves onto these fields: validation and lengths only.

The columns are unchanged (same types; a TextField max_length is not a column property),
so the database is left alone instead of SQLite rebuilding every table."""


import factcheck.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='comment',
                    name='body',
                    field=factcheck.text.PlainTextField(help_text='Markdown.', max_length=20000, verbose_name='comment'),
                ),
                migrations.AlterField(
                    model_name='thread',
                    name='anchor_label',
                    field=factcheck.text.PlainCharField(blank=True, max_length=300, verbose_name='about'),
                ),
            ],
            database_operations=[],
        ),
    ]
