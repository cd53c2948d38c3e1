"""Speakers complete: roles and identifiers written from the desk, and merging two records of one person.

Why one module: the desk's speaker page, the new-speaker part of the claim form, the
admin and the `merge_speakers` command all write speakers through these functions, so
the checks (a role's period in order, a Wikidata id that is one, aliases that stay
unique, who may merge) live here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.errors import Conflict, InvalidInput, NotAllowed, WorkflowError

from . import audit

from .models import Claim, Speaker, SpeakerAlias, SpeakerIdentifier, SpeakerRedirect, SpeakerRole, fold
from .permissions import PERM_MERGE_SPEAKER
from .search import reindex_speaker

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

ROLE_FIELDS = ("title", "organisation", "start_date", "start_precision", "end_date", "end_precision")
IDENTIFIER_FIELDS = ("scheme", "value")


def _require(user: User, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise NotAllowed(message, rule="role")


def log_speaker_change(user: User, speaker: Speaker, message: str, *, flag: int = CHANGE) -> None:
    """The speaker's own history (the admin's history page shows it): claims.audit rows belong to claims."""
    LogEntry.objects.create(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(Speaker),
        object_id=str(speaker.pk),
        object_repr=str(speaker)[:200],
        action_flag=flag,
        change_message=message,
    )


def _full_clean(item) -> None:
    """Validate a row, its own checks first (they normalise dates and ids), then uniqueness."""
    item.full_clean(exclude=["speaker"])


@transaction.atomic
def create_speaker(
    *,
    user: User,
    name: str,
    kind: str = Speaker.Kind.PERSON,
    aliases: Iterable[str] = (),
    roles: Iterable[Mapping[str, Any]] = (),
    identifiers: Iterable[Mapping[str, Any]] = (),
    permission: str = "claims.add_speaker",
) -> Speaker:
    """A speaker added while writing a claim, with the other names they go by, roles and identifiers
    (`permission`: what lets `user` add it; article intake: PERM_TAKE_IN)."""
    _require(user, permission, _("Your role does not allow adding speakers."))
    speaker = Speaker(name=name.strip(), kind=kind)
    speaker.full_clean()
    speaker.save()
    for alias in aliases:
        item = SpeakerAlias(speaker=speaker, name=alias.strip())
        item.full_clean()
        item.save()
    for values in roles:
        add_role(speaker=speaker, user=user, **values)
    for values in identifiers:
        add_identifier(speaker=speaker, user=user, **values)
    log_speaker_change(user, speaker, "Added from the claim form.", flag=ADDITION)
    return speaker


def checked_role(values: Mapping[str, Any]) -> dict[str, Any]:
    """A role row checked by the rules `add_role` applies (end not before start, precisions), normalised;
    raises ValidationError keyed by field. For callers that must refuse a row before anything is written (the API)."""
    role = SpeakerRole(**{k: v for k, v in values.items() if k in ROLE_FIELDS})
    _full_clean(role)
    return {name: getattr(role, name) for name in ROLE_FIELDS}


def checked_identifier(values: Mapping[str, Any]) -> dict[str, Any]:
    """An identifier row checked (and normalised: q42 → Q42) by the rules `add_identifier` applies."""
    item = SpeakerIdentifier(**{k: v for k, v in values.items() if k in IDENTIFIER_FIELDS})
    _full_clean(item)
    return {name: getattr(item, name) for name in IDENTIFIER_FIELDS}


def add_role(*, speaker: Speaker, user: User, **values: Any) -> SpeakerRole:
    """A title the speaker held for a period; a period that ends before it starts is refused."""
    _require(user, "claims.add_speakerrole", _("Your role does not allow adding speakers' roles."))
    role = SpeakerRole(speaker=speaker, **{k: v for k, v in values.items() if k in ROLE_FIELDS})
    _full_clean(role)
    role.save()
    return role


def add_identifier(*, speaker: Speaker, user: User, scheme: str, value: str) -> SpeakerIdentifier:
    """A Wikidata id, Wikipedia article or official site (normalised: q42 → Q42)."""
    _require(user, "claims.add_speakeridentifier", _("Your role does not allow adding identifiers."))
    item = SpeakerIdentifier(speaker=speaker, scheme=scheme, value=value)
    _full_clean(item)
    item.save()
    return item


@transaction.atomic
def save_speaker_details(*, speaker: Speaker, user: User, roles: Iterable[Mapping[str, Any]] = (), identifiers: Iterable[Mapping[str, Any]] = ()) -> Speaker:
    """The desk speaker page's roles and identifiers in one transaction.

    Rows: {"id"?: pk, "delete"?: bool, **fields}. Every row is validated before the next is
    written; any refusal rolls the whole save back.
    """
    _require(user, "claims.change_speaker", _("Your role does not allow changing speakers."))
    summary = []
    for model, rows, names, perm in (
        (SpeakerRole, roles, ROLE_FIELDS, "speakerrole"),
        (SpeakerIdentifier, identifiers, IDENTIFIER_FIELDS, "speakeridentifier"),
    ):
        for row in rows:
            pk = row.get("id")
            if pk:
                item = model.objects.filter(speaker=speaker, pk=pk).first()
                if item is None:
                    raise InvalidInput(
                        _("%(speaker)s has no %(what)s with id %(id)s; reload the speaker and use the ids it lists.")
                        % {"speaker": speaker.name, "what": model._meta.verbose_name, "id": pk},
                        field="roles" if model is SpeakerRole else "identifiers",
                    )
                if row.get("delete"):
                    _require(user, f"claims.delete_{perm}", _("Your role does not allow removing this."))
                    summary.append(f"removed {model._meta.model_name} {item}")
                    item.delete()
                    continue
                _require(user, f"claims.change_{perm}", _("Your role does not allow changing this."))
                for name in names:
                    if name in row:
                        setattr(item, name, row[name])
            elif row.get("delete"):
                continue
            else:
                _require(user, f"claims.add_{perm}", _("Your role does not allow adding this."))
                item = model(speaker=speaker, **{name: row.get(name) for name in names if name in row})
            _full_clean(item)
            item.save()
            summary.append(f"{'changed' if pk else 'added'} {model._meta.model_name} {item}")
    if summary:
        log_speaker_change(user, speaker, "; ".join(summary))
    return speaker


# --- merging two records of one person ----------------------------------------------------------


@dataclass
class MergePlan:
    """What merging `drop` into `keep` moves, for the confirmation page; `refusal` says why it may not happen."""

    keep: Speaker
    drop: Speaker
    aliases: list[str] = field(default_factory=list)
    new_alias: str = ""  # the dropped record's name, kept as an alias of the kept speaker
    roles: list[SpeakerRole] = field(default_factory=list)
    duplicate_roles: list[SpeakerRole] = field(default_factory=list)  # already on the kept speaker: dropped
    identifiers: list[SpeakerIdentifier] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    claim_count: int = 0
    other: list[tuple[str, int]] = field(default_factory=list)  # (what, how many): members, role organisations…
    refusal: WorkflowError | None = None


def merge_refusal(user: User | None, keep: Speaker, drop: Speaker) -> WorkflowError | None:
    """Why `drop` may not be merged into `keep` (by `user`, when given), or None."""
    if user is not None and not user.has_perm(PERM_MERGE_SPEAKER):
        return NotAllowed(
            _("Only a chief editor or an admin may merge speakers. Ask one, naming both records."), rule="role"
        )
    if keep.pk == drop.pk:
        return InvalidInput(
            _("A speaker cannot be merged into itself. Choose the other record of the same person."),
            field="duplicate",
            rule="merge_into_itself",
        )
    if keep.kind != drop.kind:
        return InvalidInput(
            _("%(drop)s is a %(drop_kind)s and %(keep)s a %(keep_kind)s: one record cannot be both. Fix the kind first.")
            % {"drop": drop, "drop_kind": drop.get_kind_display().lower(), "keep": keep, "keep_kind": keep.get_kind_display().lower()},
            field="duplicate",
            rule="merge_kinds_differ",
        )
    ids = {}
    for item in SpeakerIdentifier.objects.filter(speaker__in=[keep, drop], scheme=SpeakerIdentifier.Scheme.WIKIDATA):
        ids.setdefault(item.speaker_id, item.value)
    if len(set(ids.values())) == 2:
        return Conflict(
            _(
                "Wikidata says these are two people (%(keep)s is %(keep_id)s, %(drop)s is %(drop_id)s). "
                "If one id is wrong, correct it on the speaker's page first."
            )
            % {"keep": keep, "keep_id": ids[keep.pk], "drop": drop, "drop_id": ids[drop.pk]},
            field="duplicate",
            rule="merge_wikidata_differs",
        )
    clashes = _alias_clashes(keep, drop)
    if clashes:
        return Conflict(
            _("Merging would give two speakers the same alias: %(clashes)s. Remove or rename that alias first.")
            % {"clashes": "; ".join(_("“%(alias)s” is already an alias of %(other)s") % c for c in clashes)},
            field="duplicate",
            rule="merge_alias_clash",
        )
    return None


def _alias_clashes(keep: Speaker, drop: Speaker) -> list[dict[str, Any]]:
    """The names the kept speaker would gain that already name a third speaker."""
    clashes = []
    folded = fold(drop.name)
    if folded != fold(keep.name):
        owner = SpeakerAlias.objects.filter(folded=folded).exclude(speaker__in=[keep, drop]).select_related("speaker").first()
        if owner:
            clashes.append({"alias": drop.name, "other": owner.speaker})
    return clashes


def _role_key(role: SpeakerRole) -> tuple:
    return (fold(role.title), role.organisation_id, role.start_date, role.end_date)


def merge_plan(keep: Speaker, drop: Speaker, user: User | None = None) -> MergePlan:
    """Everything a merge of `drop` into `keep` would move, read without writing."""
    plan = MergePlan(keep=keep, drop=drop, refusal=merge_refusal(user, keep, drop))
    keep_folded = {fold(keep.name), *SpeakerAlias.objects.filter(speaker=keep).values_list("folded", flat=True)}
    plan.aliases = list(SpeakerAlias.objects.filter(speaker=drop).order_by("name").values_list("name", flat=True))
    if fold(drop.name) not in keep_folded and fold(drop.name) not in {fold(a) for a in plan.aliases}:
        plan.new_alias = drop.name
    kept_roles = {_role_key(r) for r in keep.roles.all()}
    for role in drop.roles.select_related("organisation"):
        (plan.duplicate_roles if _role_key(role) in kept_roles else plan.roles).append(role)
    plan.identifiers = list(drop.identifiers.all())
    claims = Claim.objects.filter(speaker=drop).order_by("-said_on", "-id")
    plan.claim_count = claims.count()
    plan.claims = list(claims[:20])
    for relation, count in _other_references(drop):
        plan.other.append((str(relation.related_model._meta.verbose_name_plural), count))
    return plan


# Relations to Speaker handled by name above (moved with their own rules) or owned by the redirect.
_HANDLED = {("claims", "speakeralias"), ("claims", "speakerrole", "speaker"), ("claims", "speakeridentifier"), ("claims", "claim", "speaker"), ("claims", "speakerredirect")}


def _foreign_keys_to_speaker():
    """Every (relation) pointing at Speaker, so a record added later (an outlet hop) moves too."""
    reverse = [f for f in Speaker._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete and f.is_relation]
    for relation in reverse:
        model = relation.related_model
        key = (model._meta.app_label, model._meta.model_name)
        if key in _HANDLED or (*key, relation.field.name) in _HANDLED:
            continue
        yield relation


def _other_references(drop: Speaker):
    for relation in _foreign_keys_to_speaker():
        if relation.many_to_many:
            count = relation.through.objects.filter(**{relation.field.m2m_reverse_field_name(): drop.pk}).count()
        else:
            count = relation.related_model._base_manager.filter(**{relation.field.name: drop}).count()
        if count:
            yield relation, count


@transaction.atomic
def merge_speakers(*, keep: Speaker, drop: Speaker, user: User, note: str = "") -> MergePlan:
    """Move everything of `drop` to `keep`, delete `drop` and leave a redirect; audited on every moved claim.

    Aliases, roles (but exact duplicates), identifiers, claims and every other reference
    (members, role organisations, anything added later) move; the dropped name becomes an
    alias. Refused as a whole (nothing written) into itself, across kinds, between two
    Wikidata ids, or when an alias would name two speakers.
    """
    if len(note) > 500:
        raise InvalidInput(_("Keep the note under 500 characters."), field="note", rule="note_too_long")
    keep, drop = (Speaker.objects.select_for_update().get(pk=s.pk) for s in (keep, drop))
    plan = merge_plan(keep, drop, user)
    if plan.refusal is not None:
        raise plan.refusal
    now = timezone.now()
    # Claims: each one's speaker changes, so each gets a version bump and an audit row.
    claim_ids = list(Claim.objects.select_for_update().filter(speaker=drop).order_by("pk").values_list("pk", flat=True))
    Claim.objects.filter(pk__in=claim_ids).update(speaker=keep, version=F("version") + 1, updated_at=now)
    for claim in Claim.objects.filter(pk__in=claim_ids).order_by("pk"):
        audit.record(
            claim=claim,
            actor=user,
            created_at=now,
            action="merge_speaker",
            from_state=claim.state,
            to_state=claim.state,
            note=note,
            snapshot={"from_speaker": drop.pk, "from_name": drop.name, "to_speaker": keep.pk, "to_name": keep.name},
        )
    for role in plan.duplicate_roles:
        role.delete()
    SpeakerRole.objects.filter(speaker=drop).update(speaker=keep)
    SpeakerIdentifier.objects.filter(speaker=drop).update(speaker=keep)
    SpeakerAlias.objects.filter(speaker=drop).update(speaker=keep)
    for relation in _foreign_keys_to_speaker():
        if relation.many_to_many:
            through = relation.through
            column = relation.field.m2m_reverse_field_name()
            for row in through.objects.filter(**{column: drop.pk}):
                if through.objects.filter(**{column: keep.pk, relation.field.m2m_field_name(): getattr(row, relation.field.m2m_field_name() + "_id")}).exists():
                    row.delete()
                else:
                    through.objects.filter(pk=row.pk).update(**{column: keep.pk})
        else:
            relation.related_model._base_manager.filter(**{relation.field.name: drop}).update(**{relation.field.name: keep})
    keep.refresh_from_db(fields=["affiliation", "description"])
    if keep.affiliation_id == keep.pk:  # it was a member of the dropped organisation
        keep.affiliation = None
    if keep.affiliation_id is None and drop.affiliation_id not in (None, keep.pk, drop.pk):
        keep.affiliation_id = drop.affiliation_id
    keep.description = keep.description or drop.description
    keep.save(update_fields=["affiliation", "description"])
    SpeakerRedirect.objects.filter(speaker=drop).update(speaker=keep)
    drop_pk, drop_name = drop.pk, drop.name
    drop.delete()
    if plan.new_alias:
        alias = SpeakerAlias(speaker=keep, name=plan.new_alias)
        alias.full_clean()
        alias.save()
    SpeakerRedirect.objects.create(merged_id=drop_pk, speaker=keep, name=drop_name, merged_at=now, merged_by=user)
    reindex_speaker(keep.pk)
    summary = (
        f"Merged speaker #{drop_pk} “{drop_name}” into this one: {plan.claim_count} claim(s), "
        f"{len(plan.aliases) + bool(plan.new_alias)} alias(es), {len(plan.roles)} role(s), {len(plan.identifiers)} identifier(s)."
    )
    log_speaker_change(user, keep, summary + (f" Note: {note}" if note else ""))
    LogEntry.objects.create(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(Speaker),
        object_id=str(drop_pk),
        object_repr=drop_name[:200],
        action_flag=DELETION,
        change_message=f"Merged into speaker #{keep.pk} “{keep.name}”.",
    )
    return plan


def resolve_merged(pk: int) -> Speaker | None:
    """The kept speaker a merged record's number now leads to, or None."""
    redirect = SpeakerRedirect.objects.select_related("speaker").filter(merged_id=pk).first()
    return redirect.speaker if redirect else None


