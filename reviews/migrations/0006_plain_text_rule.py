"""The text rule (factcheck.text) moves onto these fields: validation and lengths only.

The columns are unchanged (same types; a TextField max_length is not a column property),
so the database is left alone instead of SQLite rebuilding every table."""


import factcheck.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0005_roles_audit_permission'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='correction',
                    name='note',
                    field=factcheck.text.PlainTextField(max_length=20000, verbose_name='public note'),
                ),
                migrations.AlterField(
                    model_name='rating',
                    name='description',
                    field=factcheck.text.PlainTextField(blank=True, max_length=20000, verbose_name='what it means'),
                ),
                migrations.AlterField(
                    model_name='rating',
                    name='label',
                    field=factcheck.text.PlainCharField(max_length=100, verbose_name='public label'),
                ),
                migrations.AlterField(
                    model_name='ratingscale',
                    name='description',
                    field=factcheck.text.PlainTextField(blank=True, max_length=20000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='ratingscale',
                    name='name',
                    field=factcheck.text.PlainCharField(max_length=100, unique=True, verbose_name='name'),
                ),
                migrations.AlterField(
                    model_name='verdict',
                    name='explanation',
                    field=factcheck.text.PlainTextField(blank=True, help_text='Markdown.', max_length=20000, verbose_name='explanation'),
                ),
                migrations.AlterField(
                    model_name='verdict',
                    name='summary',
                    field=factcheck.text.PlainCharField(help_text='One or two sentences a reader sees first.', max_length=500, verbose_name='summary'),
                ),
            ],
            database_operations=[],
        ),
    ]
