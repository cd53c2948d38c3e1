"""Server-rendered SVG charts: no script, no inline style (the CSP allows neither), readable by screen readers.

Each chart is `<svg role="img">` with a `<title>` and a `<desc>`; colours come from classes
(`chart-s0` … in `static/css/desk.css` and `public.css`). The numbers stay available as a
table next to the chart (the templates' `_chart.html`) and as CSV.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_ids = itertools.count(1)

LABEL_W, PLOT_W, ROW_H, TOP = 230, 440, 24, 30


def format_html(template: str, *args: Any, **kwargs: Any) -> str:
    """Like Django's, but numbers keep their format specs (`{:.1f}`); everything else is escaped."""

    def clean(value: Any) -> Any:
        return value if isinstance(value, int | float) and not isinstance(value, bool) else conditional_escape(value)

    return mark_safe(template.format(*map(clean, args), **{k: clean(v) for k, v in kwargs.items()}))


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _legend(names: Sequence[str], y: int = 14) -> list[str]:
    parts, x = [], LABEL_W
    for i, name in enumerate(names):
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" class="chart-s{}"/>', x, y - 10, i))
        parts.append(format_html('<text x="{}" y="{}" class="chart-text">{}</text>', x + 16, y, name))
        x += 24 + 7 * len(str(name))
    return parts


def _svg(title: str, desc: str, width: int, height: int, body: list[str]) -> SafeString:
    n = next(_ids)
    return mark_safe(format_html(
        '<svg class="chart" role="img" aria-labelledby="chart-t{n} chart-d{n}" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-t{n}">{title}</title><desc id="chart-d{n}">{desc}</desc>{body}</svg>',
        n=n, w=width, h=height, title=title, desc=desc, body=mark_safe("".join(body)),
    ))


def bars(title: str, desc: str, rows: list[dict], label: Sequence[str], values: Sequence[str], *,
         mode: str = "grouped", legend: Sequence[str] = (), limit: int = 40, top: float | None = None,
         colour_rows: bool = False) -> SafeString:
    """Horizontal bars, one row per table row: `overlay` (first value drawn over the second, e.g. median
    over p90), `stacked` (segments add up) or `grouped` (one thin bar per value)."""
    rows = rows[:limit]
    totals = [sum(_num(r.get(v)) for v in values) if mode == "stacked" else max([_num(r.get(v)) for v in values] or [0])
              for r in rows]
    scale = PLOT_W / max(top or 0, max(totals or [0]), 1e-9)
    height = TOP + max(len(rows), 1) * ROW_H + 10
    body = _legend(legend)
    if not rows:
        body.append(format_html('<text x="{}" y="{}" class="chart-text">{}</text>', LABEL_W, TOP + 14, "–"))
    for i, row in enumerate(rows):
        y = TOP + i * ROW_H
        name = " · ".join(str(row.get(k, "")) for k in label)
        body.append(format_html('<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
                                LABEL_W - 6, y + 15, name[:40]))
        if mode == "stacked":
            x = LABEL_W
            for j, key in enumerate(values):
                w = _num(row.get(key)) * scale
                if w > 0:
                    body.append(format_html('<rect x="{:.1f}" y="{}" width="{:.1f}" height="18" class="chart-s{}"/>',
                                            x, y + 2, w, j))
                x += w
            body.append(format_html('<text x="{:.1f}" y="{}" class="chart-text">{}</text>', x + 4, y + 15,
                                    _fmt(totals[i])))
        elif mode == "overlay":
            for j, key in reversed(list(enumerate(values))):
                w = _num(row.get(key)) * scale
                h, dy = (18, 2) if j else (10, 6)
                body.append(format_html('<rect x="{}" y="{}" width="{:.1f}" height="{}" class="chart-s{}"/>',
                                        LABEL_W, y + dy, w, h, j))
            body.append(format_html('<text x="{:.1f}" y="{}" class="chart-text">{}</text>',
                                    LABEL_W + totals[i] * scale + 4, y + 15,
                                    " / ".join(_fmt(row.get(v)) for v in values)))
        else:
            h = 18 / len(values)
            for j, key in enumerate(values):
                w = _num(row.get(key)) * scale
                body.append(format_html('<rect x="{}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="chart-s{}"/>',
                                        LABEL_W, y + 2 + j * h, w, h, (i if colour_rows else j) % 7))
            body.append(format_html('<text x="{:.1f}" y="{}" class="chart-text">{}</text>',
                                    LABEL_W + totals[i] * scale + 4, y + 15,
                                    " / ".join(_fmt(row.get(v)) for v in values)))
    return _svg(title, desc, LABEL_W + PLOT_W + 90, height, body)


