"""EDTF dates: parse with the `edtf` library and derive the real-date bounds and the precision."""

from __future__ import annotations

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
_SEASON = re.compile(r"^\d{4}-2[1-4][?~%]?$")
_YEAR = re.compile(r"^\d{4}[?~%]?$")


@dataclass(frozen=True)
class DateBounds:
    edtf: str
    start: datetime.date | None  # None for an open start ("..")
    end: datetime.date | None  # None for an open end
    precision: str


def _to_date(value: time.struct_time | float) -> datetime.date | None:
    if isinstance(value, float) and math.isinf(value):
        return None
    return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)


def _precision(text: str) -> str:
    if "/" in text:
        return "interval"
    for name, pattern in (("day", _DAY), ("season", _SEASON), ("month", _MONTH), ("year", _YEAR)):
        if pattern.match(text):
            return name
    raise ValueError(f"unsupported EDTF form {text!r}")


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateBounds:
    """Bounds of an EDTF date; raises ValueError naming what is wrong (bad form, impossible day, reversed interval)."""
    try:
        parsed = parse_edtf(text)
    except EDTFParseException as err:
        raise ValueError(f"{text!r} is not a valid EDTF date") from err
    try:
        start, end = _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())
    except ValueError as err:  # e.g. 2018-02-30 parses but is no real day
        raise ValueError(f"{text!r} is not a real date ({err})") from err
    for part in text.split("/"):
        if _DAY.match(part):
            try:
                datetime.date.fromisoformat(part.rstrip("?~%"))
            except ValueError as err:
                raise ValueError(f"{text!r} is not a real date ({err})") from err
    if start and end and start > end:
        raise ValueError(f"{text!r} starts after it ends ({start} > {end})")
    if start is None and end is None:
        raise ValueError(f"{text!r} is open at both ends: no bound at all")
    return DateBounds(text, start, end, _precision(text))  # _precision refuses other EDTF forms
