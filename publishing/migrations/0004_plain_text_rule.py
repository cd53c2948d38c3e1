"""The text rule (factcheck.text) moves onto these fields: validation and lengths only.

The columns are unchanged (same types; a TextField max_length is not a column property),
so the database is left alone instead of SQLite rebuilding every table."""


import factcheck.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0003_desk_page_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='deskpage',
                    name='body',
                    field=factcheck.text.PlainTextField(help_text='Markdown.', max_length=100000, verbose_name='text'),
                ),
                migrations.AlterField(
                    model_name='deskpage',
                    name='body_ja',
                    field=factcheck.text.PlainTextField(blank=True, help_text='Markdown. Leave empty to show the English text.', max_length=100000, verbose_name='text in Japanese'),
                ),
                migrations.AlterField(
                    model_name='deskpage',
                    name='title',
                    field=factcheck.text.PlainCharField(max_length=200, verbose_name='title'),
                ),
                migrations.AlterField(
                    model_name='deskpage',
                    name='title_ja',
                    field=factcheck.text.PlainCharField(blank=True, max_length=200, verbose_name='title in Japanese'),
                ),
            ],
            database_operations=[],
        ),
    ]
