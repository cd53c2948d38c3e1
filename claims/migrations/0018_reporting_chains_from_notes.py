"""Today's free-text reporting chains become hops where they parse; the rest stays a note.

A note such as "TASS → RIA Novosti → the blog" parses (names between arrows, see
`claims.chains.parse_note`): each name becomes a hop, naming the source with that URL or
title when the desk has one, else the outlet of that name (created when missing). The
claim's reported-by source closes the chain, and `reporting` follows the chain
(`claims.chains.reporting_for`). A note that is a sentence stays the claim's note, and a
claim without a parsed chain keeps its hops empty and its `reporting` as it was.
"""

from django.db import migrations


def chains_from_notes(apps, schema_editor):
    from claims.chains import parse_note
    from claims.models import fold

    Claim = apps.get_model("claims", "Claim")
    Source = apps.get_model("claims", "Source")
    Outlet = apps.get_model("claims", "Outlet")
    OutletAlias = apps.get_model("claims", "OutletAlias")
    Hop = apps.get_model("claims", "ReportingHop")

    def outlet_named(name):
        key = fold(name)
        found = Outlet.objects.filter(folded=key).first()
        if found is None:
            alias = OutletAlias.objects.filter(folded=key).first()
            found = alias.outlet if alias else None
        return found or Outlet.objects.create(name=name, folded=key, kind="other")

    for claim in Claim.objects.exclude(reporting_note="").select_related("reported_by").iterator():
        names = parse_note(claim.reporting_note)
        if names is None:
            continue
        hops = []
        for name in names:
            source = Source.objects.filter(url=name).first() if name.startswith(("http://", "https://")) else None
            source = source or Source.objects.filter(title=name).first()
            if source is not None:
                hops.append({"source": source, "outlet": None})
            else:
                hops.append({"source": None, "outlet": outlet_named(name)})
        keys = [("s", h["source"].pk) if h["source"] else ("o", h["outlet"].pk) for h in hops]
        if len(set(keys)) != len(keys):
            continue  # a loop: not a chain the desk would accept, so it stays a note
        desk = claim.reported_by
        if desk is not None and all(h["source"] != desk for h in hops):
            hops.append({"source": desk, "outlet": None})
        for position, hop in enumerate(hops, start=1):
            Hop.objects.create(claim=claim, position=position, date_precision="unknown", **hop)
        relays = len(hops)
        claim.reporting = "second_hand" if relays == 1 else "third_hand"
        claim.reporting_note = ""
        claim.save(update_fields=["reporting", "reporting_note"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_outlets_and_reporting_chain")]

    operations = [migrations.RunPython(chains_from_notes, migrations.RunPython.noop)]