# --- what a published fact-check shows of its speaker -----------------------------------------------

# The speaker as a published version shows it is frozen with that version (`reviews.Verdict.speaker_shown`,
# written when the verdict is approved and when a revision is published): renaming a speaker, changing its
# kind, roles or identifiers changes the speaker's own page at once, but a fact-check only through a revision
# approved by another person (four-eyes), like a source or an outlet it rests on (`claims.protection`).


@dataclass(frozen=True)
class ShownSpeaker:
    """Who said it, as a fact-check page, its ClaimReview, the API and the feeds show it."""

    name: str
    kind: str = ""  # Speaker.Kind, or "" for a speaker the desk could not identify (described only)
    role: str = ""  # the role at the time (`claims.selectors.role_title_on`)
    same_as: tuple[str, ...] = ()

    @property
    def schema_type(self) -> str | None:
        """schema.org's type of the claim's author; None for an unidentified speaker."""
        if not self.kind:
            return None
        return "Person" if self.kind == Speaker.Kind.PERSON else "Organization"

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "role": self.role, "same_as": list(self.same_as)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ShownSpeaker:
        return cls(
            name=str(data.get("name") or ""),
            kind=str(data.get("kind") or ""),
            role=str(data.get("role") or ""),
            same_as=tuple(str(link) for link in data.get("same_as") or ()),
        )


