"""Reads that several views, the admin and the API share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from .models import Claim, ClaimStateCount, Speaker, SpeakerAlias, fold
from .states import OPEN_STATES, State

# What makes a claim open, as a condition on its state alone. `open_claims` applies it to the claims and
# `counts_by_state` to the counts kept per state (`ClaimStateCount`, which has a `state` column too), so
# the dashboard's counts and every figure built on `open_claims` cannot disagree; a condition on anything
# but the state would fail loudly on the counts table instead of drifting apart.
OPEN = Q(state__in=OPEN_STATES)


def open_claims() -> QuerySet[Claim]:
    """Claims still open: the one definition the dashboard's counts, the analytics ageing figure and the
    queues share. A claim is open from the moment it is written (a draft nobody has sent yet included)
    until it is published or rejected; whether a workflow step has touched it does not matter."""
    return Claim.objects.filter(OPEN)


@dataclass(frozen=True)
class StateCounts:
    """Claims per state in workflow order, zeros included, split by `OPEN`."""

    open: dict[str, int]
    closed: dict[str, int]

    @property
    def open_total(self) -> int:
        return sum(self.open.values())


def counts_by_state() -> StateCounts:
    """`open_claims` (and the closed rest) counted per state from the maintained counts (`claims.counters`,
    kept by triggers): one query of a row per state, never a scan of the archive. The dashboard reads this."""
    is_open = ExpressionWrapper(OPEN, output_field=BooleanField())
    found = {state: (count, bool(opened)) for state, count, opened in ClaimStateCount.objects.annotate(is_open=is_open).values_list("state", "count", "is_open")}
    counts = StateCounts(open={}, closed={})
    for state in State.values:
        count, opened = found.get(state, (0, state in OPEN_STATES))
        (counts.open if opened else counts.closed)[state] = count
    return counts


def open_counts() -> dict[str, int]:
    """{state: number of open claims} for every open state in workflow order, zeros included."""
    return counts_by_state().open


def speakers_matching(text: str | None) -> QuerySet[Speaker]:
    """Speakers whose name or any alias contains `text`, in any script (クレーバ, Кулеба, Kuleba)."""
    text = (text or "").strip()
    if not text:
        return Speaker.objects.none()
    # One set of ids from two index probes (claims/migrations/0027's trigram indexes on PostgreSQL): with
    # `name OR EXISTS(alias)` the database walked every speaker and scanned every alias for each lookup.
    by_name = Speaker.objects.filter(name__icontains=text).order_by().values("pk")
    by_alias = SpeakerAlias.objects.filter(folded__contains=fold(text)).order_by().values("speaker_id")
    return Speaker.objects.filter(pk__in=by_name.union(by_alias))


def role_at_the_time(claim: Claim) -> str:
    """The speaker's title when the claim was made; unknown when the date said is unknown."""
    return role_title_on(claim.speaker, claim.said_on) if claim.speaker_id else ""


def role_title_on(speaker: Speaker, day) -> str:
    """A person's title on `day`; "" for an organisation, an unknown day or no role then."""
    if day is None or speaker.kind != Speaker.Kind.PERSON:
        return ""
    role = speaker.role_on(day)
    return role.title if role else ""
