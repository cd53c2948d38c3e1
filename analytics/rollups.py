"""The one place that turns workflow steps into rollup rows — incrementally and from scratch.

`advance(entry, flow)` reads one audit entry of a workflow step and the claim's
`ClaimFlow` as the previous step left it, and returns the step's `StepFact` and the new
flow. `record_step` calls it inside each step's transaction (registered with
`reviews.hooks.register_step_observer`); `rebuild` calls it for every step in the audit
log, claim by claim in log order. Because both go through `advance`, a rebuild gives the
same rows as the steps gave one by one (`tests/analytics/test_rollups.py`).

Only the audit entry is read: its action, states, time, actor and snapshot
(`assigned_reviewer_id`, the verdict's rating label and value as they were then).
Edits and evidence changes (audit actions that are not workflow steps) are skipped, except
the language edits that say which language a step counted under. Besides, the rows keep a
copy of a few claim fields as they are now (`follow_claim`: speaker, source, language).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.cache import cache
from django.db import connection, transaction

from claims.models import AuditEntry, Claim
from claims.states import OPEN_STATES, State
from reviews.workflow import TRANSITIONS

from .models import ClaimFlow, DurationHistogram, DurationMonth, DurationYearHistogram, StepDay, StepFact, StepMonth

# "correct" is the retired one-person correction: old trails still carry it (reviews.selectors.RETIRED_STEPS).
STEP_ACTIONS = frozenset(TRANSITIONS) | {"correct"}
GENERATION_KEY = "analytics:generation"
# Every table `rebuild` empties and fills again.
ROLLUP_TABLES = (StepFact, ClaimFlow, DurationHistogram, DurationYearHistogram, DurationMonth, StepDay, StepMonth)


def generation() -> int:
    """A number that changes whenever the rollups do: cached figures carry it in their key."""
    return cache.get_or_set(GENERATION_KEY, 0, None)


def _bump() -> None:
    # Bumped at once, not after commit: a bump for a step that rolls back only costs a rebuild of the figures.
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
RATED_ACTIONS = ("publish", "correct", "publish_correction")


class Entry(Protocol):
    id: int
    claim_id: int
    action: str
    from_state: str
    to_state: str
    created_at: datetime.datetime
    actor_id: int | None
    snapshot: dict[str, Any]


def _seconds(since: datetime.datetime | None, until: datetime.datetime) -> int | None:
    return None if since is None else int((until - since).total_seconds())


def advance(entry: Entry, flow: ClaimFlow | None) -> tuple[StepFact, ClaimFlow, int | None]:
    """The fact for `entry`, the claim's flow after it, and the id of the rating step it supersedes (if any).

    Why each field means what it does:
    - the stay a step ends began at the step that entered the state (a claim's first draft has no
      such step, so time in a first draft is not counted); steps that keep the state and the
      reviewer do not end a stay;
    - a publication's cycle starts at the first submission since the claim was last a draft;
    - send back and approve judge the verdict of the reviewer who proposed it; publish credits
      that reviewer; a correction is held against the reviewer whose verdict was public.
    """
    at = entry.created_at
    snapshot = entry.snapshot or {}
    previous = flow
    flow = ClaimFlow(claim_id=entry.claim_id) if previous is None else ClaimFlow(**_flow_values(previous))
    fact = StepFact(
        entry_id=entry.id,
        claim_id=entry.claim_id,
        action=entry.action,
        from_state=entry.from_state,
        to_state=entry.to_state,
        at=at,
        actor_id=entry.actor_id,
        reviewer_id=previous.reviewer_id if previous else None,
    )
    # A step that keeps the state (a re-check, a resolution) does not end a stay; a reassignment does,
    # so that each reviewer is timed for their own part.
    ends_stay = entry.from_state != entry.to_state or "assigned_reviewer_id" in snapshot
    if previous is not None and ends_stay:
        fact.seconds_in_state = _seconds(previous.state_since, at)
    superseded = None
    action = entry.action
    if "assigned_reviewer_id" in snapshot:
        flow.reviewer_id = snapshot["assigned_reviewer_id"]
    if action in ("submit", "resubmit") and flow.cycle_submitted_at is None:
        flow.cycle_submitted_at = at
    elif action == "propose":
        flow.proposer_id = entry.actor_id
    elif action in ("send_back", "approve"):
        fact.credited_id = flow.proposer_id
        if action == "send_back":
            flow.proposer_id = None
    elif action == "publish":
        fact.credited_id = flow.proposer_id
        fact.cycle_seconds = _seconds(flow.cycle_submitted_at, at)
        flow.published_by_id = flow.proposer_id
        flow.publication_at = at
    elif action in ("correct", "publish_correction"):
        fact.credited_id = flow.published_by_id
    elif action == "reopen":
        flow.proposer_id = None
        flow.cycle_submitted_at = None
    if action in RATED_ACTIONS:
        verdict = snapshot.get("verdict") or {}
        fact.rating_label = verdict.get("rating") or ""
        fact.rating_value = verdict.get("rating_value")
        fact.publication_at = flow.publication_at
    if action in (*RATED_ACTIONS, "retract"):
        superseded = flow.rating_entry_id
        flow.rating_entry_id = entry.id if action in RATED_ACTIONS else None
    flow.state = entry.to_state
    if ends_stay or previous is None:
        flow.state_since = at
    return fact, flow, superseded


def _flow_values(flow: ClaimFlow) -> dict[str, Any]:
    return {f.attname: getattr(flow, f.attname) for f in ClaimFlow._meta.concrete_fields}


def record_step(entry: AuditEntry) -> None:
    """Add one workflow step to the rollups, inside the step's transaction (the claim row is locked)."""
    if entry.action not in STEP_ACTIONS:
        return
    flow = ClaimFlow.objects.filter(pk=entry.claim_id).first()
    fact, flow, superseded = advance(entry, flow)
    claim = entry.claim  # the locked claim `reviews.services._run` recorded the entry with
    fact.language = flow.language = claim.language
    fact.speaker_id, fact.reported_by_id = claim.speaker_id, claim.reported_by_id
    fact.save()
    flow.save()
    _add_to_histograms(fact)
    _add_to_days(fact)
    _add_to_months(fact)
    if superseded is not None:
        StepFact.objects.filter(entry_id=superseded).update(superseded_at=entry.created_at)
    _bump()


