"""Speakers complete: roles and identifiers written from the desk, and merging two records of one person.

Why one module: the desk's speaker page, the new-speaker part of the claim form, the
admin and the `merge_speakers` command all write speakers through these functions, so
the checks (a role's period in order, a Wikidata id that is one, aliases that stay
unique, who may merge) live here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from factcheck.errors import NotAllowed

from .models import Speaker, SpeakerAlias, SpeakerIdentifier, SpeakerRole

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

ROLE_FIELDS = ("title", "organisation", "start_date", "start_precision", "end_date", "end_precision")
IDENTIFIER_FIELDS = ("scheme", "value")


def _require(user: User, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise NotAllowed(message, rule="role")


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
) -> Speaker:
    """A speaker added while writing a claim, with the other names they go by, roles and identifiers."""
    _require(user, "claims.add_speaker", _("Your role does not allow adding speakers."))
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
    return speaker


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
    for model, rows, names, perm in (
        (SpeakerRole, roles, ROLE_FIELDS, "speakerrole"),
        (SpeakerIdentifier, identifiers, IDENTIFIER_FIELDS, "speakeridentifier"),
    ):
        for row in rows:
            pk = row.get("id")
            if pk:
                item = model.objects.get(speaker=speaker, pk=pk)
                if row.get("delete"):
                    _require(user, f"claims.delete_{perm}", _("Your role does not allow removing this."))
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
    return speaker
