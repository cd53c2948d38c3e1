"""A claim's reporting chain: who reported it to whom, as ordered hops, checked and written here only.

speaker → first report (a briefing, a post, an agency wire) → relays → the source the desk read.
The desk form, the API, the seed and the data migration all write through `save_chain`,
so the rules below (no loops, no hop dated after the desk's source, each hop names an
outlet or a source) hold everywhere. `Claim.reporting` (first/second/third hand) is
computed from the chain by `reporting_for`, never typed; `Claim.first_reported_on` is the
earliest hop date when a hop has one (`first_reported_on`), the typed date only otherwise.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from factcheck.errors import InvalidInput

from .search import reindex_claim
from .models import Claim, DatePrecision, Outlet, ReportingHop, Source, fold, format_partial_date

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

# What a hop row carries (the form, the API and the seed give these keys).
HOP_FIELDS: tuple[str, ...] = ("outlet", "source", "by_speaker", "date", "date_precision", "wording", "note")
ARROW = " → "


@dataclass(frozen=True)
class ChainError:
    """A refused hop: which row (0-based), which field, and why (with what to do instead)."""

    row: int
    field: str | None
    message: str


def hop_outlet(hop: Mapping[str, Any]) -> Outlet | None:
    """The outlet a hop row names, or its source's outlet."""
    return _outlet_of(hop)


def _outlet_of(hop: Mapping[str, Any]) -> Outlet | None:
    source = hop.get("source")
    return hop.get("outlet") or (source.outlet if source is not None and source.outlet_id else None)


def _comparable(day: datetime.date | None, precision: str | None) -> tuple[int, ...] | None:
    """A date cut to what is known of it, so 2022-12 is never 'after' 2022-12-05."""
    if day is None or precision in (None, "", DatePrecision.UNKNOWN):
        return None
    if precision == DatePrecision.YEAR:
        return (day.year,)
    if precision == DatePrecision.MONTH:
        return (day.year, day.month)
    return (day.year, day.month, day.day)


