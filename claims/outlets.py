"""Outlets (agencies, papers, broadcasters, blogs, official channels): found, created and edited here only.

Names and aliases are stored exactly as typed, in any script, and compared folded
(`claims.models.fold`, the same folding the claim search uses), so РИА Новости, риа новости
and ＲＩＡ are one name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from factcheck.errors import Conflict, NotAllowed, parse_version

from .models import Outlet, OutletAlias, fold
from .protection import shared_record_refusal

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

OUTLET_FIELDS: tuple[str, ...] = ("name", "kind", "country", "languages", "homepage", "wikidata_id", "notes")


def outlets_matching(text: str | None) -> QuerySet[Outlet]:
    """Outlets whose name or any alias contains `text`, in any script (РИА, RIA Novosti, ria)."""
    folded = fold(text)
    if not folded:
        return Outlet.objects.none()
    alias_hit = OutletAlias.objects.filter(outlet=OuterRef("pk"), folded__contains=folded)
    return Outlet.objects.filter(Q(folded__contains=folded) | Exists(alias_hit))


def resolve_outlet(text: str | None) -> Outlet | None:
    """The one outlet whose name or alias is exactly `text` (folded), else None."""
    folded = fold(text)
    if not folded:
        return None
    return Outlet.objects.filter(Q(folded=folded) | Q(aliases__folded=folded)).distinct().first()


def _names(aliases: Iterable[str], name: str) -> list[str]:
    seen = {fold(name)}
    names = []
    for alias in aliases:
        alias = (alias or "").strip()
        if alias and fold(alias) not in seen:
            seen.add(fold(alias))
            names.append(alias)
    return names


def can_edit(user: User, outlet: Outlet | None = None) -> bool:
    """Who may add an outlet (`outlet` None) or edit this one: the desk's pages show buttons by this rule."""
    return user.has_perm("claims.change_outlet" if outlet is not None else "claims.add_outlet")


def require_edit(user: User, outlet: Outlet | None = None) -> None:
    if not can_edit(user, outlet):
        raise NotAllowed(_("Your role does not allow adding or editing outlets; ask an editor."))


@transaction.atomic
def create_outlet(*, user: User, name: str, aliases: Iterable[str] = (), **fields: Any) -> Outlet:
    """A new outlet with its other names; refused (ValidationError on the field) if a name is taken."""
    require_edit(user)
    outlet = Outlet(name=(name or "").strip(), **{k: v for k, v in fields.items() if k in OUTLET_FIELDS and v is not None})
    outlet.full_clean()
    outlet.save()
    _save_aliases(outlet, _names(aliases, outlet.name))
    return outlet


def _save_aliases(outlet: Outlet, names: list[str]) -> None:
    errors = []
    for alias_name in names:
        alias = OutletAlias(outlet=outlet, name=alias_name)
        try:
            alias.full_clean()
        except ValidationError as error:
            errors.extend(error.message_dict.get("name", error.messages))
            continue
        alias.save()
    if errors:
        raise ValidationError({"aliases": errors})


def outlet_conflict_message() -> str:
    return _("This outlet changed since you opened it. Reload it to see the changes, then try again.")


def check_outlet_version(current: int, expected_version: Any) -> None:
    """Refuse (409) unless the edit was made on version `current`: the claims' rule (`factcheck.errors.parse_version`)."""
    try:
        version = parse_version(expected_version)
    except Conflict:
        raise Conflict(
            _("This form did not say which version of the outlet you edited, so nothing was saved. Reload the page, then try again."),
            rule="missing_version",
            field="version",
        ) from None
    if version != current:
        raise Conflict(outlet_conflict_message())


@transaction.atomic
def update_outlet(
    *, outlet: Outlet, user: User, expected_version: Any = None, aliases: Iterable[str] | None = None, **changes: Any
) -> Outlet:
    """Change an outlet and, when given, replace its aliases; claims that reached the desk through it are re-indexed.

    `expected_version` is the version the editor loaded: a missing or stale one raises Conflict and
    nothing is written (someone else's save is never overwritten by a form opened before it).
    """
    require_edit(user, outlet)
    outlet = Outlet.objects.select_for_update().get(pk=outlet.pk)
    check_outlet_version(outlet.version, expected_version)
    # A conditional UPDATE first: it holds on SQLite too, where the row lock above does not exist.
    if not Outlet.objects.filter(pk=outlet.pk, version=outlet.version).update(version=F("version") + 1):
        raise Conflict(outlet_conflict_message())
    outlet.version += 1
    changed = []
    for name, value in changes.items():
        if name in OUTLET_FIELDS:
            value = value.strip() if name == "name" else value
            if getattr(outlet, name) != value:
                changed.append(name)
            setattr(outlet, name, value)
    refusal = shared_record_refusal(outlet, changed)  # what a published page shows changes only through a revision
    if refusal is not None:
        raise refusal
    outlet.full_clean()
    outlet.save()
    if aliases is not None:
        wanted = _names(aliases, outlet.name)
        keep = {fold(n) for n in wanted}
        outlet.aliases.exclude(folded__in=keep).delete()
        have = set(outlet.aliases.values_list("folded", flat=True))
        _save_aliases(outlet, [n for n in wanted if fold(n) not in have])
    return outlet  # the search signals re-index the claims that carry its names


def find_or_create_outlet(*, user: User, name: str, kind: str = Outlet.Kind.OTHER, cache: dict | None = None) -> Outlet:
    """An outlet named in a claim form: the existing one when the name (or an alias) matches, else a new one.

    `cache` (a dict) makes two rows naming the same new outlet in one form create it once.
    """
    key = fold(name)
    if cache is not None and key in cache:
        return cache[key]
    outlet = resolve_outlet(name) or create_outlet(user=user, name=name, kind=kind or Outlet.Kind.OTHER)
    if cache is not None:
        cache[key] = outlet
    return outlet


def outlet_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: data.get(name) for name in OUTLET_FIELDS if name in data}
