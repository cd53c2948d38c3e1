"""The desk's figures, read from the rollups: one list that the desk page, its CSV files and the API share.

Each figure is a table (`Figure.columns`, `Figure.rows`) plus how to draw it; the page
draws it as SVG (`analytics.charts`), the CSV and the JSON endpoint give the same rows.

- Times are in hours; median and p90 are `percentile_cont` (linear interpolation), computed
  by PostgreSQL or, on SQLite, by `percentile` below in the same way.
- A stay in a state counts in the month (of the user's time zone) in which it ended; a claim's
  first draft has no entering step and is not timed.
- Submission → publication runs from the first submission since the claim was last a draft to
  the publish step; every publish step counts once (a claim rejected, reopened and published
  later counts once, from its new submission).
- Rating mix: claims first published in the period, each with the rating in force at the end of
  the period, under the label the audit snapshot had when that rating was given (a rating renamed
  since keeps its old name here; a retracted fact-check has no rating in force).
"""

from __future__ import annotations

import datetime
import hashlib
import math
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, DateField, Exists, Expression, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import get_language, gettext_lazy

from claims.models import Claim, Outlet, Speaker
from claims.counters import latest_change
from claims.selectors import open_claims
from claims.states import OPEN_STATES, State

from .models import ClaimFlow, DurationHistogram, DurationMonth, DurationYearHistogram, StepDay, StepFact, StepMonth
from .rollups import (
    ALL_REVIEWERS,
    CYCLE_STAGE,
    TIMED_STATES,
    generation,
    histogram_keys,
    histogram_percentile,
    language_dims,
    ranked_percentile,
)

T = TypeVar("T")
CYCLE = "submission_to_publication"
AGE_DAYS = (1, 3, 7)
AGEING_SECONDS = 60  # the ageing figure counts waits of days: one counted within the minute is as good as new
MAX_CHART_ROWS = 20
TABLE_ROWS = 60


