"""Relations between claims (repeat, related) and merging a duplicate into the claim the desk keeps.

Why here: relations are records about claims, so every view, the API and the admin call these
services. A merge also moves rows owned by apps above `claims` (comment threads): those apps
connect to `claim_merged`, which is sent *inside* the merge's transaction, so a refusal anywhere
moves nothing. Audit entries are append-only and stay with their claim: the dropped claim's
history ends with “merged into #N” and the kept claim's records what moved from where.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.errors import Conflict, InvalidInput, NotAllowed, WorkflowError, parse_version

from . import audit
from .access import can_view_claim, edit_refusal, frozen_refusal
from .models import AuditEntry, Claim, ClaimRelation, Evidence
from .authorship import contributors
from .permissions import PERM_APPROVE, PERM_EDIT, PERM_EVIDENCE
from .search import reindex_claims
from .states import EDITABLE_STATES, PUBLIC_STATES

# Sent inside the merge transaction with keep=, drop=, user=; receivers move their rows and return a count.
claim_merged = Signal()

RELATABLE = (ClaimRelation.Kind.REPEAT, ClaimRelation.Kind.RELATED)


def _audit(claim: Claim, user, action: str, note: str = "", snapshot: dict | None = None) -> AuditEntry:
    return audit.record(
        claim=claim, actor=user, action=action, from_state=claim.state, to_state=claim.state, note=note, snapshot=snapshot or {}
    )


NOTE_MAX_LENGTH = 500


def _check_note(note: str) -> None:
    """A relation or merge note is kept whole or refused, never cut short."""
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("Keep the note under %(limit)s characters (it has %(count)s).") % {"limit": NOTE_MAX_LENGTH, "count": len(note)},
            field="note",
            rule="note_too_long",
        )


def relate(*, claim: Claim, other: Claim, kind: str, user, note: str = "") -> ClaimRelation:
    """Record that `claim` is a repeat of (or related to) `other`; the verdict stays `claim`'s own."""
    _check_note(note)
    if kind not in RELATABLE:
        raise InvalidInput(_("Choose “repeat of” or “related to”; a duplicate is merged instead."), field="kind", rule="relation_kind")
    refusal = _relation_refusal(claim, user)
    if refusal:
        raise refusal
    if claim.pk == other.pk:
        raise InvalidInput(_("A claim cannot be related to itself."), field="other", rule="relation_self")
    if other.merged_into_id or claim.merged_into_id:
        raise Conflict(_("That claim was merged into #%(pk)s; relate the kept claim instead.") % {"pk": other.merged_into_id or claim.merged_into_id}, field="other", rule="relation_merged")
    try:
        with transaction.atomic():
            relation = ClaimRelation.objects.create(claim=claim, other=other, kind=kind, note=note, created_by=user)
    except IntegrityError:
        raise Conflict(_("These claims are already related this way."), field="other", rule="relation_exists") from None
    _audit(claim, user, f"relation_{kind}", note=note, snapshot={"other": other.pk, "kind": kind})
    return relation


def unrelate(*, relation: ClaimRelation, user) -> None:
    refusal = _relation_refusal(relation.claim, user)
    if refusal:
        raise refusal
    claim, other, kind = relation.claim, relation.other_id, relation.kind
    relation.delete()
    _audit(claim, user, "relation_removed", snapshot={"other": other, "kind": kind})


def _relation_refusal(claim: Claim, user):
    # Relating is a note about the claim, allowed on published claims too; it needs the edit permission.
    if not can_view_claim(user):
        return NotAllowed(_("You do not have access to this claim."), rule="desk_only")
    if not user.has_perm(PERM_EDIT):
        return NotAllowed(_("Your role does not allow editing claims."), rule="role")
    return None


def relations_of(claim: Claim) -> list[tuple[str, Claim, ClaimRelation]]:
    """Both directions, as (kind seen from `claim`, the other claim, the relation), oldest first.

    Two queries at most, whatever the number of relations: the relations alone (most claims have none,
    so the claim page's common case joins nothing), then the other claims with what their line shows."""
    rows = list(ClaimRelation.objects.filter(Q(claim=claim) | Q(other=claim)).order_by("created_at", "pk"))
    if not rows:
        return []
    others = Claim.objects.select_related("speaker", "current_verdict__rating").in_bulk(
        {row.other_id if row.claim_id == claim.pk else row.claim_id for row in rows}
    )
    out = []
    for row in rows:
        if row.claim_id == claim.pk:
            out.append((row.kind, others[row.other_id], row))
        else:
            out.append((f"{row.kind}_by", others[row.claim_id], row))
    return out