def speaker_now(claim: Claim) -> ShownSpeaker:
    """The speaker as the records read now (what the next approved version will show)."""
    if not claim.speaker_id:
        return ShownSpeaker(name=claim.speaker_description or "")
    return speaker_reading(claim.speaker, claim.said_on)


def speaker_reading(speaker: Speaker, said_on) -> ShownSpeaker:
    """`speaker` as its record reads now, for a claim said on `said_on` (the role at the time)."""
    from .selectors import role_title_on

    return ShownSpeaker(
        name=speaker.name,
        kind=speaker.kind,
        role=role_title_on(speaker, said_on),
        # Identifier.url is None for anything not http(s): sameAs only ever carries web links.
        same_as=tuple(i.url for i in speaker.identifiers.all() if i.url),
    )


def speaker_as_published(claim: Claim) -> ShownSpeaker:
    """The speaker as the version in force shows it: frozen with its verdict, so an unreviewed edit of the
    shared speaker record does not reach the published page. A verdict that kept none (approved before the
    rule) reads the records."""
    verdict = claim.current_verdict if claim.current_verdict_id else None
    kept = getattr(verdict, "speaker_shown", None)
    return ShownSpeaker.from_json(kept) if kept else speaker_now(claim)


def speaker_name_as_published(claim: Claim) -> str:
    """Only the name of `speaker_as_published` (list rows: no read of roles or identifiers)."""
    verdict = claim.current_verdict if claim.current_verdict_id else None
    kept = getattr(verdict, "speaker_shown", None)
    if kept:
        return str(kept.get("name") or "")
    return claim.speaker.name if claim.speaker_id else (claim.speaker_description or "")