def columns(title: str, desc: str, rows: list[dict], label: str, values: Sequence[str], *,
            legend: Sequence[str] = ()) -> SafeString:
    """Grouped vertical columns, one group per row (e.g. a week), one column per value."""
    plot_h, left, bottom = 180, 40, 40
    group_w = max(8, min(60, 900 // max(len(rows), 1)))
    width = left + max(len(rows), 1) * group_w + 20
    top = max([_num(r.get(v)) for r in rows for v in values] or [0]) or 1
    body = _legend(legend)
    y0 = TOP + plot_h
    body.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"/>', left, y0, width - 10, y0))
    body.append(format_html('<text x="{}" y="{}" class="chart-text" text-anchor="end">{}</text>', left - 4, TOP + 10,
                            _fmt(top)))
    body.append(format_html('<text x="{}" y="{}" class="chart-text" text-anchor="end">0</text>', left - 4, y0))
    step = max(1, math.ceil(80 / group_w))  # a date label needs ~75 px
    bar_w = (group_w - 2) / len(values)
    for i, row in enumerate(rows):
        x = left + i * group_w
        for j, key in enumerate(values):
            h = _num(row.get(key)) / top * plot_h
            if h > 0:
                body.append(format_html('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="chart-s{}">'
                                        "<title>{} {}: {}</title></rect>",
                                        x + j * bar_w, y0 - h, bar_w, h, j, row.get(label), legend[j] if legend else key,
                                        _fmt(row.get(key))))
        if i % step == 0:
            body.append(format_html('<text x="{}" y="{}" class="chart-label">{}</text>', x, y0 + 16, row.get(label)))
    if not rows:
        body.append(format_html('<text x="{}" y="{}" class="chart-text">–</text>', left + 10, y0 - 10))
    return _svg(title, desc, max(width, LABEL_W + 60 * len(values) + 200), y0 + bottom, body)


# A time series longer than this many columns is drawn per month (the table and the CSV keep every row):
# two years of weeks still read at a glance, ten years of weeks (~520 groups of thin columns) do not.
MAX_COLUMNS = 106


def by_month(rows: list[dict], label: str, values: Sequence[str]) -> list[dict]:
    """Rows labelled with ISO dates, summed per month ("2024-03"), oldest first."""
    months: dict[str, dict] = {}
    for row in rows:
        month = str(row.get(label))[:7]
        found = months.setdefault(month, {label: month, **dict.fromkeys(values, 0)})
        for key in values:
            value = row.get(key)
            found[key] += value if isinstance(value, int | float) and not isinstance(value, bool) else 0
    return [months[m] for m in sorted(months)]


def table_body(figure) -> SafeString:
    """The `<tr>` rows of the table under a chart (`Figure.page_table`): the first cell heads its row, an empty
    one shows "–". Built here rather than in a template loop: a ten-year page has ~2,000 cells, and a cell costs
    a template ~40 µs against ~2 µs here."""

    def cell(value: Any) -> str:
        return "–" if value is None else conditional_escape(localize(value))

    return mark_safe("".join(
        '<tr><th scope="row">' + cell(row[0]) + "</th>" + "".join("<td>" + cell(v) + "</td>" for v in row[1:]) + "</tr>"
        for row in figure.page_table()
    ))


def draw(figure) -> SafeString:
    """The chart of an `analytics.figures.Figure`, as its `chart` spec says."""
    spec = figure.chart
    labels = dict(figure.columns)
    legend = [str(x) for x in spec.get("legend") or [labels.get(v, v) for v in spec["values"]]]
    if spec["kind"] == "columns":
        rows, desc = figure.rows, figure.description
        if len(rows) > MAX_COLUMNS:
            rows = by_month(rows, spec["label"], spec["values"])
            desc = f"{desc} {_('Drawn per month for a period this long; the table and the CSV have every row.')}"
        return columns(figure.title, desc, rows, spec["label"], spec["values"], legend=legend)
    return bars(figure.title, figure.description, figure.rows, spec["label"], spec["values"], mode=spec["mode"],
                legend=legend, limit=spec.get("limit", 40), top=spec.get("max"))



def timeline(title: str, desc: str, points: list[dict], lanes: Sequence[str]) -> SafeString:
    """One dot per item at its `date`, in the lane of its `rating` (a strip plot: when, and how it rated).
    Each dot carries its own `<title>` (date, rating, statement) for pointer users."""
    left, width, lane_h = LABEL_W, PLOT_W, 22
    height = TOP + max(len(lanes), 1) * lane_h + 30
    body: list[str] = []
    if points:
        first, last = points[0]["date"], points[-1]["date"]
        span = max((last - first).days, 1)
        y_axis = TOP + len(lanes) * lane_h
        body.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"/>', left, y_axis,
                                left + width, y_axis))
        body.append(format_html('<text x="{}" y="{}" class="chart-label">{}</text>', left, y_axis + 16,
                                first.isoformat()))
        body.append(format_html('<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>', left + width,
                                y_axis + 16, last.isoformat()))
        for i, lane in enumerate(lanes):
            body.append(format_html('<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
                                    left - 6, TOP + i * lane_h + 15, lane[:36]))
        index = {lane: i for i, lane in enumerate(lanes)}
        for point in points:
            x = left + (point["date"] - first).days / span * width
            lane = index.get(point["rating"], 0)
            body.append(format_html(
                '<circle cx="{:.1f}" cy="{}" r="5" class="chart-s{}"><title>{} · {} · {}</title></circle>',
                x, TOP + lane * lane_h + 11, lane % 7, point["date"].isoformat(), point["rating"],
                str(point["statement"])[:120],
            ))
    else:
        body.append(format_html('<text x="{}" y="{}" class="chart-text">–</text>', left, TOP + 14))
    return _svg(title, desc, left + width + 40, height, body)
