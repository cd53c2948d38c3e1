from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    """Editors read the partners and their fact-checks; chief editors and admins add and edit partners."""

    dependencies = [("partners", "0001_initial"), ("reviews", "0015_revision_speaker_sent")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
