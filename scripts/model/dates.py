"""EDTF dates of the forms the schema allows, bounded by the conventions the README writes down.

The forms: a year, a month, a day or a season (21 spring ... 24 winter), each optionally qualified
(? uncertain, ~ approximate, % both), and intervals a/b with ".." for an open end (EDTF levels 0-1).
They are parsed here rather than with the `edtf` library: its pyparsing grammar cost more than the
rest of a build, it ends a winter on 31 December, and it refuses an uncertain season. The tests hold
this parser to the library's bounds on every form both accept.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

PART = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<qualifier>[?~%])?")  # ASCII digits only
SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}  # meteorological, northern; 13, 14: January, February next year
OPEN = ".."


@dataclass(frozen=True)
class DateBounds:
    start: datetime.date | None  # None for an open start ("..")
    end: datetime.date | None  # None for an open end
    precision: str  # day, month, season, year, or interval
    uncertain: bool  # the bounds hold only if the uncertain ("?"), approximate ("~") or both ("%") parts do


def _month_end(year: int, month: int) -> datetime.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _part(text: str, whole: str) -> tuple[datetime.date, datetime.date, str]:
    """Earliest day, latest day and precision of one side of a date; ValueError naming what is wrong."""
    match = PART.fullmatch(text)
    if match is None:
        raise ValueError(f"{whole!r} is not a valid EDTF date")
    year, month, day = int(match["year"]), match["month"], match["day"]
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year"
    number = int(month)
    if day is None and number in SEASON_MONTHS:
        first, last = SEASON_MONTHS[number]
        return datetime.date(year, first, 1), _month_end(year, last), "season"
    if not 1 <= number <= 12:
        raise ValueError(f"{whole!r} is not a valid EDTF date (no month or season {month})")
    if day is None:
        return datetime.date(year, number, 1), _month_end(year, number), "month"
    try:
        exact = datetime.date(year, number, int(day))
    except ValueError as err:
        raise ValueError(f"{whole!r} is not a valid EDTF date ({err})") from err
    return exact, exact, "day"


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateBounds:
    """Bounds of an EDTF date; raises ValueError naming what is wrong (bad form, impossible day, reversed interval)."""
    parts = text.split("/")
    if len(parts) > 2 or not all(parts) or text == OPEN:
        raise ValueError(f"{text!r} is not a valid EDTF date")
    if parts == [OPEN, OPEN]:
        raise ValueError(f"{text!r} is open at both ends: no bound at all")
    uncertain = any(q in text for q in "?~%")
    if len(parts) == 1:
        return DateBounds(*_part(text, text), uncertain)
    start = None if parts[0] == OPEN else _part(parts[0], text)[0]
    end = None if parts[1] == OPEN else _part(parts[1], text)[1]
    if start and end and start > end:
        raise ValueError(f"{text!r} starts after it ends ({start} > {end})")
    return DateBounds(start, end, "interval", uncertain)


def chronological(events: list[dict]) -> list[dict]:
    """Events in time order, as the README's timeline, its SQL query and the chart list them: by the latest day each
    can have happened, then by the earliest (an open start counts as its end), then by id."""
    return sorted(events, key=lambda e: (e["date_end"], e["date_start"] or e["date_end"], e["event_id"]))
