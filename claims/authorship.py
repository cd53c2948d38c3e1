"""Who wrote a claim: its contributors, whom the four-eyes rule keeps from reviewing it or deciding on it.

Defined once, from what the record keeps reliably (the append-only audit trail and the claim row), so
the workflow's rules (`reviews.workflow.NOT_AUTHOR`: take, assign, propose, approve) and a merge into a
published fact-check (`claims.relations.merge_refusal`) ask the same question. A contributor is:

- whoever created the claim, and the editor in charge of it (`owner`) or handed it (`hand_over`);
- whoever changed its fields or its reporting chain (an `edit` that changed something), or submitted it;
- whoever added, changed or removed its evidence, except the assigned reviewer researching it (the
  evidence rule lets only them change evidence in review; their rows carry `by_reviewer`, and older
  rows written in review count as research);
- whoever merged a duplicate into it, and every contributor of a claim merged into it (its content
  and evidence are this claim's now).
"""

from __future__ import annotations

from .models import AuditEntry, Claim
from .states import State

# Audit actions whose actor wrote the claim's content (or vouched for it, submitting it).
CONTENT_ACTIONS = frozenset({"create", "submit", "resubmit", "merged_from"})
EVIDENCE_ACTIONS = frozenset({"add_evidence", "edit_evidence", "remove_evidence"})


def contributors(claim: Claim) -> frozenset[int]:
    """The ids of everyone who wrote `claim` (see the module's docstring); a few queries, kept per version."""
    cached = getattr(claim, "_contributors", None)
    if cached is not None and cached[0] == (claim.pk, claim.version):
        return cached[1]
    ids = {claim.created_by_id, claim.owner_id}
    claim_ids = _with_merged(claim.pk)
    if len(claim_ids) > 1:
        for created_by, owner in Claim.objects.filter(pk__in=claim_ids).values_list("created_by_id", "owner_id"):
            ids |= {created_by, owner}
    rows = AuditEntry.objects.filter(
        claim_id__in=claim_ids, action__in=CONTENT_ACTIONS | EVIDENCE_ACTIONS | {"edit", "hand_over"}
    ).values_list("actor_id", "action", "from_state", "snapshot__changed", "snapshot__by_reviewer", "snapshot__owner_id")
    for actor, action, from_state, changed, by_reviewer, owner in rows:
        if action in CONTENT_ACTIONS or (action == "edit" and changed):
            ids.add(actor)
        elif action == "hand_over":
            ids.add(owner)
        elif action in EVIDENCE_ACTIONS and not (by_reviewer or from_state == State.IN_REVIEW):
            ids.add(actor)
    found = frozenset(ids - {None})
    claim._contributors = ((claim.pk, claim.version), found)
    return found


def _with_merged(pk: int) -> list[int]:
    """`pk` and every claim merged into it, at any depth (a merged claim's trail stays on it)."""
    found, todo = [pk], [pk]
    while todo:
        todo = [other for other in Claim.objects.filter(merged_into__in=todo).values_list("pk", flat=True) if other not in found]
        found += todo
    return found
