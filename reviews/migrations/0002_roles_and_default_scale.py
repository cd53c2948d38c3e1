from django.db import migrations

from reviews.roles import sync_roles

DEFAULT_SCALE = [
    # (label, value, description); value None = off the true/false scale.
    ("True", 4, "The claim is accurate and nothing significant is missing."),
    ("Mostly true", 3, "The claim is accurate but needs clarification or context."),
    ("Misleading", 2, "The claim contains some truth but leaves a false impression."),
    ("False", 1, "The claim is not accurate."),
    ("Unverifiable", None, "Available evidence can neither confirm nor refute the claim."),
]


def create_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("reviews", "RatingScale")
    Rating = apps.get_model("reviews", "Rating")
    if RatingScale.objects.exists():
        return
    scale = RatingScale.objects.create(name="Standard", is_active=True, description="The desk's default scale.")
    for label, value, description in DEFAULT_SCALE:
        Rating.objects.create(scale=scale, label=label, value=value, description=description)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("claims", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
        migrations.RunPython(create_default_scale, migrations.RunPython.noop),
    ]