# --- duration histograms: per UTC month, stage, reviewer and log-scale bucket ---------------------

CYCLE_STAGE = "cycle"
ALL_REVIEWERS = -1  # `DurationHistogram.who` of the rows that count a length whoever the reviewer was
BUCKETS_PER_DOUBLING = 8  # a bucket's longest length is < 2 ** (1/8) ≈ 1.0905 × its shortest
# The states whose stays are timed: draft … approved, in workflow order (the figures use this list).
TIMED_STATES = tuple(s for s in State.values if s in OPEN_STATES)


def bucket(seconds: int) -> int:
    """The log-scale bucket of a length in seconds: 0 below one second, then eight per doubling."""
    if seconds < 1:
        return 0
    return 1 + int(math.log2(seconds) * BUCKETS_PER_DOUBLING)


def _month(at: datetime.datetime) -> datetime.date:
    at = at.astimezone(datetime.UTC)
    return datetime.date(at.year, at.month, 1)


LANGUAGE_DIM = "language:"


def dims(fact: StepFact) -> list[str]:
    """The dimensions a fact is counted under besides every claim (""): the claim's language at the step."""
    return ["", LANGUAGE_DIM + fact.language] if fact.language else [""]


def language_dims(code: str) -> tuple[str, str]:
    """(exact dimension, prefix of its subtags) for the claim list's language filter (`en` also finds `en-US`)."""
    return LANGUAGE_DIM + code, LANGUAGE_DIM + code + "-"


