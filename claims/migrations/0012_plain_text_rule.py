"""The text rule (factcheck.text) moves onto these fields: validation and lengths only.

The columns are unchanged (same types; a TextField max_length is not a column property),
so the database is left alone instead of SQLite rebuilding every table."""


import factcheck.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0011_web_urls_only'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='claim',
                    name='reporting_note',
                    field=factcheck.text.PlainCharField(blank=True, help_text='Who reported it to whom: “the blog cites an unnamed reference article (参照記事)”.', max_length=500, verbose_name='reporting chain'),
                ),
                migrations.AlterField(
                    model_name='claim',
                    name='speaker_description',
                    field=factcheck.text.PlainCharField(blank=True, help_text='How the source describes the speaker: “a Ukrainian citizen”.', max_length=300, verbose_name='speaker as described'),
                ),
                migrations.AlterField(
                    model_name='claim',
                    name='statement',
                    field=factcheck.text.ExactTextField(help_text='What was said, as reported, in the original language.', max_length=20000, verbose_name='statement'),
                ),
                migrations.AlterField(
                    model_name='claim',
                    name='translation',
                    field=factcheck.text.ExactTextField(blank=True, max_length=20000, verbose_name='translation'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='description',
                    field=factcheck.text.PlainTextField(blank=True, max_length=20000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='name',
                    field=factcheck.text.PlainCharField(max_length=300, verbose_name='name'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='place',
                    field=factcheck.text.PlainCharField(blank=True, max_length=200, verbose_name='place'),
                ),
                migrations.AlterField(
                    model_name='evidence',
                    name='excerpt',
                    field=factcheck.text.ExactTextField(help_text='The exact words in the source.', max_length=20000, verbose_name='excerpt'),
                ),
                migrations.AlterField(
                    model_name='evidence',
                    name='locator',
                    field=factcheck.text.PlainCharField(blank=True, help_text='Where in the source: paragraph 3, 02:15, p. 4.', max_length=200, verbose_name='locator'),
                ),
                migrations.AlterField(
                    model_name='source',
                    name='notes',
                    field=factcheck.text.PlainTextField(blank=True, max_length=20000, verbose_name='notes'),
                ),
                migrations.AlterField(
                    model_name='source',
                    name='publisher',
                    field=factcheck.text.PlainCharField(blank=True, max_length=300, verbose_name='publisher'),
                ),
                migrations.AlterField(
                    model_name='source',
                    name='text',
                    field=factcheck.text.ExactTextField(blank=True, help_text="The source's text as captured, when the desk keeps it.", max_length=200000, verbose_name='full text'),
                ),
                migrations.AlterField(
                    model_name='source',
                    name='title',
                    field=factcheck.text.PlainCharField(max_length=500, verbose_name='title'),
                ),
                migrations.AlterField(
                    model_name='speaker',
                    name='description',
                    field=factcheck.text.PlainTextField(blank=True, max_length=20000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='speaker',
                    name='name',
                    field=factcheck.text.PlainCharField(help_text='The name the desk uses, in Latin script.', max_length=200, verbose_name='name'),
                ),
                migrations.AlterField(
                    model_name='speakeralias',
                    name='name',
                    field=factcheck.text.PlainCharField(max_length=200, verbose_name='alias'),
                ),
                migrations.AlterField(
                    model_name='speakeridentifier',
                    name='value',
                    field=factcheck.text.PlainCharField(help_text='A Wikidata id such as Q2354404, or a URL.', max_length=300, verbose_name='value'),
                ),
                migrations.AlterField(
                    model_name='speakerrole',
                    name='title',
                    field=factcheck.text.PlainCharField(max_length=200, verbose_name='title'),
                ),
                migrations.AlterField(
                    model_name='tag',
                    name='name',
                    field=factcheck.text.PlainCharField(max_length=100, verbose_name='name'),
                ),
            ],
            database_operations=[],
        ),
    ]
