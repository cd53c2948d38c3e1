from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    """Give the desk roles the comment permissions (view threads; chief editors moderate)."""

    dependencies = [
        ("comments", "0001_initial"),
        ("notifications", "0001_initial"),
        ("reviews", "0002_roles_and_default_scale"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