def histogram_keys(fact: StepFact) -> list[tuple[tuple[datetime.date, str, int, int], int]]:
    """What one fact adds to the histograms: ((month, stage, who, bucket), seconds) for its stay and its cycle."""
    found = []
    month = _month(fact.at)
    if fact.seconds_in_state is not None and fact.from_state in TIMED_STATES:
        found.append(((month, fact.from_state, fact.reviewer_id or 0, bucket(fact.seconds_in_state)), fact.seconds_in_state))
    if fact.action == "publish" and fact.cycle_seconds is not None:
        found.append(((month, CYCLE_STAGE, fact.credited_id or 0, bucket(fact.cycle_seconds)), fact.cycle_seconds))
    # The same lengths once more under "every reviewer": the month figure reads these rows alone.
    return found + [((m, stage, ALL_REVIEWERS, slot), seconds) for (m, stage, _who, slot), seconds in found]


def histogram_percentile(buckets: Sequence[tuple[int, int, int]], q: float) -> float | None:
    """`percentile_cont` read from log-scale buckets ((count, shortest, longest), in bucket order).

    The value at each rank is estimated inside its bucket (evenly between its shortest and longest
    length); the true value lies in the same range, so the error is below the bucket's width: under
    2 ** (1/8) - 1 ≈ 9.1 % of the value (`BUCKETS_PER_DOUBLING`). A bucket that holds one or two
    lengths (or equal ones) gives them exactly, so small desks and the tests see exact figures.
    """
    parts, before = [], 0
    for n, low, high in buckets:
        parts.append((before, n, low, high))
        before += n
    return ranked_percentile(parts, before, q) if before else None


def ranked_percentile(parts: list[tuple[int, int, int, int]], total: int, q: float) -> float:
    """`histogram_percentile` from only the buckets around its ranks ((count before, count, shortest, longest))."""

    def value_at(rank: int) -> float:
        for before, n, low, high in parts:
            if before <= rank < before + n:
                return float(low) if n == 1 else low + (high - low) * (rank - before) / (n - 1)
        raise IndexError(rank)

    position = q * (total - 1)
    low = math.floor(position)
    high = min(low + 1, total - 1)
    first, second = value_at(low), value_at(high)
    return first + (second - first) * (position - low)


def month_percentiles(buckets: Sequence[tuple[int, int, int]]) -> tuple[int, float | None, float | None]:
    """(count, median, 90th percentile) of one month's histogram (`DurationMonth`)."""
    return sum(b[0] for b in buckets), histogram_percentile(buckets, 0.5), histogram_percentile(buckets, 0.9)


def _year(month: datetime.date) -> datetime.date:
    return month.replace(month=1)


def _upsert_length(cursor, model, key: dict[str, Any], seconds: int) -> None:
    """Count one length in `model`'s histogram row for `key`: an upsert, so concurrent steps never collide."""
    table = model._meta.db_table
    smallest, largest = ("LEAST", "GREATEST") if connection.vendor == "postgresql" else ("MIN", "MAX")
    columns = ", ".join(key)
    cursor.execute(
        f"INSERT INTO {table} ({columns}, n, low, high) VALUES ({', '.join(['%s'] * len(key))}, 1, %s, %s) "
        f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + 1, "
        f"low = {smallest}({table}.low, excluded.low), high = {largest}({table}.high, excluded.high)",
        [*key.values(), seconds, seconds],
    )