def _later(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> bool:
    if a is None or b is None:
        return False
    n = min(len(a), len(b))
    return a[:n] > b[:n]


def check_chain(
    hops: Sequence[Mapping[str, Any]],
    *,
    desk_source: Source | None = None,
    said: tuple[datetime.date | None, str | None] | None = None,
) -> list[ChainError]:
    """Every reason the chain cannot be saved; empty when it can.

    - each hop names an outlet or a source;
    - no loop: the same source, or the same outlet, twice in a chain (A → B → A, or A → A);
    - no hop dated after the hop that relays it, nor after the source the desk read,
      nor before the claim was said (`said`: the date and its precision);
    - only the first hop can be the speaker's own channel.
    """
    errors: list[ChainError] = []
    seen_sources: dict[tuple, int] = {}
    seen_outlets: dict[tuple, int] = {}
    desk_day = (
        _comparable(desk_source.published_on, DatePrecision.DAY) if desk_source and desk_source.published_on else None
    )
    previous_day = None
    said_day = _comparable(*said) if said else None
    for index, hop in enumerate(hops):
        source, outlet = hop.get("source"), _outlet_of(hop)
        new_outlet = hop.get("new_outlet") or None
        source_key = ("source", source.pk) if source is not None else (("text", fold(hop["source_text"])) if hop.get("source_text") else None)
        outlet_key = ("outlet", outlet.pk) if outlet is not None else (("new", fold(new_outlet["name"])) if new_outlet else None)
        if source_key is None and hop.get("outlet") is None and new_outlet is None:
            errors.append(ChainError(index, "outlet", _("Name the outlet or the source of this hop (a hop may be known only by its outlet).")))
            continue
        if source_key is not None:
            if source_key in seen_sources:
                name = source.title if source is not None else hop["source_text"]
                errors.append(
                    ChainError(index, "source", _("“%(source)s” is already hop %(n)s: a chain cannot loop back to a source. Remove one of them.")
                    % {"source": name, "n": seen_sources[source_key] + 1})
                )
            seen_sources.setdefault(source_key, index)
        if outlet_key is not None and outlet_key in seen_outlets:
            name = outlet.name if outlet is not None else new_outlet["name"]
            errors.append(
                ChainError(index, "outlet", _("%(outlet)s is already hop %(n)s: a chain cannot loop back to an outlet. Merge the two hops or remove one.")
                % {"outlet": name, "n": seen_outlets[outlet_key] + 1})
            )
        if outlet_key is not None:
            seen_outlets.setdefault(outlet_key, index)
        if hop.get("by_speaker") and index > 0:
            errors.append(ChainError(index, "by_speaker", _("Only the first hop can be the speaker's own channel; move this hop to the top.")))
        day = _comparable(hop.get("date"), hop.get("date_precision"))
        if hop.get("date") is not None and hop.get("date_precision") in (None, "", DatePrecision.UNKNOWN):
            errors.append(ChainError(index, "date_precision", _("Say how precisely the date is known.")))
        if _later(day, desk_day):
            errors.append(
                ChainError(index, "date", _("This hop is dated after the source the desk read (%(date)s): check the date, or the order of the hops.")
                % {"date": desk_source.published_on.isoformat()})
            )
        elif _later(said_day, day):
            errors.append(
                ChainError(index, "date", _("This hop is dated before the claim was said (%(date)s): check the date, or the date said.")
                % {"date": format_partial_date(*said)})
            )
        elif _later(previous_day, day):
            errors.append(ChainError(index, "date", _("This hop is dated before the hop it relays: check the date, or the order of the hops.")))
        previous_day = day or previous_day
    return errors


def with_desk_source(
    hops: Sequence[Mapping[str, Any]], desk_source: Source | None, *, replaced: Source | None = None
) -> list[dict[str, Any]]:
    """The chain ending in the source the desk read: appended as the last hop when it is not there yet.

    `replaced` is the claim's previous reported-by source: when the desk now read another one, the
    old source's closing hop goes (the chain's last hop follows "Reported by", never both).
    """
    hops = [dict(hop) for hop in hops]
    if replaced is not None and replaced != desk_source and hops and hops[-1].get("source") == replaced:
        hops.pop()
    if desk_source is None or any(hop.get("source") == desk_source for hop in hops):
        return hops
    last = hops[-1] if hops else None
    if last is not None and last.get("source") is None and last.get("outlet") is not None and last["outlet"] == desk_source.outlet:
        last["source"] = desk_source  # "the AFP dispatch" turns out to be the source the desk read
        return hops
    day = desk_source.published_on
    hops.append(
        {
            "outlet": None,
            "source": desk_source,
            "by_speaker": False,
            "date": day,
            "date_precision": DatePrecision.DAY if day else DatePrecision.UNKNOWN,
            "wording": "",
            "note": "",
        }
    )
    return hops


def reporting_for(hops: Sequence[Any], current: str = Claim.Reporting.SECOND_HAND) -> str:
    """First, second or third hand, from the chain: how many hops relay the words past the speaker's own.

    No hop (a claim not yet traced) keeps `current`.
    """
    hops = list(hops)
    if not hops:
        return current
    relays = sum(1 for hop in hops if not _get(hop, "by_speaker"))
    if relays == 0:
        return Claim.Reporting.DIRECT
    if relays == 1:
        return Claim.Reporting.SECOND_HAND
    return Claim.Reporting.THIRD_HAND


def _get(hop: Any, name: str) -> Any:
    return hop.get(name) if isinstance(hop, Mapping) else getattr(hop, name)


@transaction.atomic
def checked_chain(
    *, claim: Claim, hops: Iterable[Mapping[str, Any]], replaced_source: Source | None = None
) -> list[dict[str, Any]]:
    """`hops` as `save_chain` writes them for `claim` (closed by its reported-by source), or InvalidInput
    (field `hops-<row>-<field>`) naming the first refused hop. A revision checks its chain with this when
    it is saved, and `save_chain` writes it when the revision is published."""
    desk_source = claim.reported_by if claim.reported_by_id else None
    said = (claim.said_on, claim.said_on_precision) if claim.said_on else None
    rows = [dict(hop) for hop in hops]
    rows = with_desk_source(rows, None, replaced=replaced_source) if replaced_source is not None else rows
    for candidate in (rows, with_desk_source(rows, desk_source)):
        errors = check_chain(candidate, desk_source=desk_source, said=said)
        if errors:
            first = errors[0]
            raise InvalidInput(first.message, field=f"hops-{first.row}-{first.field}", rule="chain")
    return with_desk_source(rows, desk_source)


def chain_as_json(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Chain rows (`HOP_FIELDS`, records as objects) kept as JSON: records by id, dates as ISO days."""
    kept = []
    for row in rows:
        item = {}
        for name in HOP_FIELDS:
            value = row.get(name)
            if name in ("outlet", "source"):
                value = value.pk if value is not None else None
            elif name == "date":
                value = value.isoformat() if value else None
            elif name in ("wording", "note", "date_precision"):
                value = value or ""
            elif name == "by_speaker":
                value = bool(value)
            item[name] = value
        kept.append(item)
    return kept


def chain_from_json(kept: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """`chain_as_json` read back into rows `save_chain` takes (a record removed since is a refusal)."""
    ids = {name: {row[name] for row in kept if row.get(name)} for name in ("outlet", "source")}
    found = {
        "outlet": Outlet.objects.in_bulk(ids["outlet"]),
        "source": Source.objects.select_related("outlet").in_bulk(ids["source"]),
    }
    rows = []
    for index, row in enumerate(kept):
        item = dict(row)
        for name in ("outlet", "source"):
            if item.get(name):
                item[name] = found[name].get(item[name])
                if item[name] is None:
                    raise InvalidInput(_("A record this chain names was removed meanwhile."), field=f"hops-{index}-{name}", rule="chain")
        item["date"] = datetime.date.fromisoformat(item["date"]) if item.get("date") else None
        rows.append(item)
    return rows


def save_chain(
    *, claim: Claim, hops: Iterable[Mapping[str, Any]], user: User | None = None, replaced_source: Source | None = None
) -> list[ReportingHop]:
    """Replace `claim`'s chain with `hops` (ending in its reported-by source); set `reporting` and
    `first_reported_on` from it.

    `replaced_source`: the reported-by source before this edit, whose closing hop gives way to the new one.
    Raises InvalidInput (field `hops-<row>-<field>`) before writing anything if the chain is refused.
    The caller holds the claim's lock and audits the change (see claims.services).
    """
    rows = checked_chain(claim=claim, hops=hops, replaced_source=replaced_source)
    ReportingHop.objects.filter(claim=claim).delete()
    saved = []
    for position, row in enumerate(rows, start=1):
        hop = ReportingHop(claim=claim, position=position, **{name: row.get(name) for name in HOP_FIELDS if name in row})
        hop.wording = hop.wording or ""
        hop.note = hop.note or ""
        if hop.date is None:
            hop.date_precision = DatePrecision.UNKNOWN
        elif not hop.date_precision:
            hop.date_precision = DatePrecision.DAY
        hop.full_clean(exclude=["claim"])
        saved.append(hop)
    ReportingHop.objects.bulk_create(saved)
    reporting = reporting_for(saved, claim.reporting)
    derived = {"reporting": reporting}
    first_day = first_reported_on(saved, claim.said_on)
    if first_day is not None:  # no dated hop: the typed date stays
        derived["first_reported_on"] = first_day
    derived = {name: value for name, value in derived.items() if getattr(claim, name) != value}
    if derived:
        Claim.objects.filter(pk=claim.pk).update(**derived)
        for name, value in derived.items():
            setattr(claim, name, value)
    reindex_claim(claim.pk)  # the chain's outlets and sources are searchable
    return saved


def chain_rows(claim: Claim) -> list[dict[str, Any]]:
    """The saved chain as `save_chain` rows, to write it again after the claim changed under it."""
    return [
        {name: getattr(hop, name) for name in HOP_FIELDS}
        for hop in ReportingHop.objects.filter(claim=claim).select_related("outlet", "source__outlet").order_by("position")
    ]


def chain_snapshot(claim: Claim) -> list[dict[str, Any]]:
    """The chain as JSON, for audit snapshots."""
    return [
        {
            "outlet": hop.outlet_id,
            "source": hop.source_id,
            "by_speaker": hop.by_speaker,
            "date": hop.date.isoformat() if hop.date else None,
            "date_precision": hop.date_precision,
            "wording": hop.wording,
            "note": hop.note,
        }
        for hop in ReportingHop.objects.filter(claim=claim).order_by("position")
    ]


def _normalised_wording(text: str) -> str:
    return " ".join((text or "").split())


@dataclass
class ChainView:
    """What a page shows of a chain: the readable line and the hops, each flagged where its wording changed."""

    speaker: str
    hops: list[ReportingHop]

    @property
    def line(self) -> str:
        return ARROW.join([self.speaker, *(hop.label for hop in self.hops)])

    @property
    def first(self) -> ReportingHop | None:
        return self.hops[0] if self.hops else None


def hops_prefetch() -> Prefetch:
    """What a page prefetches for `chain_view`: the hops with their outlets and sources in one query
    (as three lookups, `hops__outlet` and `hops__source__outlet`, they were four)."""
    return Prefetch("hops", queryset=ReportingHop.objects.select_related("outlet", "source__outlet"))


def chain_view(claim: Claim) -> ChainView:
    """The claim's chain for a page (uses `claim.hops.all()`, so prefetch `hops_prefetch()`).

    A hop's `wording_changed` is True when it gives the words and they differ from the last
    earlier hop that gave them (spacing aside): that is where a quote drifted.
    """
    hops = list(claim.hops.all())
    previous = None
    for hop in hops:
        hop.wording_changed = False
        if hop.wording:
            if previous is not None and _normalised_wording(hop.wording) != _normalised_wording(previous):
                hop.wording_changed = True
            previous = hop.wording
    return ChainView(speaker=str(claim.speaker_name), hops=hops)


@dataclass(frozen=True)
class FirstReport:
    """Who first reported a claim and the earliest date the chain knows, with its precision.

    `hop` is the chain's first hop (the first report). `date`/`precision` come from the earliest
    dated hop (`dated`): `check_chain` keeps the hops in date order, so that is the first hop
    that has a date. When `dated` is not `hop`, the first report is undated and the date is
    only an upper bound ("no later than").
    """

    hop: Any
    dated: Any | None

    @property
    def date(self) -> datetime.date | None:
        return self.dated.date if self.dated is not None else None

    @property
    def precision(self) -> str:
        return self.dated.date_precision if self.dated is not None else DatePrecision.UNKNOWN

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.precision) if self.dated is not None else ""

    @property
    def exact(self) -> bool:
        """True when the date is the first report's own (not a later hop's)."""
        return self.dated is not None and self.dated is self.hop


def first_report(hops: Sequence[Any]) -> FirstReport | None:
    """The first report of a chain (hops in order, saved or as form rows), or None with no chain."""
    hops = list(hops)
    if not hops:
        return None
    dated = next(
        (hop for hop in hops if _get(hop, "date") is not None and _get(hop, "date_precision") not in (None, "", DatePrecision.UNKNOWN)),
        None,
    )
    return FirstReport(hop=hops[0], dated=dated)


def first_reported_on(hops: Sequence[Any], said_on: datetime.date | None = None) -> datetime.date | None:
    """`Claim.first_reported_on` as the chain says it: the earliest hop date, None when no hop has one.

    A hop known only to the month or year is stored as that period's first day; when the claim was
    said inside that period the day said is kept instead, so "reported December 2022" never reads as
    reported before a statement of 5 December.
    """
    report = first_report(hops)
    if report is None or report.date is None:
        return None
    day = report.date
    if said_on is not None and day < said_on and not _later(_comparable(said_on, DatePrecision.DAY), _comparable(day, report.precision)):
        day = said_on
    return day


def first_reported(claim: Claim) -> FirstReport | None:
    """The claim's first report for "first reported by … on …" (uses `claim.hops.all()`), or None with no chain."""
    return first_report(claim.hops.all())


# --- reading today's free-text chains (claims/migrations/0016) ------------------------------------

_ARROWS = re.compile(r"\s*(?:→|->|⇒|=>|>|＞|»)\s*")


def parse_note(text: str) -> list[str] | None:
    """The names of a free-text chain "A → B → C" (or ->, >, »), or None when it is not one.

    Only a note that is nothing but names between arrows parses; a sentence stays a note.
    """
    text = (text or "").strip()
    if not text:
        return None
    parts = [part.strip() for part in _ARROWS.split(text)]
    if len(parts) < 2 or any(not part or len(part) > 200 for part in parts):
        return None
    if any(part.endswith((".", "。")) or len(part.split()) > 8 for part in parts):
        return None
    return parts
