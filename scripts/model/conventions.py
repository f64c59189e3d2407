"""The written date conventions, as code: a date phrase of a text and the text's publication date give an EDTF date.

One function per convention, each with the pattern of the phrases it reads. `read_dates(text, published)` finds
every phrase of every convention in a text and resolves it; the span rules compare the result with the cell.

A relative phrase is resolved against both ends of the publication date ("2018-03?/2018-09-11": not before March
of a year that is inferred, not after 11 September 2018): one value when both ends give the same, else an interval.
"?" propagates: a value that depends on an uncertain end of the publication date carries "?" (an open start
depends on nothing). Seasons are meteorological and northern; an uncertain season is written as its months,
since EDTF level 1 has no qualified season. Weeks run Monday to Sunday.
"""

import contextlib
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from scripts.model.dates import OPEN, SEASON_MONTHS, parse_date

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_MONTH = "(?P<month>" + "|".join(MONTHS) + ")"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"


@dataclass(frozen=True)
class End:
    """One end of a publication date: a day, and whether it holds only if an inferred year or month does."""

    day: datetime.date
    uncertain: bool


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    edtf: str
    convention: str


def publication_ends(published: str) -> tuple[End, End]:
    """The earliest and latest day of a publication date, each with its own uncertainty."""
    parts = published.split("/")
    bounds = parse_date(published)
    if bounds.start is None or bounds.end is None:
        raise ValueError(f"publication date {published!r} needs a bound at both ends")
    return End(bounds.start, any(q in parts[0] for q in "?~%")), End(bounds.end, any(q in parts[-1] for q in "?~%"))


def _edtf(value: tuple[int, ...], uncertain: bool) -> str:
    text = "-".join(f"{v:04d}" if i == 0 else f"{v:02d}" for i, v in enumerate(value))
    return text + ("?" if uncertain else "")


def _resolve(ends: tuple[End, End], at: Callable[[datetime.date], tuple[int, ...]]) -> str:
    """The value `at` gives for both ends of the publication date: one when they agree, else an interval."""
    first, last = at(ends[0].day), at(ends[1].day)
    if first == last:
        return _span(first, ends[0].uncertain or ends[1].uncertain)
    return f"{_span(first, ends[0].uncertain)}/{_span(last, ends[1].uncertain)}"


def _span(value: tuple[int, ...], uncertain: bool) -> str:
    if len(value) == 2 and value[1] in SEASON_MONTHS and uncertain:  # no qualified season in EDTF level 1: its months
        season = parse_date(_edtf(value, False))
        return f"{_edtf((season.start.year, season.start.month), True)}/{_edtf((season.end.year, season.end.month), True)}"
    return _edtf(value, uncertain)


def printed_day(match: re.Match[str], _ends: tuple[End, End]) -> str:
    """ "September 11, 2018", "11 September 2018", and the /2018/09/11/ of an address."""
    if match["path"]:
        year, month, day = (int(x) for x in match["path"].strip("/").split("/"))
    else:
        month = MONTHS.index((match["m1"] or match["m2"]).lower()) + 1
        year, day = int(match["y1"] or match["y2"]), int(match["d1"] or match["d2"])
    return datetime.date(year, month, day).isoformat()


def printed_month(match: re.Match[str], _ends: tuple[End, End]) -> str:
    """ "March 2018"."""
    return _edtf((int(match["year"]), MONTHS.index(match["month"].lower()) + 1), False)


def printed_year(match: re.Match[str], _ends: tuple[End, End]) -> str:
    """ "in 1999", "In 2017", "the 2014 annexation"."""
    return match["year"]


def this_week(_match: re.Match[str], ends: tuple[End, End]) -> str:
    """ "this week": the Monday of the publication's week to the publication day."""
    first = ends[0].day - datetime.timedelta(days=ends[0].day.weekday())
    return f"{_edtf(_ymd(first), ends[0].uncertain)}/{_edtf(_ymd(ends[1].day), ends[1].uncertain)}"


def weekday(match: re.Match[str], ends: tuple[End, End]) -> str:
    """ "on Tuesday", "Tuesday": the latest such day on or before publication."""
    wanted = WEEKDAYS.index(match["weekday"].lower())
    return _resolve(ends, lambda day: _ymd(day - datetime.timedelta(days=(day.weekday() - wanted) % 7)))


def last_month(match: re.Match[str], ends: tuple[End, End]) -> str:
    """ "Last December": the latest such month before the month of publication."""
    month = MONTHS.index(match["month"].lower()) + 1
    return _resolve(ends, lambda day: (day.year if month < day.month else day.year - 1, month))


