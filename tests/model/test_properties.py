"""Property-based tests (hypothesis) of the normalisers, the EDTF bounds and the excerpt locator: random valid
inputs are accepted with the right bounds, random defects are always caught."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tempfile
import unicodedata
from pathlib import Path

from edtf import parse_edtf
from hypothesis import assume, given
from hypothesis import strategies as st

from scripts.inputs.archive import context, locate, occurrences, read_archived
from scripts.inputs.records import check_value, readers
from scripts.model import schema
from scripts.model.dates import parse_date
from scripts.model.text import normalise_text, text_defects

DATE = schema.field("events", "date")


def date_problems(text: str) -> list[str]:
    return check_value(text, DATE, readers("events")["date"])


# --- text and names ---------------------------------------------------------------------------

prose = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=80)


@given(prose)
def test_normalised_text_is_nfc_trimmed_collapsed_and_stable(value: str) -> None:
    out = normalise_text(value)
    assert unicodedata.is_normalized("NFC", out)
    assert out == out.strip() and not re.search(r"\s\s", out)
    assert normalise_text(out) == out


@given(prose, st.sampled_from(["\ufeff", "\x00", "\x07", "\x1b", " ", "\t"]), st.booleans())
def test_a_stray_character_at_either_end_is_always_caught(value: str, stray: str, at_start: bool) -> None:
    corrupted = stray + value if at_start else value + stray
    assert text_defects(corrupted)


@given(st.text(alphabet=st.sampled_from("aeiouAEIOU"), min_size=1, max_size=10), st.sampled_from(["\u0301", "\u0308", "\u0300"]))
def test_decomposed_accents_are_always_caught(base: str, accent: str) -> None:
    assert "is not in Unicode NFC form" in text_defects(base + accent)


@given(st.sampled_from(["=", "+", "-", "@"]), st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=20))
def test_formula_prefixes_are_always_caught(prefix: str, rest: str) -> None:
    assert any("formula" in m for m in text_defects(prefix + rest))


# --- numbers ----------------------------------------------------------------------------------


# --- dates ------------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def edtf_dates(draw: st.DrawFn) -> tuple[str, dt.date | None, dt.date]:
    """An EDTF string with its bounds computed independently of the code under test."""
    day = draw(days)
    form = draw(st.sampled_from(["day", "month", "year", "interval", "open", "uncertain", "season"]))
    last = calendar.monthrange(day.year, day.month)[1]
    if form == "season":  # meteorological, northern: 21 spring (Mar-May) ... 24 winter (Dec to Feb of the next year)
        season = draw(st.sampled_from([21, 22, 23, 24]))
        first = dt.date(day.year, {21: 3, 22: 6, 23: 9, 24: 12}[season], 1)
        after = dt.date(day.year + 1, 3, 1) if season == 24 else dt.date(day.year, first.month + 3, 1)
        return f"{day:%Y}-{season}", first, after - dt.timedelta(days=1)
    if form == "day":
        return day.isoformat(), day, day
    if form == "month":
        return f"{day:%Y-%m}", day.replace(day=1), day.replace(day=last)
    if form == "uncertain":
        return f"{day:%Y-%m}?", day.replace(day=1), day.replace(day=last)
    if form == "year":
        return f"{day:%Y}", dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    other = draw(days.filter(lambda d: d >= day))
    if form == "open":
        return f"../{other.isoformat()}", None, other
    return f"{day.isoformat()}/{other.isoformat()}", day, other


@given(edtf_dates())
def test_valid_edtf_dates_give_the_right_bounds_and_are_accepted(case: tuple[str, dt.date | None, dt.date]) -> None:
    text, start, end = case
    parsed = parse_date(text)
    assert (parsed.start, parsed.end) == (start, end)
    assert parsed.uncertain == ("?" in text)
    if parsed.precision != "season":  # the edtf library agrees on every form but seasons (it ends a winter on 31 December)
        library = parse_edtf(text)
        lower, upper = library.lower_strict(), library.upper_strict()
        as_date = {float: lambda _v: None}.get(type(lower), lambda v: dt.date(v.tm_year, v.tm_mon, v.tm_mday))
        assert as_date(lower) == start
        assert dt.date(upper.tm_year, upper.tm_mon, upper.tm_mday) == end
    assert date_problems(text) == []


@given(days, days)
def test_reversed_intervals_are_always_refused(a: dt.date, b: dt.date) -> None:
    assume(a != b)
    early, late = sorted((a, b))
    assert date_problems(f"{late.isoformat()}/{early.isoformat()}")


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(29, 40))
def test_impossible_days_are_always_refused(year: int, month: int, day: int) -> None:
    assume(day > calendar.monthrange(year, month)[1])
    assert date_problems(f"{year:04d}-{month:02d}-{day:02d}")


# --- the excerpt locator -----------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=300)


@given(texts, st.data())
def test_any_slice_is_found_and_its_published_context_picks_it_alone(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    excerpt = text[i:j]
    assert i in occurrences(text, excerpt)
    assert occurrences(text, excerpt, text[max(0, i - 3) : i], text[j : j + 3]).count(i) == 1
    try:
        prefix, suffix = context(text, i, j)
    except ValueError:  # only where every context would start a CSV cell as a formula (or the text repeats)
        assert text[:i].startswith(("=", "+", "-", "@", "\t", "\r")) or text[j : j + 1] in ("=", "+", "-", "@", "\t", "\r")
        return
    assert text[i - len(prefix) : i] == prefix and text[j : j + len(suffix)] == suffix
    assert not prefix.startswith(("=", "+", "-", "@", "\t", "\r")) and not suffix.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert occurrences(text, excerpt, prefix, suffix) == [i]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "t.txt").write_text(text, encoding="utf-8", newline="")
        located = locate(read_archived(Path(folder), "t", "t.txt"), i, excerpt)
    assert (located.start, located.end) == (i, j) and located.line == text[:i].count("\n") + 1