def merge_refusal(*, keep: Claim, drop: Claim, user) -> WorkflowError | None:
    """Why `user` may not merge `drop` into `keep` now, or None.

    A merge edits both claims (evidence, tags and threads leave one and join the other), so each obeys
    the rule for editing it: `claims.access.edit_refusal` for its fields and its evidence (role, state,
    the evidence rule). A published kept claim changes only with four eyes: a chief editor who wrote
    neither claim (`claims.authorship.contributors`); a published duplicate is never merged into an
    unpublished claim (its public address would vanish).
    """
    if not can_view_claim(user) or not (user.has_perm(PERM_EDIT) or user.has_perm(PERM_APPROVE)):
        return NotAllowed(_("Your role does not allow merging claims."), rule="role")
    if keep.pk == drop.pk:
        return InvalidInput(_("A claim cannot be merged into itself."), field="keep", rule="merge_self")
    if drop.merged_into_id:
        return Conflict(_("Claim #%(pk)s was already merged into #%(into)s.") % {"pk": drop.pk, "into": drop.merged_into_id}, rule="merge_already_merged")
    if keep.merged_into_id:
        return Conflict(
            _("Claim #%(pk)s was itself merged into #%(into)s; merge into that claim instead.") % {"pk": keep.pk, "into": keep.merged_into_id},
            field="keep",
            rule="merge_into_merged",
        )
    if drop.state in PUBLIC_STATES and keep.state not in PUBLIC_STATES:
        return Conflict(
            _("Claim #%(pk)s is a published fact-check: merge #%(other)s into it instead.") % {"pk": drop.pk, "other": keep.pk},
            field="keep",
            rule="merge_published_into_unpublished",
        )
    if keep.state in PUBLIC_STATES:
        # Four eyes: a published fact-check changes only with someone who may approve and wrote neither claim.
        if not user.has_perm(PERM_APPROVE) or user.pk in contributors(keep) | contributors(drop):
            return NotAllowed(
                _("One of these claims is published: a chief editor who wrote neither claim must do this merge."),
                rule="merge_four_eyes",
            )
        if drop.state not in PUBLIC_STATES and drop.state not in EDITABLE_STATES:
            return frozen_refusal(drop)  # a duplicate past editing (a verdict proposed, approved) is decided first
        return None
    for claim in (keep, drop):
        refusal = edit_refusal(user, claim) or edit_refusal(user, claim, PERM_EVIDENCE)
        if refusal is not None:
            return refusal
    return None


def merge_stale_message(keep: Claim) -> str:
    return _(
        "Claim #%(pk)s changed since you opened its page, so nothing was merged. Look at it as it is now, "
        "then merge again if it is still the claim to keep."
    ) % {"pk": keep.pk}


def merge(*, keep: Claim, drop: Claim, user, expected_version, note: str = "") -> Claim:
    """Move evidence, tags, relations and (through `claim_merged`) comment threads from `drop` to `keep`.

    `drop` then redirects to `keep`. `expected_version` is the kept claim's version the merge form was
    shown with: a merge decided on a claim that has changed since (409, `merge_stale`) moves nothing, like
    a stale claim form. Two editors merging the same pair at once: the second finds the claim already
    merged (rows are locked in id order, and the redirect is a conditional update).
    """
    _check_note(note)
    # A refusal raises before anything is written, and writes nothing itself: a refused merge on the
    # trail would let anyone grow any claim's history.
    with transaction.atomic():
        locked = {c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[keep.pk, drop.pk]).order_by("pk")}
        keep, drop = locked.get(keep.pk, keep), locked.get(drop.pk, drop)
        refusal = merge_refusal(keep=keep, drop=drop, user=user)
        if refusal is None and keep.version != parse_version(expected_version):  # a missing version: 409 too
            refusal = Conflict(merge_stale_message(keep), field="keep", rule="merge_stale")
        if refusal is None and not Claim.objects.filter(pk=drop.pk, merged_into__isnull=True).update(merged_into=keep):
            refusal = Conflict(_("Claim #%(pk)s was merged by someone else a moment ago.") % {"pk": drop.pk}, rule="merge_already_merged")
        if refusal is not None:
            raise refusal
        evidence = list(Evidence.objects.filter(claim=drop).values_list("pk", flat=True))
        Evidence.objects.filter(pk__in=evidence).update(claim=keep)
        tags = list(drop.tags.values_list("pk", flat=True))
        keep.tags.add(*tags)
        relations = _move_relations(keep, drop)
        moved = {"evidence": evidence, "tags": tags, "relations": relations}
        for receiver, count in claim_merged.send(sender=Claim, keep=keep, drop=drop, user=user):
            moved[getattr(receiver, "merge_label", receiver.__name__)] = count
        ClaimRelation.objects.create(claim=drop, other=keep, kind=ClaimRelation.Kind.DUPLICATE, created_by=user, note=note)
        Claim.objects.filter(pk=keep.pk).update(version=keep.version + 1, updated_at=timezone.now())
        _audit(drop, user, "merged_into", note=note, snapshot={"into": keep.pk, **moved})
        _audit(keep, user, "merged_from", note=note, snapshot={"from": drop.pk, **moved})
        # In the same transaction: a merge that committed is searchable as merged, whatever happens next.
        reindex_claims([keep.pk, drop.pk])
    keep.refresh_from_db()
    return keep


def _move_relations(keep: Claim, drop: Claim) -> list[int]:
    moved = []
    for relation in ClaimRelation.objects.filter(Q(claim=drop) | Q(other=drop)):
        claim_id = keep.pk if relation.claim_id == drop.pk else relation.claim_id
        other_id = keep.pk if relation.other_id == drop.pk else relation.other_id
        clash = ClaimRelation.objects.filter(claim_id=claim_id, other_id=other_id, kind=relation.kind).exists()
        if claim_id == other_id or clash:
            relation.delete()
            continue
        ClaimRelation.objects.filter(pk=relation.pk).update(claim_id=claim_id, other_id=other_id)
        moved.append(relation.pk)
    return moved


def resolve_merged(claim: Claim) -> Claim:
    """The claim a merged claim redirects to (following a chain, at most a few steps)."""
    seen = set()
    while claim.merged_into_id and claim.pk not in seen:
        seen.add(claim.pk)
        claim = Claim.objects.get(pk=claim.merged_into_id)
    return claim