def _add_to_histograms(fact: StepFact) -> None:
    """Count one fact in its histogram rows (per month, and per year for each reviewer), then read the
    percentiles of each month it touched again (`DurationMonth`).

    Every bucket row is written before any percentile row, and the percentile row is locked (an upsert that
    keeps it) before its buckets are read: a concurrent step in the same month waits for this one to commit
    and then reads its buckets too, so neither overwrites the other's count."""
    touched = set()
    with connection.cursor() as cursor:
        for dim in dims(fact):
            for (month, stage, who, slot), seconds in histogram_keys(fact):
                _upsert_length(cursor, DurationHistogram,
                               {"dim": dim, "month": month, "stage": stage, "who": who, "bucket": slot}, seconds)
                if who == ALL_REVIEWERS:
                    touched.add((dim, month, stage))
                else:
                    _upsert_length(cursor, DurationYearHistogram,
                                   {"dim": dim, "year": _year(month), "stage": stage, "who": who, "bucket": slot}, seconds)
        table = DurationMonth._meta.db_table
        for dim, month, stage in sorted(touched):
            cursor.execute(
                f"INSERT INTO {table} (dim, month, stage, n) VALUES (%s, %s, %s, 0) "
                f"ON CONFLICT (dim, month, stage) DO UPDATE SET n = {table}.n",
                [dim, month, stage],
            )
            buckets = list(
                DurationHistogram.objects.filter(dim=dim, month=month, stage=stage, who=ALL_REVIEWERS)
                .order_by("bucket").values_list("n", "low", "high")
            )
            n, median, p90 = month_percentiles(buckets)
            DurationMonth.objects.filter(dim=dim, month=month, stage=stage).update(n=n, median=median, p90=p90)


# Counted per UTC day for the throughput figure (`analytics.figures.THROUGHPUT`).
DAY_ACTIONS = ("submit", "publish", "reject", "correct", "publish_correction")


def _count_one(model, fact: StepFact, **key: Any) -> None:
    """Add one to `model`'s count row for `key` under each of the step's dimensions (an upsert, so
    concurrent steps never collide)."""
    table = model._meta.db_table
    columns = ["dim", *key]
    with connection.cursor() as cursor:
        for dim in dims(fact):
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}, n) VALUES ({', '.join(['%s'] * len(columns))}, 1) "
                f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = {table}.n + 1",
                [dim, *key.values()],
            )


def _add_to_days(fact: StepFact) -> None:
    if fact.action in DAY_ACTIONS:
        _count_one(StepDay, fact, day=fact.at.astimezone(datetime.UTC).date(), action=fact.action)


def _add_to_months(fact: StepFact) -> None:
    _count_one(StepMonth, fact, month=_month(fact.at), action=fact.action, who=fact.credited_id or 0)


class _Tally:
    """The histogram, day and month rows of many facts, counted in memory (`rebuild`): the same rows the
    upserts above give one fact at a time."""

    def __init__(self) -> None:
        self.histograms: dict[tuple, list[int]] = {}
        self.years: dict[tuple, list[int]] = {}
        self.days: dict[tuple, int] = defaultdict(int)
        self.months: dict[tuple, int] = defaultdict(int)

    @staticmethod
    def _count(rows: dict[tuple, list[int]], key: tuple, seconds: int) -> None:
        found = rows.get(key)
        if found is None:
            rows[key] = [1, seconds, seconds]
        else:
            found[0] += 1
            found[1] = min(found[1], seconds)
            found[2] = max(found[2], seconds)

    def add(self, fact: StepFact) -> None:
        keys = histogram_keys(fact)
        day = fact.at.astimezone(datetime.UTC).date() if fact.action in DAY_ACTIONS else None
        month = _month(fact.at)
        for dim in dims(fact):
            for (m, stage, who, slot), seconds in keys:
                self._count(self.histograms, (dim, m, stage, who, slot), seconds)
                if who != ALL_REVIEWERS:
                    self._count(self.years, (dim, _year(m), stage, who, slot), seconds)
            if day is not None:
                self.days[(dim, day, fact.action)] += 1
            self.months[(dim, month, fact.action, fact.credited_id or 0)] += 1

    def month_percentiles(self) -> list[DurationMonth]:
        """The `DurationMonth` rows of the counted histograms (as `_add_to_histograms` leaves them)."""
        months: dict[tuple, list[tuple[int, tuple[int, int, int]]]] = defaultdict(list)
        for (d, m, s, w, b), counted in self.histograms.items():
            if w == ALL_REVIEWERS:
                months[(d, m, s)].append((b, tuple(counted)))
        rows = []
        for (d, m, s), buckets in months.items():
            n, median, p90 = month_percentiles([counted for _b, counted in sorted(buckets)])
            rows.append(DurationMonth(dim=d, month=m, stage=s, n=n, median=median, p90=p90))
        return rows

    def write(self, batch_size: int) -> None:
        # Written in key order: the rows of a month (or year) end up side by side, which is how they are read.
        DurationHistogram.objects.bulk_create(
            [DurationHistogram(dim=d, month=m, stage=s, who=w, bucket=b, n=n, low=low, high=high)
             for (d, m, s, w, b), (n, low, high) in sorted(self.histograms.items())], batch_size=batch_size)
        DurationYearHistogram.objects.bulk_create(
            [DurationYearHistogram(dim=d, year=y, stage=s, who=w, bucket=b, n=n, low=low, high=high)
             for (d, y, s, w, b), (n, low, high) in sorted(self.years.items())], batch_size=batch_size)
        DurationMonth.objects.bulk_create(self.month_percentiles(), batch_size=batch_size)
        StepDay.objects.bulk_create(
            [StepDay(dim=d, day=day, action=a, n=n) for (d, day, a), n in self.days.items()], batch_size=batch_size)
        StepMonth.objects.bulk_create(
            [StepMonth(dim=d, month=m, action=a, who=w, n=n) for (d, m, a, w), n in self.months.items()],
            batch_size=batch_size)


