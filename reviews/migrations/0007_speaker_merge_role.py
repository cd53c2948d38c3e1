"""Chief editors may merge two records of one speaker (claims.merge_speaker); admins hold every permission."""

from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_plain_text_rule"),
        ("claims", "0016_speaker_merge"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
