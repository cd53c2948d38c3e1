"""Dates in attribution sentences: the day a statement was said, from an absolute, partial or
relative expression (19 December, 「20日」, вчера, on Tuesday) resolved against the article's date.

The date words come from each language's rules (`intake.rules`); the general path builds them from
CLDR (Babel) for languages without a rules file.
"""

from __future__ import annotations

import datetime
import re

from . import agencies
from .rules import Rules
from .sentences import Sentence


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _month_number(text: str, rules: Rules) -> int | None:
    for number, pattern in enumerate(rules.months, start=1):
        if pattern.fullmatch(text):
            return number
    return None


def _previous_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def resolve_date(match: re.Match, rules: Rules, article_date: datetime.date | None) -> tuple[datetime.date | None, str]:
    """The date a date expression names, with its precision; relative ones against the article date."""
    groups = {key: value for key, value in match.groupdict().items() if value}
    try:
        year = int(groups["year"]) if "year" in groups else None
        month = int(groups["month"]) if "month" in groups else None
        if "monthname" in groups:
            month = _month_number(groups["monthname"], rules)
        day = int(groups["day"]) if "day" in groups else None
        if "offset" in groups:
            if article_date is None:
                return None, "unknown"
            shift = rules.offsets.get(groups["offset"].casefold())
            if shift is None:
                return None, "unknown"
            return article_date + datetime.timedelta(days=shift), "day"
        if "weekday" in groups:
            if article_date is None:
                return None, "unknown"
            spoken = groups["weekday"].casefold()
            for number, stem in enumerate(rules.weekdays):
                if stem in spoken:
                    back = (article_date.weekday() - number) % 7
                    return article_date - datetime.timedelta(days=back), "day"
            return None, "unknown"
        if month is None and day is not None:  # 「20日」: that day of the article's month (or the month before)
            if article_date is None:
                return None, "unknown"
            base = article_date if day <= article_date.day else _previous_month(article_date)
            return base.replace(day=day), "day"
        if month is None:
            return None, "unknown"
        if year is None:
            if article_date is None:
                return None, "unknown"
            year = article_date.year
            if (month, day or 1) > (article_date.month, article_date.day):
                year -= 1  # "on December 20" in a January article; but not a date months ahead
                if (article_date - datetime.date(year, month, day or 1)).days > 183:
                    return None, "unknown"
        if day is None:
            return datetime.date(year, month, 1), "month"
        return datetime.date(year, month, day), "day"
    except ValueError:  # 31 February, a month 13
        return None, "unknown"


def find_date(text: str, rules: Rules, article_date, after: int = 0, quotes=()) -> tuple[datetime.date | None, str, str]:
    """The first date in `text` at or after `after` (else the first at all), outside quotations."""
    matches = []
    for pattern in rules.dates:
        for match in pattern.finditer(text):
            if not _inside(match.start(), list(quotes)):
                matches.append(match)
    matches = [m for m in matches if not any(o is not m and o.start() <= m.start() and m.end() <= o.end() and (o.end() - o.start()) > (m.end() - m.start()) for o in matches)]
    matches.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
    ordered = [m for m in matches if m.start() >= after] + [m for m in matches if m.start() < after]
    for match in ordered:
        value, precision = resolve_date(match, rules, article_date)
        if value is not None and (article_date is None or value <= article_date):
            return value, precision, match.group(0)
    return None, "unknown", ""


def date_line(sentences: list[Sentence], rules: Rules, article_date: datetime.date | None) -> datetime.date | None:
    """The day a liveblog or transcript heads itself with: a short line near the top that is a date."""
    for sentence in sentences[:4]:
        if len(sentence.text) > 45 or agencies.find(sentence.text):  # "КИЇВ, 20 грудня /Укрінформ/.": a wire dateline dates the copy
            continue
        said_on, precision, date_text = find_date(sentence.text, rules, article_date)
        if said_on is None or precision != "day":
            continue
        rest = sentence.text
        for pattern in rules.dates:  # "Quarta-feira, 7 de agosto": the weekday and the date, nothing else
            rest = pattern.sub(" ", rest)
        if len(date_text) >= len(sentence.text.strip(" .").split(".")[0]) // 3 or (" " in sentence.text.strip() and len(re.findall(r"[^\W\d_]+", rest)) <= 2):
            return said_on
    return None


def transcript_intro_date(sentences: list[Sentence], answers: dict, rules: Rules, article_date: datetime.date | None) -> datetime.date | None:
    """A transcript's introduction dates it: "…прэс-канферэнцыі …, якая адбылася ў чацвер, 25 студзеня.",
    "… de persconferentie die … vrijdagmiddag gaven …" (the sentences just before its first labelled line)."""
    labelled = [s for s in sentences if s.line in answers and answers[s.line].speaker is not None]
    if not labelled:
        return None
    first = sentences.index(labelled[0])
    for sentence in reversed(sentences[max(0, first - 3) : first]):
        said_on, precision, _text = find_date(sentence.text, rules, article_date)
        if said_on is not None and precision == "day":
            return said_on
    return None