@dataclass
class RebuildResult:
    steps: int
    claims: int


FIELDS = ("id", "claim_id", "action", "from_state", "to_state", "created_at", "actor_id", "snapshot")


class _Row:
    __slots__ = FIELDS

    def __init__(self, values: tuple) -> None:
        for name, value in zip(FIELDS, values, strict=True):
            setattr(self, name, value)


# The claim fields the rollups keep a copy of (`follow_claim`).
FOLLOWED_FIELDS = frozenset({"speaker", "reported_by", "language"})


def follow_claim(claim: Claim, update_fields=None) -> None:
    """Keep what the rollups copy of a claim as the claim is now: its facts' speaker and source (the rating
    mixes count a fact-check under the claim's speaker and source now, as the claim list filters do) and its
    flow's language (the ageing figure). Called when a claim is edited or saved; a speaker merge moves the facts
    with every other reference to the dropped speaker (`claims.speakers.merge_speakers`)."""
    if update_fields is not None and not FOLLOWED_FIELDS & {name.removesuffix("_id") for name in update_fields}:
        return
    moved = (
        StepFact.objects.filter(claim_id=claim.pk)
        .exclude(speaker_id=claim.speaker_id, reported_by_id=claim.reported_by_id)
        .update(speaker_id=claim.speaker_id, reported_by_id=claim.reported_by_id)
    )
    moved += ClaimFlow.objects.filter(pk=claim.pk).exclude(language=claim.language).update(language=claim.language)
    if moved:
        _bump()  # the cached figures are out of date


def _languages_then() -> tuple[dict[int, str], dict[int, list[tuple[int, str]]]]:
    """Each claim's language now, and its language edits ((audit entry id, language before), in log order):
    a step's language is the one before the first language edit after it, else the language now."""
    now = dict(Claim.objects.order_by().values_list("pk", "language").iterator(chunk_size=20000))
    edits: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for entry_id, claim_id, snapshot in (
        AuditEntry.objects.filter(action="edit", snapshot__changed__has_key="language")
        .order_by("id").values_list("id", "claim_id", "snapshot")
    ):
        before = (snapshot.get("changed") or {}).get("language")
        if isinstance(before, list) and before:
            edits[claim_id].append((entry_id, before[0] or ""))
    return now, edits


def _attribution_now() -> dict[int, tuple[int | None, int | None]]:
    """Each claim's (speaker, source reported by) now: what `follow_claim` keeps on its facts."""
    rows = Claim.objects.order_by().values_list("pk", "speaker_id", "reported_by_id").iterator(chunk_size=20000)
    return {pk: (speaker, source) for pk, speaker, source in rows}