def percentile(values: Sequence[float], q: float) -> float | None:
    """`percentile_cont` on a sorted list: linear interpolation between the closest ranks."""
    if not values:
        return None
    position = q * (len(values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


@dataclass(frozen=True)
class Period:
    """Inclusive local dates in the user's time zone."""

    start: datetime.date
    end: datetime.date
    tz: zoneinfo.ZoneInfo

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        begin = datetime.datetime.combine(self.start, datetime.time.min, self.tz)
        finish = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, self.tz)
        return begin, finish


@dataclass
class Figure:
    name: str
    title: str
    description: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[dict[str, Any]]
    chart: dict[str, Any] = field(default_factory=dict)  # how `analytics.charts.draw` shows it

    def as_table(self) -> list[list[Any]]:
        return [[row.get(key) for key, _label in self.columns] for row in self.rows]

    def page_table(self) -> list[list[Any]]:
        """The rows the page shows under the chart (the first `TABLE_ROWS`, or the last for a time series
        drawn oldest first); the CSV and the API always have every row."""
        table = self.as_table()
        return table[-TABLE_ROWS:] if self.chart.get("kind") == "columns" else table[:TABLE_ROWS]

    @property
    def rows_not_shown(self) -> int:
        return max(0, len(self.rows) - TABLE_ROWS)


@dataclass(frozen=True)
class OneLanguage:
    """The claim list's language filter alone (`desk.analytics.selection`): the figures read the rollups'
    per-language rows (`dim`), counting each step under the claim's language when it happened."""

    code: str

    def matching(self) -> Q:
        """Rows whose `language` is this one or a subtag of it (`en` also finds `en-US`, as the claim list): a
        step fact's language then, a claim flow's language now."""
        return Q(language=self.code) | Q(language__startswith=self.code + "-")


@dataclass(frozen=True)
class ClaimIds:
    """Any other claim filter, read once as the ids of the claims it selects (`narrow`)."""

    ids: tuple[int, ...]

    def matching(self, column: str) -> Q | Expression:
        return one_of(column, self.ids)


def one_of(column: str, ids: Sequence[int]) -> Q | Expression:
    """`column` is one of `ids`: on PostgreSQL `column = ANY(%s)` with the ids as one array parameter (an `IN`
    list of thousands of placeholders cost more to compile and send than the query took); elsewhere `IN`."""
    if connection.vendor == "postgresql":
        return AnyOf(column, ids)
    return Q(**{f"{column}__in": ids})


class AnyOf(Expression):
    """`column = ANY(array)`: a filter condition with one array parameter (PostgreSQL)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, ids: Sequence[int]) -> None:
        super().__init__()
        self.column = F(column)
        self.ids = list(ids)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(%s)", [*params, self.ids]


# What narrows the figures: None (every claim), one language (rollups), or any other claim filter: the ids of
# the claims it selects (`ClaimIds`) or, past `MAX_LISTED_CLAIMS`, the queryset itself; both exact over the
# selected claims' step rows.
Selection = QuerySet[Claim] | ClaimIds | OneLanguage | None
MAX_LISTED_CLAIMS = 20000


def narrow(claims: QuerySet[Claim]) -> ClaimIds | QuerySet[Claim]:
    """The claims a filter selects as their ids (one query, by the filter's own indexes), so that each figure
    reads the step rows of those claims by `analytics_step_claim_at` instead of the database planning a join
    over the filter again per figure; a selection larger than `MAX_LISTED_CLAIMS` stays a subquery."""
    # Unordered (sorted here): an ORDER BY pk with the LIMIT let PostgreSQL walk every claim by its primary key.
    ids = sorted(claims.order_by().values_list("pk", flat=True)[: MAX_LISTED_CLAIMS + 1])
    return claims if len(ids) > MAX_LISTED_CLAIMS else ClaimIds(tuple(ids))


def _from_rollups(claims: Selection) -> bool:
    return claims is None or isinstance(claims, OneLanguage)


def _dims(claims: Selection) -> list[str]:
    """The rollup dimensions of the selection: every claim (""), or one language and its subtags present."""
    return _language_dims_present(claims.code) if isinstance(claims, OneLanguage) else [""]


def _dim(claims: Selection) -> Q:
    """The rollup rows of the selection, named one by one (`dim IN (…)`), so that the rollups' keys, which
    begin with `dim`, find them (a `LIKE` prefix cannot use them under a non-C collation, and the figures
    then scanned every language's rows)."""
    return Q(dim__in=_dims(claims))


def _language_dims_present(code: str) -> list[str]:
    """The dimensions of a language and of its subtags that the rollups hold (`StepMonth` counts every step,
    so it holds every dimension), looked up once per generation of the rollups."""
    exact, prefix = language_dims(code)

    def look_up() -> list[str]:
        found = StepMonth.objects.filter(dim__startswith=prefix).values_list("dim", flat=True).distinct()
        return [exact, *sorted(found)]

    if settings.ANALYTICS_CACHE_SECONDS <= 0:
        return look_up()
    return cache.get_or_set(f"analytics:{generation()}:dims:{code}", look_up, settings.ANALYTICS_CACHE_SECONDS)


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def _user_labels(ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    labels: dict[int | None, str] = {None: _("(no reviewer)")}
    for user in get_user_model().objects.filter(pk__in=wanted):
        labels[user.pk] = user.get_full_name() or user.get_username()
    return labels


def _selected(facts: QuerySet[StepFact], claims: Selection) -> QuerySet[StepFact]:
    if isinstance(claims, OneLanguage):
        return facts.filter(claims.matching())
    if isinstance(claims, ClaimIds):
        return facts.filter(claims.matching("claim_id"))
    if claims is not None:
        return facts.filter(claim__in=claims.values("pk"))
    return facts


def _facts(period: Period, claims: Selection) -> QuerySet[StepFact]:
    begin, finish = period.bounds
    return _selected(StepFact.objects.filter(at__gte=begin, at__lt=finish), claims)


def _stage_labels() -> dict[str, str]:
    """Each stage's name, translated once per figure (not once per row: ten years are ~600 rows)."""
    return {**{stage: str(State(stage).label) for stage in TIMED_STATES}, CYCLE: _("Submission → publication")}


def _exact_duration_rows(
    steps: list[_Fact], stay_key: Callable[[_Fact], Any], cycle_key: Callable[[_Fact], Any]
) -> list[tuple[Any, str, tuple[int, float, float]]]:
    """(key, stage, (count, median, p90)) of the selected claims' steps, exact (`percentile`, as PostgreSQL's
    `percentile_cont`): each stay under `stay_key`, each publication's cycle under `cycle_key`."""
    lengths: dict[tuple[Any, str], list[int]] = defaultdict(list)
    for step in steps:
        if step.seconds_in_state is not None and step.from_state in TIMED_STATES:
            lengths[(stay_key(step), step.from_state)].append(step.seconds_in_state)
        if step.action == "publish" and step.cycle_seconds is not None:
            lengths[(cycle_key(step), CYCLE)].append(step.cycle_seconds)
    rows = []
    for (key, stage), values in lengths.items():
        values.sort()
        rows.append((key, stage, (len(values), percentile(values, 0.5), percentile(values, 0.9))))
    return rows


def _tally(steps: list[_Fact], key: Callable[[_Fact], Any], actions: Iterable[str]) -> list[tuple[Any, str, int]]:
    """(key, action, count) of the selected claims' steps of `actions`."""
    wanted = set(actions)
    counted = Counter((key(step), step.action) for step in steps if step.action in wanted)
    return [(k, action, n) for (k, action), n in counted.items()]


def _local_month(at: datetime.datetime, tz: zoneinfo.ZoneInfo) -> datetime.date:
    local = at.astimezone(tz)
    return datetime.date(local.year, local.month, 1)


def _local_week(at: datetime.datetime, tz: zoneinfo.ZoneInfo) -> datetime.date:
    """The Monday of the week `at` falls in, in `tz`."""
    day = at.astimezone(tz).date()
    return day - datetime.timedelta(days=day.weekday())


STEP_FIELDS = ("at", "action", "from_state", "reviewer_id", "credited_id", "seconds_in_state", "cycle_seconds")
# What the figures of one page read alike (`_sharing`): the selected claims' steps, the whole months of the
# period, the steps at its edges.
_page_reads: ContextVar[dict[str, Any] | None] = ContextVar("analytics_page_reads", default=None)


def _once(key: str, read: Callable[[], T]) -> T:
    """`read()`, done once for all the figures built inside `_sharing` (each figure reads it alone elsewhere)."""
    shared = _page_reads.get()
    if shared is None:
        return read()
    if key not in shared:
        shared[key] = read()
    return shared[key]


@contextmanager
def _sharing():
    """Within: the figures share what they read alike (`_once`); after, nothing is kept."""
    token = _page_reads.set({})
    try:
        yield
    finally:
        _page_reads.reset(token)


def _selected_steps(period: Period, claims: Selection) -> list[_Fact]:
    """The step rows of the selected claims in the period (any claim filter but one language). The duration,
    throughput and rate figures of one page share one read: one probe of the claim index per selected claim
    instead of one per claim and figure."""
    return _once(
        _key("steps", period, claims),
        lambda: [_Fact(*values) for values in _facts(period, claims).values_list(*STEP_FIELDS).order_by()],
    )


def _utc_month_start(at: datetime.datetime, *, up: bool) -> datetime.datetime:
    at = at.astimezone(datetime.UTC)
    start = datetime.datetime(at.year, at.month, 1, tzinfo=datetime.UTC)
    if up and start < at:
        start = _next_month(start)
    return start


def _next_month(start: datetime.datetime) -> datetime.datetime:
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def _outside(facts: QuerySet[StepFact], period: Period, first: datetime.datetime,
             last: datetime.datetime) -> QuerySet[StepFact]:
    """The period's steps outside the whole months [first, last) — none, without a query, when those months
    cover the whole period."""
    begin, finish = period.bounds
    return facts.none() if first <= begin and last >= finish else facts.filter(Q(at__lt=first) | Q(at__gte=last))


def _whole_utc_months(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """[first, last): the UTC months the monthly rollups can answer for. The months inside the period, and
    also a month it only partly covers when no step of that month falls outside the period — above all the
    current month of a period that ends today (no step is in the future), which would otherwise be read
    step by step — and its part inside the period lies in the same month in the user's time zone. The steps
    counted, and the months they are counted in, are the same either way. Read once per page (`_once`)."""
    return _once(f"whole-months:{period.start}:{period.end}:{period.tz}", lambda: _read_whole_utc_months(period))


def _read_whole_utc_months(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    begin, finish = period.bounds
    first, last = _utc_month_start(begin, up=True), _utc_month_start(finish, up=False)
    second = datetime.timedelta(seconds=1)

    def same_month(month: datetime.datetime, *times: datetime.datetime) -> bool:
        # The rollups label a month by UTC; its steps inside the period must fall in that month locally too.
        return all((t.astimezone(period.tz).year, t.astimezone(period.tz).month) == (month.year, month.month) for t in times)

    if (last < finish and same_month(last, last, finish - second)
            and not StepFact.objects.filter(at__gte=finish, at__lt=_next_month(last)).exists()):
        last = _next_month(last)
    if begin < first:
        before = _utc_month_start(begin, up=False)
        if same_month(before, begin, first - second) and not StepFact.objects.filter(at__gte=before, at__lt=begin).exists():
            first = before
    return first, last


@dataclass(slots=True)
class _Fact:
    """The fields of a step fact that `rollups.histogram_keys` reads (model instances are slow to build)."""

    at: datetime.datetime
    action: str
    from_state: str
    reviewer_id: int | None
    credited_id: int | None
    seconds_in_state: int | None
    cycle_seconds: int | None


def _timed_edge_steps(period: Period, claims: Selection, first: datetime.datetime,
                      last: datetime.datetime) -> list[_Fact]:
    """The period's timed steps outside its whole months [first, last): read once for both duration figures."""
    def read() -> list[_Fact]:
        edges = _facts(period, claims).filter(Q(seconds_in_state__isnull=False) | Q(cycle_seconds__isnull=False))
        if first < last:
            edges = _outside(edges, period, first, last)
        return [_Fact(*values) for values in edges.values_list(*STEP_FIELDS).order_by()]

    return _once(_key("edges", period, claims), read)


def _histogram_duration_rows(period: Period, by: str, claims: Selection = None) -> list[tuple[Any, str, tuple[int, float, float]]]:
    """Durations from the monthly histograms (no claim filter, or one language): whole UTC months inside the
    period come from `DurationHistogram`, the days before the first and after the last whole month from the
    step facts."""
    first, last = _whole_utc_months(period)
    groups: dict[tuple[Any, str], dict[int, list[int]]] = defaultdict(dict)

    def add(key: Any, stage: str, slot: int, n: int, low: int, high: int) -> None:
        found = groups[(key, CYCLE if stage == CYCLE_STAGE else stage)].get(slot)
        if found is None:
            groups[(key, CYCLE if stage == CYCLE_STAGE else stage)][slot] = [n, low, high]
        else:
            found[0] += n
            found[1], found[2] = min(found[1], low), max(found[2], high)

    whole = first < last
    for fact in _timed_edge_steps(period, claims, first, last):
        local = fact.at.astimezone(period.tz)
        for (_month, stage, who, slot), seconds in histogram_keys(fact):
            if who == ALL_REVIEWERS:
                continue
            key = datetime.date(local.year, local.month, 1) if by == "month" else (who or None)
            add(key, stage, slot, 1, seconds, seconds)
    rows = []
    if whole:
        histograms = DurationHistogram.objects.filter(_dim(claims), month__gte=first.date(), month__lt=last.date())
        if by == "month":
            # Months the edges also count in (a time zone's offset at the period's edges) are merged bucket by
            # bucket below; every other month's figures are read as they are (`_whole_month_rows`).
            touched = {key for key, _stage in groups}
            rows += _whole_month_rows(first, last, touched, claims)
            histograms = (  # one row per bucket, whoever the reviewer
                histograms.filter(who=ALL_REVIEWERS, month__in=touched).values_list("month", "stage", "bucket")
                .annotate(Sum("n"), Min("low"), Max("high")).order_by()
            )
        else:
            histograms = _reviewer_histograms(first, last, claims)
        for key, stage, slot, n, low, high in histograms:
            add(key or None if by == "who" else key, stage, slot, n, low, high)
    for (key, stage), slots in groups.items():
        buckets = [tuple(slots[slot]) for slot in sorted(slots)]
        n = sum(b[0] for b in buckets)
        rows.append((key, stage, (n, histogram_percentile(buckets, 0.5), histogram_percentile(buckets, 0.9))))
    return rows


def _whole_month_rows(first: datetime.datetime, last: datetime.datetime, touched: set,
                      claims: Selection) -> list[tuple[Any, str, tuple[int, float, float]]]:
    """(month, stage, (count, median, p90)) of the whole UTC months in [first, last) but `touched`: for one
    dimension the rows the steps keep (`DurationMonth`), for a language with subtags (several dimensions,
    whose histograms add up) ranked from the histograms by the database (`_month_percentiles`)."""
    dims = _dims(claims)
    if len(dims) > 1:
        return _month_percentiles(
            DurationHistogram.objects.filter(dim__in=dims, who=ALL_REVIEWERS, month__gte=first.date(), month__lt=last.date())
            .exclude(month__in=touched)
        )
    found = (
        DurationMonth.objects.filter(dim=dims[0], month__gte=first.date(), month__lt=last.date(), n__gt=0)
        .exclude(month__in=touched).values_list("month", "stage", "n", "median", "p90")
    )
    return [(month, CYCLE if stage == CYCLE_STAGE else stage, (n, median, p90)) for month, stage, n, median, p90 in found]


def _reviewer_histograms(first: datetime.datetime, last: datetime.datetime, claims: Selection) -> list[tuple]:
    """(who, stage, bucket, count, shortest, longest) of the months [first, last) per reviewer: the whole UTC
    years among them from `DurationYearHistogram`, the months before and after from `DurationHistogram`."""
    first_year = first.date() if first.month == 1 else datetime.date(first.year + 1, 1, 1)
    last_year = datetime.date(last.year, 1, 1)
    sums = ("who", "stage", "bucket")
    months = DurationHistogram.objects.filter(_dim(claims), who__gt=ALL_REVIEWERS)  # each reviewer (0: none)
    if first_year < last_year:
        months = months.filter(Q(month__gte=first.date(), month__lt=first_year) | Q(month__gte=last_year, month__lt=last.date()))
        years = DurationYearHistogram.objects.filter(_dim(claims), year__gte=first_year, year__lt=last_year)
        parts = [years.values_list(*sums).annotate(Sum("n"), Min("low"), Max("high")).order_by()]
    else:
        months = months.filter(month__gte=first.date(), month__lt=last.date())
        parts = []
    parts.append(months.values_list(*sums).annotate(Sum("n"), Min("low"), Max("high")).order_by())
    return [row for part in parts for row in part]


def _month_percentiles(histograms: QuerySet[DurationHistogram]) -> list[tuple[Any, str, tuple[int, float, float]]]:
    """(month, stage, (count, median, p90)) of whole UTC months, as `histogram_percentile` gives them, with the
    database finding the buckets that hold the ranks they read: a running count per (month, stage) in bucket
    order, and only the buckets around the ranks of the median and the 90th percentile come back (a few per
    month and stage instead of every bucket: ten years are ~1.5k rows, not ~18k)."""
    sql, params = histograms.values("month", "stage", "bucket").order_by().query.sql_with_params()
    where = sql[sql.index(" WHERE ") :] if " WHERE " in sql else ""
    table = DurationHistogram._meta.db_table
    query = f"""
        WITH b AS (
            SELECT month, stage, bucket, CAST(SUM(n) AS BIGINT) AS n, MIN(low) AS low, MAX(high) AS high
            FROM {table}{where} GROUP BY month, stage, bucket
        ), c AS (
            SELECT month, stage, n, low, high,
                   CAST(SUM(n) OVER (PARTITION BY month, stage ORDER BY bucket) AS BIGINT) - n AS before,
                   CAST(SUM(n) OVER (PARTITION BY month, stage) AS BIGINT) AS total
            FROM b
        )
        SELECT month, stage, total, before, n, low, high FROM c
        WHERE (before <= (total - 1) / 2 + 2 AND before + n > (total - 1) / 2 - 1)
           OR (before <= (9 * (total - 1)) / 10 + 2 AND before + n > (9 * (total - 1)) / 10 - 1)
    """
    found: dict[tuple[Any, str], tuple[int, list[tuple[int, int, int, int]]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for month, stage, total, before, n, low, high in cursor.fetchall():
            if isinstance(month, str):
                month = datetime.date.fromisoformat(month)
            key = (month, CYCLE if stage == CYCLE_STAGE else stage)
            found.setdefault(key, (total, []))[1].append((before, n, low, high))
    return [(month, stage, (total, ranked_percentile(parts, total, 0.5), ranked_percentile(parts, total, 0.9)))
            for (month, stage), (total, parts) in found.items()]


def _duration_rows(period: Period, claims: Selection, by: str) -> list[tuple[Any, str, tuple[int, float, float]]]:
    """(month or reviewer, stage, (count, median, p90)) in stage order. Without a claim filter or with one
    language from the monthly histograms (fast, percentiles within the bucket bound); with any other filter,
    exact over the selected claims' steps."""
    if _from_rollups(claims):
        rows = _histogram_duration_rows(period, by, claims)
    elif by == "month":
        def month(step: _Fact) -> datetime.date:
            return _local_month(step.at, period.tz)

        rows = _exact_duration_rows(_selected_steps(period, claims), month, month)
    else:
        rows = _exact_duration_rows(_selected_steps(period, claims), attrgetter("reviewer_id"), attrgetter("credited_id"))
    order = {s: i for i, s in enumerate([*TIMED_STATES, CYCLE])}
    return sorted(rows, key=lambda r: (r[0] is None, r[0] if r[0] is not None else 0, order[r[1]]))


DURATION_COLUMNS = [
    ("stage", gettext_lazy("Stage")),
    ("count", gettext_lazy("Count")),
    ("median_hours", gettext_lazy("Median (hours)")),
    ("p90_hours", gettext_lazy("90th percentile (hours)")),
]


def durations_by_month(period: Period, claims: Selection = None) -> Figure:
    """Time in each state and from submission to publication, per month of the user's time zone."""
    rows = []
    found = _duration_rows(period, claims, "month")
    found.sort(key=lambda r: r[0], reverse=True)  # newest month first; stages keep their order (stable sort)
    stages = _stage_labels()
    for when, stage, (n, p50, p90) in found:
        rows.append({"month": when.strftime("%Y-%m"), "stage": stages[stage], "stage_key": stage,
                     "count": n, "median_hours": _hours(p50), "p90_hours": _hours(p90)})
    return Figure(
        "durations_by_month",
        _("Time in each state and from submission to publication, per month"),
        _("Median and 90th percentile in hours, newest month first; a stay counts in the month it ended."),
        [("month", _("Month")), *DURATION_COLUMNS],
        rows,
        {"kind": "bars", "label": ("month", "stage"), "values": ["median_hours", "p90_hours"], "mode": "overlay"},
    )


def durations_by_reviewer(period: Period, claims: Selection = None) -> Figure:
    """The same times per reviewer: a stay belongs to the reviewer assigned during it, a publication to
    the reviewer whose verdict was published."""
    found = _duration_rows(period, claims, "who")
    labels, stages = _user_labels(r[0] for r in found), _stage_labels()
    rows = [
        {"reviewer": labels.get(who, str(who)), "stage": stages[stage], "stage_key": stage,
         "count": n, "median_hours": _hours(p50), "p90_hours": _hours(p90)}
        for who, stage, (n, p50, p90) in found
    ]
    return Figure(
        "durations_by_reviewer",
        _("Time in each state and from submission to publication, per reviewer"),
        _("Median and 90th percentile in hours. A stay belongs to the reviewer assigned during it; "
          "a publication to the reviewer whose verdict was published."),
        [("reviewer", _("Reviewer")), *DURATION_COLUMNS],
        rows,
        {"kind": "bars", "label": ("reviewer", "stage"), "values": ["median_hours", "p90_hours"], "mode": "overlay"},
    )


def open_by_age(now: datetime.datetime | None = None, claims: Selection = None) -> Figure:
    """Claims still open (`claims.selectors.open_claims`, as the dashboard counts them), by state and how long
    they have waited in it (now, whatever the period).

    A claim's wait starts at the step that brought it into its state (`ClaimFlow.state_since`); a claim no step
    has touched yet (a draft just written) has no flow row and waits since it was written. Counting flow rows
    alone left those drafts out (the quickstart desk showed 1 draft here and 11 on the dashboard)."""
    now = now or timezone.now()
    open_now = open_claims()
    if isinstance(claims, OneLanguage):  # open now: the claim's language now
        open_now = open_now.filter(claims.matching())
    elif isinstance(claims, ClaimIds):
        open_now = open_now.filter(claims.matching("pk"))
    elif claims is not None:
        open_now = open_now.filter(pk__in=claims.values("pk"))
    cutoffs = {f"over_{d}d": now - datetime.timedelta(days=d) for d in AGE_DAYS}
    # Stepped: the flow row of the claim's present state. Not stepped yet: waiting since it was written.
    stepped = ClaimFlow.objects.filter(state__in=TIMED_STATES, claim__in=open_now, claim__state=F("state"))
    unstepped = open_now.exclude(Exists(ClaimFlow.objects.filter(claim_id=OuterRef("pk"), state=OuterRef("state"))))
    counts: dict[str, Counter] = defaultdict(Counter)
    for rows, since in ((stepped, "state_since"), (unstepped, "created_at")):
        for row in rows.values("state").annotate(
            total=Count("pk"), **{name: Count("pk", filter=Q(**{f"{since}__lt": cut})) for name, cut in cutoffs.items()},
        ).order_by():
            counts[row.pop("state")].update(row)
    rows = []
    for state in TIMED_STATES:
        found = counts.get(state, {})
        total = found.get("total", 0)
        over = [found.get(f"over_{d}d", 0) for d in AGE_DAYS]
        rows.append({
            "state": str(State(state).label), "state_key": state, "open": total,
            "over_1d": over[0], "over_3d": over[1], "over_7d": over[2],
            # the chart stacks disjoint bands
            "band_0_1": total - over[0], "band_1_3": over[0] - over[1], "band_3_7": over[1] - over[2], "band_7": over[2],
        })
    return Figure(
        "open_by_age",
        _("Open claims by state and age"),
        _("Claims waiting now, by how long they have been in their state (not limited to the period)."),
        [("state", _("State")), ("open", _("Open")), ("over_1d", _("Waiting > 1 day")),
         ("over_3d", _("Waiting > 3 days")), ("over_7d", _("Waiting > 7 days"))],
        rows,
        {"kind": "bars", "label": ("state",), "mode": "stacked",
         "values": ["band_0_1", "band_1_3", "band_3_7", "band_7"],
         "legend": [_("≤ 1 day"), _("1–3 days"), _("3–7 days"), _("> 7 days")]},
    )


THROUGHPUT = {"submitted": ("submit",), "published": ("publish",), "rejected": ("reject",), "corrected": ("correct", "publish_correction")}


def _utc_day_start(at: datetime.datetime, *, up: bool) -> datetime.datetime:
    at = at.astimezone(datetime.UTC)
    start = datetime.datetime(at.year, at.month, at.day, tzinfo=datetime.UTC)
    return start + datetime.timedelta(days=1) if up and start < at else start


def throughput_by_week(period: Period, claims: Selection = None) -> Figure:
    """Steps per week (weeks start on Monday in the user's time zone). Without a claim filter whole UTC days
    come from the day counts (`StepDay`) and only the hours at the period's edges from the step rows."""
    counts: dict[datetime.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(THROUGHPUT, 0))
    kind = {action: key for key, actions in THROUGHPUT.items() for action in actions}
    if not _from_rollups(claims):
        steps = _tally(_selected_steps(period, claims), lambda s: _local_week(s.at, period.tz), kind)
    else:
        facts = _facts(period, claims).filter(action__in=list(kind))
        begin, finish = period.bounds
        first, last = _utc_day_start(begin, up=True), _utc_day_start(finish, up=False)
        if first < last:
            for week, action, n in (
                StepDay.objects.filter(_dim(claims), day__gte=first.date(), day__lt=last.date(), action__in=kind)
                .annotate(week=Cast(TruncWeek("day"), DateField()))  # a date: no timestamp to parse per row
                .values_list("week", "action").annotate(Sum("n")).order_by()
            ):  # summed per week (Monday) by the database: ten years are ~2k rows, not ~15k days
                counts[week.date() if isinstance(week, datetime.datetime) else week][kind[action]] += n
            facts = facts.filter(Q(at__lt=first) | Q(at__gte=last))
        steps = (facts.annotate(week=TruncWeek("at", tzinfo=period.tz)).values_list("week", "action")
                 .annotate(n=Count("pk")).order_by())
    for week, action, n in steps:
        counts[week.date() if isinstance(week, datetime.datetime) else week][kind[action]] += n
    rows = [{"week": week.isoformat(), **values} for week, values in sorted(counts.items())]
    return Figure(
        "throughput_by_week",
        _("Throughput per week"),
        _("Claims submitted, published, rejected and corrected, per week starting on Monday."),
        [("week", _("Week of")), ("submitted", _("Submitted")), ("published", _("Published")),
         ("rejected", _("Rejected")), ("corrected", _("Corrected"))],
        rows,
        {"kind": "columns", "label": "week", "values": ["submitted", "published", "rejected", "corrected"]},
    )


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def reviewer_rates(period: Period, claims: Selection = None) -> Figure:
    """How often the second pair of eyes disagrees, per reviewer whose verdict was judged:
    send-back rate = sent back / (sent back + approved); correction rate = corrected / published."""
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        ("send_back", "approve", "publish", "correct"), 0))
    judged = ("send_back", "approve", "publish", "correct", "publish_correction")
    if not _from_rollups(claims):
        steps = _tally(_selected_steps(period, claims), attrgetter("credited_id"), judged)
    else:
        facts = _facts(period, claims).filter(action__in=judged)
        # Whole UTC months from the monthly counts, the days at the period's edges from the step rows.
        first, last = _whole_utc_months(period)
        if first < last:
            for who, action, n in (
                StepMonth.objects.filter(_dim(claims), action__in=judged, month__gte=first.date(), month__lt=last.date())
                .values_list("who", "action").annotate(Sum("n")).order_by()
            ):
                counts[who or None]["correct" if action == "publish_correction" else action] += n
            facts = _outside(facts, period, first, last)
        steps = facts.values_list("credited_id", "action").annotate(n=Count("pk")).order_by()
    for who, action, n in steps:
        counts[who]["correct" if action == "publish_correction" else action] += n
    labels = _user_labels(counts)
    rows = []
    for who, c in sorted(counts.items(), key=lambda item: labels.get(item[0], "").lower()):
        decided = c["send_back"] + c["approve"]
        rows.append({
            "reviewer": labels.get(who, str(who)), "decided": decided, "sent_back": c["send_back"],
            "send_back_rate": _rate(c["send_back"], decided), "published": c["publish"],
            "corrected": c["correct"], "correction_rate": _rate(c["correct"], c["publish"]),
        })
    return Figure(
        "reviewer_rates",
        _("Send-back and correction rate per reviewer"),
        _("Send-back rate: verdicts sent back among those decided. Correction rate: corrections among "
          "the reviewer's published verdicts. Percent."),
        [("reviewer", _("Reviewer")), ("decided", _("Verdicts decided")), ("sent_back", _("Sent back")),
         ("send_back_rate", _("Send-back rate (%)")), ("published", _("Published")),
         ("corrected", _("Corrected")), ("correction_rate", _("Correction rate (%)"))],
        rows,
        {"kind": "bars", "label": ("reviewer",), "values": ["send_back_rate", "correction_rate"], "mode": "grouped",
         "legend": [_("Send-back rate (%)"), _("Correction rate (%)")], "max": 100},
    )


# (path to the group's id, its label, where its names are). An outlet is the one that published the
# source the claim was reported by (one per claim; the claim list's `via` also follows the chain's hops).
RATING_GROUPS = {
    # The facts carry the claim's speaker and source (`StepFact.speaker`, `reported_by`): no join to the claims.
    "speaker": ("speaker_id", gettext_lazy("Speaker"), Speaker.objects),
    "organisation": ("speaker__affiliation_id", gettext_lazy("Organisation"), Speaker.objects),
    "outlet": ("reported_by__outlet_id", gettext_lazy("Outlet"), Outlet.objects),
}


def _ratings_in_force(period: Period, claims: Selection) -> QuerySet[StepFact]:
    begin, finish = period.bounds
    facts = StepFact.objects.filter(
        action__in=("publish", "correct", "publish_correction"), at__lt=finish, publication_at__gte=begin, publication_at__lt=finish
    ).filter(Q(superseded_at__isnull=True) | Q(superseded_at__gte=finish))
    return _selected(facts, claims)


def _rating_rows(period: Period, claims: Selection) -> dict[str, list[tuple]]:
    """For each of `RATING_GROUPS`: (who, name, rating label, value, count) of the ratings in force. One
    aggregation for the three mixes (the ratings counted once per speaker, organisation, outlet and rating),
    summed per group in one pass here; kept in the cache under the rollups' generation, like the figures, so
    the page, the CSVs and the API share it. (Summing per group in the database as well, with the names
    joined in, cost more than it saved: ~25 ms at 100k claims.)"""
    seconds = settings.ANALYTICS_CACHE_SECONDS
    key = _key("rating_rows", period, claims)
    found = cache.get(key) if seconds > 0 else None
    if found is None:
        paths = [path for path, _label, _names in RATING_GROUPS.values()]
        sums: list[dict[tuple, int]] = [defaultdict(int) for _group in RATING_GROUPS]
        for *whos, label, value, n in (
            _ratings_in_force(period, claims).values_list(*paths, "rating_label", "rating_value")
            .annotate(n=Count("*")).order_by()  # COUNT(*): the rows come from the covering index alone
        ):
            for who, counted in zip(whos, sums):
                counted[(who, label, value)] += n
        found = {}
        for (group, (_path, _label, manager)), counted in zip(RATING_GROUPS.items(), sums):
            names = _names(manager, {who for who, _label, _value in counted})
            found[group] = [(who, names.get(who), label, value, n) for (who, label, value), n in counted.items()]
        if seconds > 0:
            cache.set(key, found, seconds)
    return found


def _names(manager, ids: set) -> dict[Any, str]:
    return dict(manager.filter(one_of("pk", [i for i in ids if i is not None])).values_list("pk", "name")) if ids - {None} else {}


def rating_mix(group: str, period: Period, claims: Selection = None) -> Figure:
    """Ratings in force per speaker, organisation or outlet (see the module docstring for which rating counts)."""
    return _mix_figure(group, RATING_GROUPS[group][1], _rating_rows(period, claims)[group])


def ratings_given(claims: QuerySet[Claim]) -> list[dict[str, Any]]:
    """The ratings in force now on `claims`, named as when given, truest first (the desk outlet page)."""
    found = (
        StepFact.objects.filter(action__in=("publish", "correct"), superseded_at__isnull=True,
                                claim__in=claims.order_by().values("pk"))
        .values_list("rating_label", "rating_value").annotate(n=Count("pk")).order_by()
    )
    rows = [{"rating": label, "value": value, "count": n} for label, value, n in found]
    return sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0), r["rating"]))


def _mix_figure(group: str, label: str, found: list[tuple]) -> Figure:
    """Pivot (who, name, rating label, rating value, count) into one row per who, one column per rating."""
    ratings = sorted({(value if value is not None else -1, lbl) for _who, _name, lbl, value, _n in found}, reverse=True)
    keys = {lbl: f"r{i}" for i, (_v, lbl) in enumerate(ratings)}
    empty = dict.fromkeys(keys.values(), 0)
    none = _("(none)")
    table: dict[Any, dict[str, Any]] = {}
    for who, name, lbl, _value, n in found:
        row = table.get(who)
        if row is None:
            row = table[who] = {"name": none if who is None else name or str(who), "total": 0, **empty}
        row[keys[lbl]] += n
        row["total"] += n
    rows = sorted(table.values(), key=lambda r: (-r["total"], r["name"]))
    return Figure(
        f"rating_mix_{group}",
        _("Rating mix per %(group)s") % {"group": str(label).lower()},
        _("Fact-checks first published in the period, with the rating in force at its end, "
          "named as it was when given."),
        [("name", str(label)), *[(keys[lbl], lbl) for _v, lbl in ratings], ("total", _("Total"))],
        rows,
        {"kind": "bars", "label": ("name",), "mode": "stacked", "values": [keys[lbl] for _v, lbl in ratings],
         "legend": [lbl for _v, lbl in ratings], "limit": MAX_CHART_ROWS},
    )


FIGURES = [
    "durations_by_month", "durations_by_reviewer", "open_by_age", "throughput_by_week", "reviewer_rates",
    "rating_mix_speaker", "rating_mix_organisation", "rating_mix_outlet",
]


def build(name: str, period: Period, claims: Selection = None,
          now: datetime.datetime | None = None) -> Figure:
    """One figure by its name (the page, each CSV and the API use this)."""
    if name == "open_by_age":
        return open_by_age(now, claims)
    if name.startswith("rating_mix_"):
        return rating_mix(name.removeprefix("rating_mix_"), period, claims)
    return globals()[name](period, claims)


def _key(name: str, period: Period, claims: Selection) -> str:
    if isinstance(claims, OneLanguage):
        selection = f"language={claims.code}"
    elif isinstance(claims, ClaimIds):
        selection = "ids:" + hashlib.sha256(",".join(map(str, claims.ids)).encode()).hexdigest()[:32]
    else:
        selection = "" if claims is None else hashlib.sha256(str(claims.query).encode()).hexdigest()[:32]
    return ":".join(("analytics", str(generation()), name, str(period.start), str(period.end), str(period.tz),
                     get_language() or "", selection))


def cached(name: str, period: Period, claims: Selection = None) -> Figure:
    """`build`, reused until the rollups change (`rollups.generation`) or `ANALYTICS_CACHE_SECONDS` pass.

    The page, its CSV files and the API ask for the same figures with the same parameters; only the
    first pays for the aggregation. The ageing figure depends on the clock as well: it is reused within the
    same minute only (`AGEING_SECONDS`; it counts waits of days). Names (speakers, reviewers) edited since
    show after at most `ANALYTICS_CACHE_SECONDS`.
    """
    seconds = settings.ANALYTICS_CACHE_SECONDS
    if seconds <= 0:
        return build(name, period, claims)
    key = _key(name, period, claims)
    if name == "open_by_age":
        # Keyed on the latest change to an open claim too: a draft just written is no workflow step.
        stamp = latest_change(OPEN_STATES)
        key = f"{key}:{stamp[0].timestamp() if stamp[0] else 0}:{stamp[1]}:{int(timezone.now().timestamp()) // AGEING_SECONDS}"
        seconds = min(seconds, AGEING_SECONDS)
    figure = cache.get(key)
    if figure is None:
        figure = build(name, period, claims)
        cache.set(key, figure, seconds)
    return figure


def build_all(period: Period, claims: Selection = None,
              now: datetime.datetime | None = None) -> list[Figure]:
    with _sharing():
        return [build(name, period, claims, now) for name in FIGURES]


def cached_all(period: Period, claims: Selection = None) -> list[Figure]:
    with _sharing():
        return [cached(name, period, claims) for name in FIGURES]


DEFAULT_DAYS = 90
MAX_YEARS = 20


def parse_period(params, *, today: datetime.date | None = None) -> tuple[Period, list[str]]:
    """The period and time zone asked for (`period_from`, `period_until`, `tz`), and what was ignored and why.

    Like the claim list, a value that cannot be read is ignored and reported, never a 500:
    the period falls back to the last 90 days, the time zone to the desk's (`TIME_ZONE`).
    """
    problems: list[str] = []
    tz = timezone.get_current_timezone()
    name = (params.get("tz") or "").strip()
    if name:
        try:
            tz = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            problems.append(_("The time zone “%(tz)s” is unknown; the desk's time zone is used.") % {"tz": name[:60]})
    today = today or timezone.now().astimezone(tz).date()
    dates = {}
    for key, default in (("period_from", today - datetime.timedelta(days=DEFAULT_DAYS - 1)), ("period_until", today)):
        text = (params.get(key) or "").strip()
        try:
            dates[key] = datetime.date.fromisoformat(text) if text else default
            if not datetime.date(1900, 1, 1) <= dates[key] <= datetime.date(9000, 12, 31):
                raise ValueError(text)
        except ValueError:
            problems.append(_("The date “%(date)s” is not a date (YYYY-MM-DD) and was ignored.") % {"date": text[:20]})
            dates[key] = default
    start, end = dates["period_from"], dates["period_until"]
    if start > end:
        problems.append(_("The period started after it ended; the two dates were swapped."))
        start, end = end, start
    if (end - start).days > 366 * MAX_YEARS:
        problems.append(_("Periods are at most %(years)s years; the start was moved.") % {"years": MAX_YEARS})
        start = end - datetime.timedelta(days=366 * MAX_YEARS)
    return Period(start, end, tz if isinstance(tz, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(str(tz))), problems
