from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    """Editors and reviewers add and edit outlets and reporting chains; every desk role reads them."""

    dependencies = [
        ("reviews", "0006_plain_text_rule"),
        ("claims", "0017_reporting_chains_from_notes"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