def _language_at(entry_id: int, claim_id: int, now: dict[int, str], edits: dict[int, list[tuple[int, str]]]) -> str:
    for edit_id, before in edits.get(claim_id, ()):
        if edit_id > entry_id:
            return before
    return now.get(claim_id, "")


def rebuild(batch_size: int = 5000) -> RebuildResult:
    """Empty the rollups and read them again from the whole audit log, in one transaction.

    One pass in log order per claim: each step through `advance`, as `record_step` does; the histogram,
    day and month rows are counted in memory on the way (`_Tally`) and written at the end."""
    steps = claims = 0
    tables = ROLLUP_TABLES
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # TRUNCATE, not DELETE: no dead rows left behind for the figures' scans to step over.
            with connection.cursor() as cursor:
                # Checks still deferred on these tables (rows written earlier in an enclosing transaction) run now:
                # TRUNCATE refuses a table with pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("TRUNCATE " + ", ".join(model._meta.db_table for model in tables))
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for model in tables:
                model.objects.all().delete()
        languages, edits = _languages_then()
        attribution = _attribution_now()
        tally = _Tally()
        facts: list[StepFact] = []
        flows: list[ClaimFlow] = []
        current: ClaimFlow | None = None
        by_entry: dict[int, StepFact] = {}
        rows = (
            AuditEntry.objects.filter(action__in=STEP_ACTIONS)
            .order_by("claim_id", "id")
            .values_list(*FIELDS)
            .iterator(chunk_size=batch_size)
        )
        for values in rows:
            entry = _Row(values)
            if current is not None and current.claim_id != entry.claim_id:
                current.language = languages.get(current.claim_id, "")  # the language now
                flows.append(current)
                claims += 1
                current, by_entry = None, {}
                if len(facts) >= batch_size:
                    StepFact.objects.bulk_create(facts, batch_size=batch_size)
                    ClaimFlow.objects.bulk_create(flows, batch_size=batch_size)
                    facts, flows = [], []
            fact, current, superseded = advance(entry, current)
            fact.language = _language_at(entry.id, entry.claim_id, languages, edits)
            fact.speaker_id, fact.reported_by_id = attribution.get(entry.claim_id, (None, None))
            if superseded is not None:
                by_entry[superseded].superseded_at = entry.created_at
            by_entry[entry.id] = fact
            facts.append(fact)
            tally.add(fact)
            steps += 1
        if current is not None:
            current.language = languages.get(current.claim_id, "")
            flows.append(current)
            claims += 1
        StepFact.objects.bulk_create(facts, batch_size=batch_size)
        ClaimFlow.objects.bulk_create(flows, batch_size=batch_size)
        tally.write(batch_size)
    if connection.vendor == "postgresql":
        # Fresh statistics: the planner otherwise still believes the tables are empty (and sorts on disk).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(model._meta.db_table for model in tables))
    _bump()
    return RebuildResult(steps=steps, claims=claims)


def rebuild_if_missing() -> RebuildResult | None:
    """Rebuild when the audit log has workflow steps but the rollups miss some: a desk from before analytics,
    or one upgraded past a migration that added a rollup table (migrations leave new tables empty; every
    step is counted in `StepMonth`, so an empty one with steps in the log means "not filled yet"; every
    timed length in a month's histogram has a `DurationMonth` row, and one of a reviewer a year row)."""
    filled = (
        StepFact.objects.exists() and StepMonth.objects.exists()
        and DurationMonth.objects.exists() == DurationHistogram.objects.exists()
        and DurationYearHistogram.objects.exists() == DurationHistogram.objects.exclude(who=ALL_REVIEWERS).exists()
    )
    if filled:
        return None
    if not AuditEntry.objects.filter(action__in=STEP_ACTIONS).exists():
        return None
    return rebuild()
