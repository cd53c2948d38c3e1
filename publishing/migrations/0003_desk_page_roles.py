"""Chief editors may edit the methodology and corrections-policy pages; admins hold every publishing permission."""

from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0002_default_desk_pages"),
        ("reviews", "0002_roles_and_default_scale"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