@dataclass
class OutdatedFactCheck:
    """A published fact-check that still shows the speaker as it was (the desk's speaker and claim pages)."""

    claim: Claim
    shown: ShownSpeaker
    now: ShownSpeaker

    @property
    def changed(self) -> list[str]:
        """What differs, in the words of the desk: name, kind, role, links."""
        labels = {"name": _("name"), "kind": _("kind"), "role": _("role at the time"), "same_as": _("links (sameAs)")}
        return [str(label) for key, label in labels.items() if getattr(self.shown, key) != getattr(self.now, key)]


def outdated_fact_checks(speaker: Speaker, limit: int = 200) -> tuple[list[OutdatedFactCheck], int]:
    """(up to `limit` public fact-checks of `speaker` whose published version shows it otherwise than its record
    now reads, how many there are): each changes only through a revision (a retracted one is not revised, and
    keeps the speaker it was retracted with).

    The record as it reads now is worked out once per date said (only the role varies with it), and the
    database compares: a speaker may have thousands of fact-checks, and the desk's speaker page asks on every view.
    """
    from .states import STANDING_STATES

    speaker = Speaker.objects.prefetch_related("roles", "identifiers").get(pk=speaker.pk)
    public = Claim.objects.filter(speaker=speaker, state__in=STANDING_STATES, current_verdict__isnull=False).exclude(
        current_verdict__speaker_shown={}  # approved before the rule and never filled: it shows the record as it is
    )
    # Dates said in order, cut into runs that read alike (a role holds for a period): one range per run.
    days = sorted(public.order_by().values_list("said_on", flat=True).distinct(), key=lambda d: (d is not None, d))
    runs: list[tuple[dict, object, object]] = []
    for day in days:
        now = speaker_reading(speaker, day).as_json()
        if runs and runs[-1][0] == now and day is not None and runs[-1][1] is not None:
            runs[-1] = (now, runs[-1][1], day)
        else:
            runs.append((now, day, day))
    kept = "current_verdict__speaker_shown__"
    differs = Q(pk__in=[])
    for now, first, last in runs:
        on_days = Q(said_on__isnull=True) if first is None else Q(said_on__range=(first, last))
        differs |= on_days & ~Q(
            **{f"{kept}name": now["name"], f"{kept}kind": now["kind"], f"{kept}role": now["role"], f"{kept}same_as": now["same_as"]}
        )
    outdated = public.filter(differs)
    claims = list(outdated.select_related("current_verdict").order_by("-published_at", "-pk")[:limit]) if limit else []
    found = [OutdatedFactCheck(claim, speaker_as_published(claim), speaker_now(_with(claim, speaker))) for claim in claims]
    return found, (outdated.count() if len(claims) == limit or not limit else len(claims))


def _with(claim: Claim, speaker: Speaker) -> Claim:
    claim.speaker = speaker  # its roles and identifiers, read once
    return claim