def month_this_year(match: re.Match[str], ends: tuple[End, End]) -> str:
    """ "In March this year": that month of the year of publication."""
    month = MONTHS.index(match["month"].lower()) + 1
    return _resolve(ends, lambda day: (day.year, month))


def in_month(match: re.Match[str], ends: tuple[End, End]) -> str:
    """ "in August": the latest such month on or before the month of publication."""
    month = MONTHS.index(match["month"].lower()) + 1
    return _resolve(ends, lambda day: (day.year if month <= day.month else day.year - 1, month))


def last_year(_match: re.Match[str], ends: tuple[End, End]) -> str:
    """ "last year": the calendar year before the year of publication."""
    return _resolve(ends, lambda day: (day.year - 1,))


def last_season(match: re.Match[str], ends: tuple[End, End]) -> str:
    """ "last autumn": the latest such season that ended before publication (winter 2017 ends in February 2018)."""
    code = SEASONS[match["season"].lower()]

    def at(day: datetime.date) -> tuple[int, int]:
        year = day.year
        while parse_date(f"{year}-{code}").end >= day:
            year -= 1
        return year, code

    return _resolve(ends, at)


def undated(_match: re.Match[str] | None, ends: tuple[End, End]) -> str:
    """ "in recent years", "recently", or an undated statement: no lower bound, up to the latest publication day."""
    return f"{OPEN}/{_edtf(_ymd(ends[1].day), ends[1].uncertain)}"


def _ymd(day: datetime.date) -> tuple[int, int, int]:
    return day.year, day.month, day.day


Resolver = Callable[[re.Match[str], tuple[End, End]], str]
_NAMES = "|".join(MONTHS)
_DAY = (  # "September 11, 2018", "11 September 2018", "/2018/09/11/"
    rf"\b(?P<m1>{_NAMES}) (?P<d1>\d{{1,2}}), (?P<y1>\d{{4}})\b|\b(?P<d2>\d{{1,2}}) (?P<m2>{_NAMES}) (?P<y2>\d{{4}})\b"
    r"|(?P<path>/\d{4}/\d\d/\d\d/)"
)
# name -> (pattern, resolver, printed): printed conventions read a date the text gives; the others resolve a phrase.
CONVENTIONS: dict[str, tuple[re.Pattern[str], Resolver, bool]] = {
    "printed-day": (re.compile(_DAY, re.I), printed_day, True),
    "printed-month": (re.compile(rf"\b{_MONTH} {_YEAR}\b", re.I), printed_month, True),
    "printed-year": (re.compile(rf"(?<![\w/$.,-]){_YEAR}(?![\w/%-]|[.,]\d)", re.I), printed_year, True),
    "this-week": (re.compile(r"\bthis week\b", re.I), this_week, False),
    "weekday": (re.compile(r"\b(?:on )?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I), weekday, False),
    "last-month": (re.compile(rf"\blast {_MONTH}\b", re.I), last_month, False),
    "month-this-year": (re.compile(rf"\bin {_MONTH} this year\b", re.I), month_this_year, False),
    "in-month": (re.compile(rf"\bin {_MONTH}\b(?! this year| (?:1[89]|20)\d\d)", re.I), in_month, False),
    "last-year": (re.compile(r"\blast year\b", re.I), last_year, False),
    "last-season": (re.compile(r"\blast (?P<season>" + "|".join(SEASONS) + r")\b", re.I), last_season, False),
    "undated": (re.compile(r"\b(?:in recent years|recently)\b", re.I), undated, False),
}
# Read from a whole statement, not a phrase: an undated one (a verb a curator names under `spans`), and a state of
# affairs in the present tense (a held stake), where the field allows it (as_published_when): the publication date itself.
STATEMENT_CONVENTIONS: dict[str, Callable[[str], str]] = {
    "undated": lambda published: undated(None, publication_ends(published)),
    "as-published": lambda published: published,
}


def read_dates(text: str, published: str, printed: bool | None = None) -> list[Found]:
    """Every date phrase of the conventions in text (printed ones only, relative ones only, or both: None),
    resolved against the publication date; a phrase inside a longer one is left out ("in March" of "In March this year")."""
    ends = publication_ends(published)
    found: list[Found] = []
    for name, (pattern, resolve, is_printed) in CONVENTIONS.items():
        if printed is not None and is_printed != printed:
            continue
        for match in pattern.finditer(text):
            with contextlib.suppress(ValueError):  # "February 30, 2018": no date
                found.append(Found(match.start(), match.end(), resolve(match, ends), name))
    return [f for f in found if not any(o.start <= f.start and f.end <= o.end and o.end - o.start > f.end - f.start for o in found)]
