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

from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from .models import AuditEntry, Claim
from .states import State

# Audit actions whose actor wrote the claim's content (or vouched for it, submitting it).
CONTENT_ACTIONS = frozenset({"create", "submit", "resubmit", "merged_from"})
EVIDENCE_ACTIONS = frozenset({"add_evidence", "edit_evidence", "remove_evidence"})


def _wrote() -> Q:
    """An audit row whose actor wrote the claim: content, an edit that changed something, evidence outside
    review. The one statement of the rule: `contributors` reads actors by it, `written_by` claims."""
    changed_something = Q(action="edit", snapshot__changed__isnull=False) & ~Q(snapshot__changed={})
    # Spelled without negating a JSON key: NOT(by_reviewer = true) is NULL, not true, where the key is absent.
    not_research = (Q(snapshot__by_reviewer__isnull=True) | Q(snapshot__by_reviewer=False)) & ~Q(from_state=State.IN_REVIEW)
    return Q(action__in=CONTENT_ACTIONS) | changed_something | (Q(action__in=EVIDENCE_ACTIONS) & not_research)


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
    rows = AuditEntry.objects.filter(claim_id__in=claim_ids).filter(_wrote() | Q(action="hand_over"))
    for actor, action, owner in rows.values_list("actor_id", "action", "snapshot__owner_id"):
        ids.add(owner if action == "hand_over" else actor)
    found = frozenset(ids - {None})
    claim._contributors = ((claim.pk, claim.version), found)
    return found


def _wrote_itself(user) -> Q:
    """Claims whose own row or trail makes `user` a contributor (merged duplicates aside)."""
    trail = AuditEntry.objects.filter(claim_id=OuterRef("pk"))
    return (
        Q(created_by=user)
        | Q(owner=user)
        | Exists(trail.filter(_wrote(), actor=user))
        | Exists(trail.filter(action="hand_over", snapshot__owner_id=user.pk))
    )


def written_by(user) -> Q:
    """A filter on claims: those `user` wrote, i.e. whose `contributors` hold `user` (the same rule, asked of
    many claims at once, lazily: a queue that leaves them out costs no extra query).

    A claim is also written by whoever wrote a duplicate merged into it, at any depth: the kept claims up
    the `merged_into` chain from every merged duplicate `user` wrote (merged duplicates are few)."""
    merged = Claim.objects.filter(_wrote_itself(user), merged_into__isnull=False).order_by().values("merged_into_id")
    sql, params = merged.query.sql_with_params()
    table = connections["default"].ops.quote_name(Claim._meta.db_table)
    up = RawSQL(
        f"WITH RECURSIVE kept(id) AS ({sql} UNION SELECT c.merged_into_id FROM {table} c JOIN kept ON c.id = kept.id"
        f" WHERE c.merged_into_id IS NOT NULL) SELECT id FROM kept",
        params,
    )
    return _wrote_itself(user) | Q(pk__in=up)


def _with_merged(pk: int) -> list[int]:
    """`pk` and every claim merged into it, at any depth (a merged claim's trail stays on it)."""
    found, todo = [pk], [pk]
    while todo:
        todo = [other for other in Claim.objects.filter(merged_into__in=todo).values_list("pk", flat=True) if other not in found]
        found += todo
    return found
