from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):
    """Editors and chief editors take articles in (claims.take_in_article), as the README says."""

    dependencies = [
        ("reviews", "0012_factcheckrevision_hops"),
        ("claims", "0029_take_in_article_permission"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
