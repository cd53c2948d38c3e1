"""Writes to claims and their evidence: validated, atomic, audited, version-checked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.access import can_view_claim, edit_refusal
from claims.permissions import PERM_ADD, PERM_ADD_SOURCE, PERM_EVIDENCE
from factcheck.errors import Conflict, InvalidInput, NotAllowed, WorkflowError, check_version, conflict_message

from . import audit, chains, files
from .states import EDITABLE_STATES

from .fields import CLAIM_FIELDS, EVIDENCE_FIELDS
from . import outlets
from .models import Claim, Evidence, Source, fold
from .search import reindex_claim, reindex_once
from .speakers import create_speaker  # noqa: F401  (the API and the claim form call it from here)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.core.files.storage import Storage
    from django.core.files.uploadedfile import UploadedFile

    from .models import AuditEntry, Tag

    User = AbstractBaseUser

# Fields an editor may change through `update_claim` (the one list lives in claims.fields).
EDITABLE_FIELDS = CLAIM_FIELDS

# Sent inside `update_claim`'s transaction with claim= (as saved) and changed= ({field: [before, after]}), for
# the layers above that keep something of the claim (the analytics rollups keep its speaker and source).
claim_edited = Signal()


def _audit(
    claim: Claim,
    user: User | None,
    action: str,
    note: str = "",
    snapshot: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> AuditEntry:
    return audit.record(
        claim=claim,
        actor=user,
        created_at=now or timezone.now(),
        action=action,
        from_state=claim.state,
        to_state=claim.state,
        note=note,
        snapshot=snapshot or {},
    )


def _jsonable(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def create_claim(
    *,
    user: User,
    tags: Iterable[Tag] = (),
    evidence: Iterable[Mapping[str, Any]] = (),
    hops: Iterable[Mapping[str, Any]] = (),
    audit_note: str = "",
    audit_snapshot: Mapping[str, Any] | None = None,
    permission: str = PERM_ADD,
    **fields: Any,
) -> Claim:
    """A new draft claim with its evidence and reporting chain (`claims.chains`); `evidence` is a list of dicts for `Evidence`.

    `audit_note` / `audit_snapshot` say where it came from (article intake: "from intake");
    `permission` is what lets `user` create it (article intake: PERM_TAKE_IN)."""
    if not (user.has_perm(permission)):
        raise NotAllowed(_("Your role does not allow creating claims."))
    now = timezone.now()
    claim = Claim(created_by=user, created_at=now, updated_at=now, **fields)
    claim.full_clean()
    with reindex_once():  # the claim, its evidence and its chain: indexed once, with all of them
        claim.save()
        claim.tags.set(tags)
        for item in evidence:
            _add_evidence(claim, user, **item)
        chains.save_chain(claim=claim, hops=hops, user=user)
    snapshot = {"statement": claim.statement, **(audit_snapshot or {})}
    if claim.hops.exists():
        snapshot["hops"] = chains.chain_snapshot(claim)
    _audit(claim, user, "create", note=audit_note, now=now, snapshot=snapshot)
    return claim


@transaction.atomic
def update_claim(
    *,
    claim: Claim,
    user: User,
    expected_version: Any,
    tags: Iterable[Tag] | None = None,
    hops: Iterable[Mapping[str, Any]] | None = None,
    **changes: Any,
) -> Claim:
    """Save an editor's changes unless someone else saved first (then raise Conflict).

    `hops` (None: unchanged) replaces the reporting chain through `claims.chains.save_chain`.
    """
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    refusal = edit_refusal(user, locked)
    if refusal:
        raise refusal
    check_version(locked.version, expected_version)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise NotAllowed(_("These fields cannot be edited here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})

    previous_source = locked.reported_by if locked.reported_by_id else None
    changed = {}
    for name, value in changes.items():
        old = getattr(locked, name)
        if old != value:
            changed[name] = [_jsonable(old), _jsonable(value)]
        setattr(locked, name, value)
    locked.full_clean()
    now = timezone.now()
    values = {name: getattr(locked, name) for name in changes}
    rows = Claim.objects.filter(pk=locked.pk, version=locked.version).update(
        **values, version=F("version") + 1, updated_at=now
    )
    if rows != 1:
        raise Conflict(conflict_message())
    if tags is not None:
        before = sorted(locked.tags.values_list("name", flat=True))
        locked.tags.set(tags)
        after = sorted(t.name for t in tags)
        if before != after:
            changed["tags"] = [before, after]
    replaced = previous_source if previous_source is not None and previous_source.pk != locked.reported_by_id else None
    if hops is None and (replaced is not None or {"said_on", "first_reported_on"} & set(changed)) and locked.hops.exists():
        # A new reported-by source (or date said, or a typed first-reported date) without a new chain: the chain
        # is written again from its hops, so its last hop follows "Reported by" and a dated chain keeps
        # supplying the first-reported date (a typed one counts only while no hop has a date).
        hops = chains.chain_rows(locked)
    if hops is not None:
        before_chain = chains.chain_snapshot(locked)
        locked.refresh_from_db(fields=["reported_by", "reporting", "first_reported_on", "said_on", "said_on_precision"])
        chains.save_chain(claim=locked, hops=hops, user=user, replaced_source=replaced)
        after_chain = chains.chain_snapshot(locked)
        if before_chain != after_chain:
            changed["hops"] = [before_chain, after_chain]
    _audit(locked, user, "edit", now=now, snapshot={"changed": changed})
    reindex_claim(locked.pk)  # the queryset update above bypasses the search signals
    claim_edited.send(sender=Claim, claim=locked, changed=changed)  # and the model signals
    claim.refresh_from_db()
    return claim


def _evidence_values(item: Evidence) -> dict[str, Any]:
    """An evidence link's editable values as JSON (ids for the source), for audit snapshots."""
    return {name: _jsonable(getattr(item, name)) for name in EVIDENCE_FIELDS}


