"""EDTF dates: validated with the `edtf` library, bounded by the conventions the README writes down.

Seasons are meteorological and northern (spring March–May ... winter December–February of the next
year); the `edtf` library ends a winter on 31 December, so season bounds are computed here. Bounds read
an uncertain date ("2018-03?") as if its uncertain parts hold; `uncertain` says so.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}[?~%]?$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])[?~%]?$")
_SEASON = re.compile(r"^(?P<year>\d{4})-(?P<season>2[1-4])[?~%]?$")
_YEAR = re.compile(r"^\d{4}[?~%]?$")
SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}  # 13 and 14: January and February of the next year
QUALIFIERS = "?~%"


@dataclass(frozen=True)
class DateBounds:
    edtf: str
    start: datetime.date | None  # None for an open start ("..")
    end: datetime.date | None  # None for an open end
    precision: str
    uncertain: bool  # the bounds hold only if the uncertain ("?") or approximate ("~") parts do


def _to_date(value: time.struct_time | float) -> datetime.date | None:
    if isinstance(value, float) and math.isinf(value):
        return None
    return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)


def _precision(part: str) -> str:
    for name, pattern in (("day", _DAY), ("season", _SEASON), ("month", _MONTH), ("year", _YEAR)):
        if pattern.match(part):
            return name
    raise ValueError(f"unsupported EDTF form {part!r}")


def _month(year: int, month: int) -> tuple[int, int]:
    return (year + (month - 1) // 12, (month - 1) % 12 + 1)


def _part_bounds(part: str) -> tuple[datetime.date | None, datetime.date | None]:
    """Earliest and latest day of one side of a date (a season by the conventions above)."""
    if part in ("..", ""):
        return None, None
    season = _SEASON.match(part)
    if season:
        year, (first, last) = int(season["year"]), SEASON_MONTHS[int(season["season"])]
        y1, m1 = _month(year, first)
        y2, m2 = _month(year, last)
        return datetime.date(y1, m1, 1), datetime.date(y2, m2, calendar.monthrange(y2, m2)[1])
    parsed = parse_edtf(part)
    if _DAY.match(part):
        datetime.date.fromisoformat(part.rstrip(QUALIFIERS))  # the library accepts 2018-02-30
    return _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateBounds:
    """Bounds of an EDTF date; raises ValueError naming what is wrong (bad form, impossible day, reversed interval)."""
    try:
        parse_edtf(text)
    except EDTFParseException as err:
        raise ValueError(f"{text!r} is not a valid EDTF date") from err
    parts = text.split("/")
    try:
        for part in parts:
            if part != "..":
                _precision(part)
        bounds = [_part_bounds(part) for part in parts]
    except ValueError as err:
        if "unsupported EDTF form" in str(err):
            raise
        raise ValueError(f"{text!r} is not a real date ({err})") from err
    start, end = bounds[0][0], bounds[-1][1]
    if start and end and start > end:
        raise ValueError(f"{text!r} starts after it ends ({start} > {end})")
    if start is None and end is None:
        raise ValueError(f"{text!r} is open at both ends: no bound at all")
    precision = "interval" if len(parts) == 2 else _precision(text)
    return DateBounds(text, start, end, precision, any(q in text for q in "?~"))
