from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    """Editors and reviewers add and edit outlets and reporting chains; every desk role reads them."""

    dependencies = [
        ("reviews", "0007_speaker_merge_role"),
        ("claims", "0018_reporting_chains_from_notes"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