def _evidence_snapshot(item: Evidence) -> dict[str, Any]:
    return {"evidence": item.pk, **_evidence_values(item)}


def _evidence_input(row: Mapping[str, Any]) -> dict[str, Any]:
    """The editable evidence fields of a form or API row, without its id or delete flag."""
    return {name: row[name] for name in EVIDENCE_FIELDS if name in row}


def _add_evidence(claim: Claim, user: User, **fields: Any) -> Evidence:
    item = Evidence(claim=claim, added_by=user, **fields)
    item.full_clean()
    item.save()
    return item


def _touch(locked: Claim) -> None:
    """What the claim shows changed: a new version (a form opened before is stale) and `updated_at`
    (feeds and the public page cache are keyed on the last public change)."""
    Claim.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())


def _by_reviewer(locked: Claim, user: User) -> dict[str, bool]:
    """Marks evidence work by the claim's assigned reviewer: research, which does not make them an author
    for four eyes (`claims.authorship.contributors`)."""
    return {"by_reviewer": True} if locked.assigned_reviewer_id is not None and locked.assigned_reviewer_id == user.pk else {}


def _check_evidence_editable(claim: Claim, user: User) -> None:
    refusal = edit_refusal(user, claim, PERM_EVIDENCE)
    if refusal:
        raise refusal


