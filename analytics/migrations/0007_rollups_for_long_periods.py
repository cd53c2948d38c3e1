"""Rollups for long periods.

- Each step fact carries its claim's speaker and source (the rating mixes group by them without joining the
  claims table, from a covering index), and each claim flow the claim's language now (the ageing figure).
- Each month's percentiles per stage (`DurationMonth`) and yearly histograms per reviewer
  (`DurationYearHistogram`), filled by `rebuild_analytics` (quickstart runs it when they are empty).
- The histograms get a covering index in the order the figures read them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_from_claims(apps, schema_editor):
    """Fill the new columns from the claims as they are now (what `rebuild_analytics` also writes).
    Plain SQL over the historical tables: one statement, whatever the number of facts."""
    StepFact = apps.get_model("analytics", "StepFact")
    Claim = apps.get_model("claims", "Claim")
    facts, claims = StepFact._meta.db_table, Claim._meta.db_table
    flows = apps.get_model("analytics", "ClaimFlow")._meta.db_table
    schema_editor.execute(
        f"UPDATE {facts} SET speaker_id = c.speaker_id, reported_by_id = c.reported_by_id "
        f"FROM {claims} AS c WHERE c.id = {facts}.claim_id"
    )
    schema_editor.execute(f"UPDATE {flows} SET language = c.language FROM {claims} AS c WHERE c.id = {flows}.claim_id")


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0006_dimensions_step_months'),
        ('claims', '0026_speaker_name_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DurationMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField()),
                ('stage', models.CharField(max_length=20)),
                ('dim', models.CharField(default='', max_length=50)),
                ('n', models.IntegerField(default=0)),
                ('median', models.FloatField(null=True)),
                ('p90', models.FloatField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name='DurationYearHistogram',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.DateField()),
                ('stage', models.CharField(max_length=20)),
                ('who', models.IntegerField(default=0)),
                ('dim', models.CharField(default='', max_length=50)),
                ('bucket', models.SmallIntegerField()),
                ('n', models.IntegerField(default=0)),
                ('low', models.BigIntegerField()),
                ('high', models.BigIntegerField()),
            ],
        ),
        migrations.AlterModelOptions(
            name='stepfact',
            options={'ordering': ['at', 'entry_id'], 'verbose_name': 'workflow step in the desk analytics', 'verbose_name_plural': 'workflow steps in the desk analytics'},
        ),
        migrations.RemoveIndex(
            model_name='stepfact',
            name='analytics_step_publication',
        ),
        migrations.AddField(
            model_name='claimflow',
            name='language',
            field=models.CharField(blank=True, default='', max_length=35),
        ),
        migrations.AddField(
            model_name='stepfact',
            name='reported_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.source'),
        ),
        migrations.AddField(
            model_name='stepfact',
            name='speaker',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.speaker'),
        ),
        migrations.RunPython(copy_from_claims, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='durationhistogram',
            index=models.Index(fields=['dim', 'month', 'who', 'stage', 'bucket'], include=('n', 'low', 'high'), name='analytics_histogram_read'),
        ),
        migrations.AddIndex(
            model_name='stepfact',
            index=models.Index(condition=models.Q(('publication_at__isnull', False)), fields=['publication_at'], include=('action', 'at', 'superseded_at', 'speaker', 'reported_by', 'rating_label', 'rating_value', 'language'), name='analytics_step_rating_read'),
        ),
        migrations.AddConstraint(
            model_name='durationmonth',
            constraint=models.UniqueConstraint(fields=('dim', 'month', 'stage'), name='analytics_durationmonth_key'),
        ),
        migrations.AddIndex(
            model_name='durationyearhistogram',
            index=models.Index(fields=['dim', 'year'], include=('who', 'stage', 'bucket', 'n', 'low', 'high'), name='analytics_histogram_year_read'),
        ),
        migrations.AddConstraint(
            model_name='durationyearhistogram',
            constraint=models.UniqueConstraint(fields=('dim', 'year', 'stage', 'who', 'bucket'), name='analytics_histogram_year_key'),
        ),
    ]
