"""Stored links are http(s) only (claims.validators), with database check constraints.

Rows stored before the rule are neutralised first (issue #11 finding 6: a
`javascript:` identifier was published as a link and in ClaimReview `sameAs`):
a source keeps its record but loses the bad link, which moves into its notes
for the desk to see; an identifier that is not a Wikidata id or a web link is
removed (it is only ever output as a link).
"""

import django.core.validators
from django.db import migrations, models

NOTE = "Link removed because it is not an http(s) address: {value}"


def neutralise(apps, schema_editor):
    from claims.validators import is_web_url

    Source = apps.get_model("claims", "Source")
    SpeakerIdentifier = apps.get_model("claims", "SpeakerIdentifier")
    db = schema_editor.connection.alias
    for source in Source.objects.using(db).exclude(url="", archive_url=""):
        notes = [source.notes] if source.notes else []
        for field in ("url", "archive_url"):
            value = getattr(source, field)
            if value and not is_web_url(value):
                notes.append(NOTE.format(value=value))
                setattr(source, field, "")
        if len(notes) != (1 if source.notes else 0):
            source.notes = "\n".join(notes)
            source.save(update_fields=["url", "archive_url", "notes"])
    for identifier in SpeakerIdentifier.objects.using(db).all():
        if identifier.scheme == "wikidata":
            value = identifier.value
            ok = value[:1] == "Q" and value[1:].isascii() and value[1:].isdigit()
        else:
            ok = is_web_url(identifier.value)
        if not ok:
            identifier.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0010_protect_history'),
    ]

    operations = [
        migrations.RunPython(neutralise, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='source',
            name='archive_url',
            field=models.URLField(blank=True, max_length=2000, validators=[django.core.validators.URLValidator(message='Enter a web address that starts with http:// or https://.', schemes=['http', 'https'])], verbose_name='archived copy'),
        ),
        migrations.AlterField(
            model_name='source',
            name='url',
            field=models.URLField(blank=True, help_text='Leave empty for offline material.', max_length=2000, validators=[django.core.validators.URLValidator(message='Enter a web address that starts with http:// or https://.', schemes=['http', 'https'])], verbose_name='URL'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('url', ''), ('url__istartswith', 'http://'), ('url__istartswith', 'https://'), _connector='OR'), name='source_url_is_web', violation_error_message='Enter a web address that starts with http:// or https://.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('archive_url', ''), ('archive_url__istartswith', 'http://'), ('archive_url__istartswith', 'https://'), _connector='OR'), name='source_archive_url_is_web', violation_error_message='Enter a web address that starts with http:// or https://.'),
        ),
        migrations.AddConstraint(
            model_name='speakeridentifier',
            constraint=models.CheckConstraint(condition=models.Q(('scheme', 'wikidata'), ('value__istartswith', 'http://'), ('value__istartswith', 'https://'), _connector='OR'), name='identifier_value_is_web_url', violation_error_message='Enter a web address that starts with http:// or https://.'),
        ),
    ]