@transaction.atomic
def add_evidence(*, claim: Claim, user: User, expected_version: Any, **fields: Any) -> Evidence:
    """Link a source to a claim (editors while drafting, reviewers while researching)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    _check_evidence_editable(locked, user)
    check_version(locked.version, expected_version)
    item = _add_evidence(locked, user, **fields)
    _touch(locked)
    _audit(
        locked,
        user,
        "add_evidence",
        snapshot={**_evidence_snapshot(item), **_by_reviewer(locked, user)},
    )
    claim.refresh_from_db()
    return item


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user: User, expected_version: Any) -> None:
    locked = Claim.objects.select_for_update().get(pk=evidence.claim_id)
    _check_evidence_editable(locked, user)
    check_version(locked.version, expected_version)
    if evidence.verdicts.exists():
        raise Conflict(_("A verdict rests on this evidence, so it stays in the record."))
    snapshot = _evidence_snapshot(evidence)
    evidence.delete()
    _touch(locked)
    _audit(locked, user, "remove_evidence", snapshot={**snapshot, **_by_reviewer(locked, user)})


def create_source(*, user: User, permission: str = PERM_ADD_SOURCE, **fields: Any) -> Source:
    if not user.has_perm(permission):
        raise NotAllowed(_("Your role does not allow adding sources."))
    source = Source(**fields)
    source.full_clean()
    source.save()
    return source


def create_form_source(*, user: User, new_source: Mapping[str, Any], outlet_cache: dict | None = None) -> Source:
    """A source described in a form's new-source row (the claim form's evidence rows, a revision's added
    evidence): its outlet — picked, or `new_outlet` {"name", "kind"}, found by any of its names or added —
    then the source. The one path for both forms; `outlet_cache` makes rows naming one new outlet add it once."""
    fields = dict(new_source)
    new_outlet = fields.pop("new_outlet", None)
    if new_outlet and not fields.get("outlet"):
        fields["outlet"] = outlets.find_or_create_outlet(user=user, cache=outlet_cache, **new_outlet)
    return create_source(user=user, **fields)


@transaction.atomic
def update_evidence(*, evidence: Evidence, user: User, expected_version: Any, **changes: Any) -> Evidence:
    """Change an evidence link's source, relation, excerpt or locator (not once a verdict rests on it)."""
    locked = Claim.objects.select_for_update().get(pk=evidence.claim_id)
    _check_evidence_editable(locked, user)
    check_version(locked.version, expected_version)
    unknown = set(changes) - set(EVIDENCE_FIELDS)
    if unknown:
        raise NotAllowed(_("These fields cannot be edited here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = _evidence_values(evidence)
    for name, value in changes.items():
        setattr(evidence, name, value)
    after = _evidence_values(evidence)
    if before == after:
        return evidence
    if evidence.verdicts.exists():
        raise Conflict(_("A verdict rests on this evidence, so it stays in the record as it is."))
    evidence.full_clean()
    evidence.save()
    _touch(locked)
    _audit(
        locked, user, "edit_evidence", snapshot={"evidence": evidence.pk, "before": before, "after": after, **_by_reviewer(locked, user)}
    )
    return evidence


def _current_version(claim: Claim) -> int:
    return Claim.objects.values_list("version", flat=True).get(pk=claim.pk)


def _same_form_source(text: str, added: list[Source]) -> Source | None:
    """A source added in this same form, named by its URL or its title (any case or width)."""
    text = (text or "").strip()
    if not text:
        return None
    for source in added:
        if (source.url and source.url == text) or fold(source.title) == fold(text):
            return source
    return None


def form_hop_rows(
    hops: Iterable[Mapping[str, Any]], *, user: User, added: list[Source], outlet_cache: dict
) -> list[dict[str, Any]]:
    """Hop rows of a form (the claim form's chain, a revision's) with their new outlets created and their
    same-form sources (`added`, named by URL or title) found."""
    rows = []
    for index, row in enumerate(hops):
        row = dict(row)
        new_outlet = row.pop("new_outlet", None)
        if new_outlet and not row.get("outlet"):
            row["outlet"] = outlets.find_or_create_outlet(user=user, cache=outlet_cache, **new_outlet)
        text = row.pop("source_text", "")
        if text and not row.get("source"):
            row["source"] = _same_form_source(text, added)
            if row["source"] is None:
                raise InvalidInput(
                    _("No source matches “%(text)s”. Pick one from the list, or add it under Evidence in this form.")
                    % {"text": text},
                    field=f"hops-{index}-source_lookup",
                    rule="chain",
                )
        rows.append(row)
    return rows


@transaction.atomic
def save_claim_with_evidence(
    *,
    user: User,
    claim: Claim | None = None,
    expected_version: Any = None,
    fields: Mapping[str, Any] | None = None,
    tags: Iterable[Tag] | None = None,
    new_speaker: Mapping[str, Any] | None = None,
    evidence: Iterable[Mapping[str, Any]] = (),
    hops: Iterable[Mapping[str, Any]] | None = None,
    reported_by_new: str = "",
    reported_by_outlet: Mapping[str, Any] | None = None,
) -> Claim:
    """The desk's claim form in one transaction: the claim, a new speaker, new sources and outlets, evidence, the chain.

    `fields=None` edits only the evidence (a reviewer researching a claim).
    `evidence` rows: {"id"?, "delete"?, "source" | "new_source": {..., "new_outlet"?}, "relation", "excerpt", "locator"}.
    `hops` rows (None: chain unchanged): `claims.chains.HOP_FIELDS`, plus "new_outlet": {"name", "kind"} and
    "source_text" (the URL or title of a source added in this same form).
    `reported_by_new`: the URL or title of a source added in this form; `reported_by_outlet`: {"name", "kind"}
    of an outlet known only by name, which then closes the chain.
    A missing or stale `expected_version` (when editing) raises Conflict before anything is written.
    """
    fields = dict(fields) if fields is not None else None
    if new_speaker and fields is not None:
        fields["speaker"] = create_speaker(user=user, **new_speaker)
    outlet_cache: dict = {}
    added: list[Source] = []
    rows = []
    for row in evidence:
        row = dict(row)
        if row.get("new_source"):
            row["source"] = create_form_source(user=user, new_source=row.pop("new_source"), outlet_cache=outlet_cache)
            added.append(row["source"])
        rows.append(row)

    if fields is not None and reported_by_new and not fields.get("reported_by"):
        fields["reported_by"] = _same_form_source(reported_by_new, added)
        if fields["reported_by"] is None:
            raise InvalidInput(
                _("No source matches “%(text)s”. Pick one from the list, or add it under Evidence in this form.")
                % {"text": reported_by_new},
                field="reported_by_lookup",
                rule="reported_by",
            )
    if fields is not None and hops is not None:
        hops = form_hop_rows(hops, user=user, added=added, outlet_cache=outlet_cache)
        if reported_by_outlet:
            outlet = outlets.find_or_create_outlet(user=user, cache=outlet_cache, **reported_by_outlet)
            last = hops[-1] if hops else None
            if last is None or chains.hop_outlet(last) != outlet:
                hops.append({"outlet": outlet, "source": None, "by_speaker": False, "date": None, "wording": "", "note": ""})
    else:
        hops = None

    if claim is None:
        added_rows = [_evidence_input(row) for row in rows if not row.get("id")]
        return create_claim(user=user, tags=tags or (), evidence=added_rows, hops=hops or (), **fields)

    if fields is not None:
        claim = update_claim(claim=claim, user=user, expected_version=expected_version, tags=tags, hops=hops, **fields)
        # update_claim holds the row lock until this transaction ends; no one can save in between,
        # so the evidence rows below carry on from the version it left.
        expected_version = _current_version(claim)
    elif not rows:
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        _check_evidence_editable(locked, user)
        check_version(locked.version, expected_version)
    for row in rows:
        if row.get("id"):
            item = Evidence.objects.get(claim=claim, pk=row["id"])
            if row.get("delete"):
                remove_evidence(evidence=item, user=user, expected_version=expected_version)
            else:
                changes = _evidence_input(row)
                update_evidence(evidence=item, user=user, expected_version=expected_version, **changes)
        else:
            add_evidence(
                claim=claim,
                user=user,
                expected_version=expected_version,
                **_evidence_input(row),
            )
        expected_version = _current_version(claim)
    claim.refresh_from_db()
    return claim


# --- files attached to sources ---------------------------------------------------------------

PERM_CHANGE_SOURCE = "claims.change_source"


def source_file_refusal(user: User, source: Source) -> WorkflowError | None:
    """Why `user` may not attach, replace or remove `source`'s file now, or None if they may.

    A file that a claim past editing cites (a verdict rests on it, or it is published) stays as
    it is: replacing it would change the evidence under a decided verdict.
    """
    if not can_view_claim(user):
        return NotAllowed(_("Only members of the fact-check desk can change a source's file."), rule="desk_only")
    if not user.has_perm(PERM_CHANGE_SOURCE):
        return NotAllowed(_("Your role does not allow changing sources or their files."), rule="role", field="file")
    if source.file:
        frozen = (
            Claim.objects.filter(Q(evidence__source=source) | Q(reported_by=source))
            .exclude(state__in=EDITABLE_STATES)
            .order_by("pk")
            .first()
        )
        if frozen is not None:
            return WorkflowError(
                _(
                    "Claim #%(claim)s rests on this file and can no longer be edited, so the file stays as "
                    "it is. Record the new file as a new source instead."
                )
                % {"claim": frozen.pk},
                rule="frozen",
                field="file",
            )
    return None


def _delete_stored_after_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attach_source_file(*, source: Source, user: User, upload: UploadedFile) -> Source:
    """Store `upload` as `source`'s file (checked by `claims.files`), replacing any earlier one.

    Every check runs before anything is written: a refused file leaves the source and the
    storage as they were.
    """
    source = Source.objects.select_for_update().get(pk=source.pk)
    refusal = source_file_refusal(user, source)
    if refusal is not None:
        raise refusal
    try:
        checked = files.check_upload(upload)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field="file", rule=error.code or "file") from error
    previous = source.file.name
    source.file = checked.as_file()
    source.save(update_fields=["file"])
    _delete_stored_after_commit(source.file.storage, previous)
    return source


@transaction.atomic
def remove_source_file(*, source: Source, user: User) -> Source:
    """Detach `source`'s file and delete the stored copy once the change is committed."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    refusal = source_file_refusal(user, source)
    if refusal is not None:
        raise refusal
    previous = source.file.name
    if previous:
        storage = source.file.storage
        source.file = ""
        source.save(update_fields=["file"])
        _delete_stored_after_commit(storage, previous)
    return source
