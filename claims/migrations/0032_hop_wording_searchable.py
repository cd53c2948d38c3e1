"""The wording of reporting-chain hops joins each claim's search document (`claims.search.build_document`).

Why: the desk search did not find a claim by the words an agency or outlet relayed it with. New and edited
chains are indexed by `claims.chains.save_chain`; this adds the wordings of chains saved before, to the
documents of those claims only (a plain function of their text: the wordings appended, the CJK tokens
recomputed), so a large archive is not rebuilt.
"""

from django.db import migrations


def add_hop_wordings(apps, schema_editor):
    from claims.search import FIELD_SEPARATOR, cjk_tokens, normalise

    ReportingHop = apps.get_model("claims", "ReportingHop")
    Document = apps.get_model("claims", "ClaimSearchDocument")
    wordings = {}
    for claim_id, wording in ReportingHop.objects.exclude(wording="").order_by("claim_id", "position").values_list("claim_id", "wording"):
        wordings.setdefault(claim_id, []).append(wording)
    ids = sorted(wordings)
    for start in range(0, len(ids), 500):
        batch = list(Document.objects.filter(claim_id__in=ids[start : start + 500]))
        for document in batch:
            parts = [document.document, *(normalise(w) for w in wordings[document.claim_id])]
            document.document = FIELD_SEPARATOR.join(p for p in parts if p)
            document.cjk_tokens = cjk_tokens(document.document)
        Document.objects.bulk_update(batch, ["document", "cjk_tokens"])


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0031_audit_maintenance_owner_only"),
    ]

    operations = [migrations.RunPython(add_hop_wordings, migrations.RunPython.noop)]
