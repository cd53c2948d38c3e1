"""Each approved verdict keeps the speaker as its version shows it (issue #27 item 12).

The data step fills it for verdicts approved before the rule, from the records as they read now: the best
anyone knows of what those pages showed. The rule of the role at the time is copied here as it is today
(`claims.selectors.role_at_the_time`, `SpeakerRole.covers`), so a later change to it cannot change this step.
"""

import datetime

from django.db import migrations, models

from claims.validators import is_web_url


def _period_end(value, precision):
    if value is None:
        return None
    if precision == "year":
        return value.replace(month=12, day=31)
    if precision == "month":
        return (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return value


def _role(claim, roles):
    if claim.said_on is None or claim.speaker.kind != "person":
        return ""
    for role in sorted(roles, key=lambda r: r.start_date or datetime.date.min, reverse=True):
        if role.start_date is not None and claim.said_on < role.start_date:
            continue
        if role.end_date is None or claim.said_on <= _period_end(role.end_date, role.end_precision):
            return role.title
    return ""


def _link(identifier):
    if identifier.scheme == "wikidata":
        value = identifier.value
        return f"https://www.wikidata.org/wiki/{value}" if value[:1] == "Q" and value[1:].isascii() and value[1:].isdigit() else None
    return identifier.value if is_web_url(identifier.value) else None


def shown(claim):
    speaker = claim.speaker
    if speaker is None:
        return {"name": claim.speaker_description or "", "kind": "", "role": "", "same_as": []}
    return {
        "name": speaker.name,
        "kind": speaker.kind,
        "role": _role(claim, list(speaker.roles.all())),
        "same_as": [link for link in (_link(i) for i in speaker.identifiers.all()) if link],
    }


def fill(apps, schema_editor):
    Verdict = apps.get_model("reviews", "Verdict")
    verdicts = (
        Verdict.objects.filter(status="approved")
        .select_related("claim__speaker")
        .prefetch_related("claim__speaker__roles", "claim__speaker__identifiers")
        .order_by("pk")
    )
    batch = []
    for verdict in verdicts.iterator(chunk_size=1000):
        verdict.speaker_shown = shown(verdict.claim)
        batch.append(verdict)
        if len(batch) == 1000:
            Verdict.objects.bulk_update(batch, ["speaker_shown"])
            batch = []
    Verdict.objects.bulk_update(batch, ["speaker_shown"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0013_intake_role"),
        ("claims", "0032_hop_wording_searchable"),
    ]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="speaker_shown",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="speaker as shown"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
