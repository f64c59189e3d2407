"""EDTF dates and their bounds (checked by hand against the calendar)."""

from __future__ import annotations

import datetime as dt

import pytest

from scripts.model.dates import parse_date


@pytest.mark.parametrize(
    ("edtf", "start", "end", "precision"),
    [
        ("2018-09-11", dt.date(2018, 9, 11), dt.date(2018, 9, 11), "day"),
        ("2017-12?", dt.date(2017, 12, 1), dt.date(2017, 12, 31), "month"),
        ("2018-02", dt.date(2018, 2, 1), dt.date(2018, 2, 28), "month"),
        ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29), "month"),
        ("2017-23", dt.date(2017, 9, 1), dt.date(2017, 11, 30), "season"),
        ("1999", dt.date(1999, 1, 1), dt.date(1999, 12, 31), "year"),
        ("2018-03?/2018-09-11", dt.date(2018, 3, 1), dt.date(2018, 9, 11), "interval"),
        ("../2017-09?", None, dt.date(2017, 9, 30), "interval"),
        ("2017-24", dt.date(2017, 12, 1), dt.date(2018, 2, 28), "season"),  # winter runs into the next year
        ("2019-24", dt.date(2019, 12, 1), dt.date(2020, 2, 29), "season"),  # ... a leap year's February
        ("2017-09?/2017-11?", dt.date(2017, 9, 1), dt.date(2017, 11, 30), "interval"),  # an uncertain autumn
        ("2018-09-11/..", dt.date(2018, 9, 11), None, "interval"),
    ],
)
def test_bounds_and_precision(edtf: str, start: dt.date | None, end: dt.date, precision: str) -> None:
    parsed = parse_date(edtf)
    assert (parsed.start, parsed.end, parsed.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("edtf", "message"),
    [
        ("2018-02-30", "not a valid EDTF date"),
        ("2018-13", "not a valid EDTF date"),
        ("11 September 2018", "not a valid EDTF date"),
        ("2019/2018", "starts after it ends"),
        ("2018-09-12/2018-09-11", "starts after it ends"),
        ("../..", "no bound|not a valid EDTF date"),
        ("2018-25", "no month or season 25"),
        ("2018-00", "no month or season 00"),
        ("2018/2019/2020", "not a valid EDTF date"),
        ("2018-09-11/", "not a valid EDTF date"),
        ("..", "not a valid EDTF date"),
        ("X018", "not a valid EDTF date"),
        ("2018-09-11 ", "not a valid EDTF date"),
    ],
)
def test_bad_dates_are_refused(edtf: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(edtf)


def test_uncertainty_is_kept_with_the_bounds() -> None:
    assert parse_date("2018-03?/2018-09-11").uncertain and parse_date("2017-09~").uncertain
    assert not parse_date("2018-09-11").uncertain and not parse_date("../2018-09-11").uncertain
