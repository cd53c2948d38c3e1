"""Writes to claims and their evidence: validated, atomic, audited, version-checked."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.access import can_view_claim, edit_refusal
from claims.permissions import PERM_EVIDENCE
from factcheck.errors import Conflict, InvalidInput, NotAllowed, WorkflowError, check_version, conflict_message

from . import audit, files
from .states import EDITABLE_STATES

from .models import Claim, Evidence, Source, Speaker, SpeakerAlias
from .search import reindex_claim

# Fields an editor may change through `update_claim`; workflow fields are not here.
EDITABLE_FIELDS = (
    "speaker",
    "speaker_description",
    "statement",
    "language",
    "translation",
    "translation_language",
    "form",
    "kind",
    "said_on",
    "said_on_precision",
    "first_reported_on",
    "event",
    "reporting",
    "reported_by",
    "reporting_note",
)


def _audit(claim, user, action, note="", snapshot=None, now=None):
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


def _jsonable(value):
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def create_claim(*, user, tags=(), evidence=(), **fields):
    """A new draft claim with its evidence; `evidence` is a list of dicts for `Evidence`."""
    if not (user.has_perm("claims.add_claim")):
        raise NotAllowed(_("Your role does not allow creating claims."))
    now = timezone.now()
    claim = Claim(created_by=user, created_at=now, updated_at=now, **fields)
    claim.full_clean()
    claim.save()
    claim.tags.set(tags)
    for item in evidence:
        _add_evidence(claim, user, **item)
    _audit(claim, user, "create", now=now, snapshot={"statement": claim.statement})
    return claim


@transaction.atomic
def update_claim(*, claim, user, expected_version, tags=None, **changes):
    """Save an editor's changes unless someone else saved first (then raise Conflict)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    refusal = edit_refusal(user, locked)
    if refusal:
        raise refusal
    check_version(locked.version, expected_version)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise NotAllowed(_("These fields cannot be edited here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})

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
    _audit(locked, user, "edit", now=now, snapshot={"changed": changed})
    reindex_claim(locked.pk)  # the queryset update above bypasses the search signals
    claim.refresh_from_db()
    return claim


def _add_evidence(claim, user, **fields):
    item = Evidence(claim=claim, added_by=user, **fields)
    item.full_clean()
    item.save()
    return item


def _check_evidence_editable(claim, user):
    refusal = edit_refusal(user, claim, PERM_EVIDENCE)
    if refusal:
        raise refusal


@transaction.atomic
def add_evidence(*, claim, user, expected_version, **fields):
    """Link a source to a claim (editors while drafting, reviewers while researching)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    _check_evidence_editable(locked, user)
    check_version(locked.version, expected_version)
    item = _add_evidence(locked, user, **fields)
    Claim.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    _audit(
        locked,
        user,
        "add_evidence",
        snapshot={"evidence": item.pk, "relation": item.relation, "source": item.source_id, "excerpt": item.excerpt},
    )
    claim.refresh_from_db()
    return item


@transaction.atomic
def remove_evidence(*, evidence, user, expected_version):
    locked = Claim.objects.select_for_update().get(pk=evidence.claim_id)
    _check_evidence_editable(locked, user)
    check_version(locked.version, expected_version)
    if evidence.verdicts.exists():
        raise Conflict(_("A verdict rests on this evidence, so it stays in the record."))
    snapshot = {"evidence": evidence.pk, "relation": evidence.relation, "source": evidence.source_id, "excerpt": evidence.excerpt}
    evidence.delete()
    Claim.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    _audit(locked, user, "remove_evidence", snapshot=snapshot)


@transaction.atomic
def create_speaker(*, user, name, kind=Speaker.Kind.PERSON, aliases=()):
    """A speaker added while writing a claim, with the other names they go by."""
    if not user.has_perm("claims.add_speaker"):
        raise NotAllowed(_("Your role does not allow adding speakers."))
    speaker = Speaker(name=name.strip(), kind=kind)
    speaker.full_clean()
    speaker.save()
    for alias in aliases:
        item = SpeakerAlias(speaker=speaker, name=alias.strip())
        item.full_clean()
        item.save()
    return speaker


def create_source(*, user, **fields):
    if not user.has_perm("claims.add_source"):
        raise NotAllowed(_("Your role does not allow adding sources."))
    source = Source(**fields)
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def update_evidence(*, evidence, user, expected_version, **changes):
    """Change an evidence link's source, relation, excerpt or locator (not once a verdict rests on it)."""
    locked = Claim.objects.select_for_update().get(pk=evidence.claim_id)
    _check_evidence_editable(locked, user)
    check_version(locked.version, expected_version)
    unknown = set(changes) - {"source", "relation", "excerpt", "locator"}
    if unknown:
        raise NotAllowed(_("These fields cannot be edited here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = {"relation": evidence.relation, "source": evidence.source_id, "excerpt": evidence.excerpt, "locator": evidence.locator}
    for name, value in changes.items():
        setattr(evidence, name, value)
    after = {"relation": evidence.relation, "source": evidence.source_id, "excerpt": evidence.excerpt, "locator": evidence.locator}
    if before == after:
        return evidence
    if evidence.verdicts.exists():
        raise Conflict(_("A verdict rests on this evidence, so it stays in the record as it is."))
    evidence.full_clean()
    evidence.save()
    Claim.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    _audit(locked, user, "edit_evidence", snapshot={"evidence": evidence.pk, "before": before, "after": after})
    return evidence


def _current_version(claim) -> int:
    return Claim.objects.values_list("version", flat=True).get(pk=claim.pk)


@transaction.atomic
def save_claim_with_evidence(
    *, user, claim=None, expected_version=None, fields=None, tags=None, new_speaker=None, evidence=()
):
    """The desk's claim form in one transaction: the claim, a new speaker, new sources, evidence changes.

    `fields=None` edits only the evidence (a reviewer researching a claim).
    `evidence` rows: {"id"?, "delete"?, "source" | "new_source": {...}, "relation", "excerpt", "locator"}.
    A missing or stale `expected_version` (when editing) raises Conflict before anything is written.
    """
    fields = dict(fields) if fields is not None else None
    if new_speaker and fields is not None:
        fields["speaker"] = create_speaker(user=user, **new_speaker)
    rows = []
    for row in evidence:
        row = dict(row)
        if row.get("new_source"):
            row["source"] = create_source(user=user, **row.pop("new_source"))
        rows.append(row)

    if claim is None:
        added = [{k: row[k] for k in ("source", "relation", "excerpt", "locator")} for row in rows if not row.get("id")]
        return create_claim(user=user, tags=tags or (), evidence=added, **fields)

    if fields is not None:
        claim = update_claim(claim=claim, user=user, expected_version=expected_version, tags=tags, **fields)
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
                changes = {k: row[k] for k in ("source", "relation", "excerpt", "locator")}
                update_evidence(evidence=item, user=user, expected_version=expected_version, **changes)
        else:
            add_evidence(
                claim=claim,
                user=user,
                expected_version=expected_version,
                **{k: row[k] for k in ("source", "relation", "excerpt", "locator")},
            )
        expected_version = _current_version(claim)
    claim.refresh_from_db()
    return claim


# --- files attached to sources ---------------------------------------------------------------

PERM_CHANGE_SOURCE = "claims.change_source"


def source_file_refusal(user, source: Source) -> WorkflowError | None:
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


def _delete_stored_after_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attach_source_file(*, source: Source, user, upload) -> Source:
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
def remove_source_file(*, source: Source, user) -> Source:
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
