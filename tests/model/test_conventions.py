"""The date conventions as code: every phrase the five texts use, resolved by hand against the publication dates."""

from __future__ import annotations

import pytest

from scripts.model.conventions import STATEMENT_CONVENTIONS, read_dates

FT = "2018-03?/2018-09-11"  # ft, cpi, warc: the year inferred, the signing an upper bound
JURNALIS = "2018-09-11?/2018-09-17?"
MOSCOWTIMES = "2018-09-11"  # a Tuesday


@pytest.mark.parametrize(
    ("text", "published", "convention", "edtf"),
    [
        ("September 11, 2018", MOSCOWTIMES, "printed-day", "2018-09-11"),
        ("<https://www.themoscowtimes.com/2018/09/11/mailru-to-set-up>", MOSCOWTIMES, "printed-day", "2018-09-11"),
        ("11 September 2018", MOSCOWTIMES, "printed-day", "2018-09-11"),
        ("in March 2018", FT, "printed-month", "2018-03"),
        ("Ma, who started Alibaba.com in 1999 as", MOSCOWTIMES, "printed-year", "1999"),
        ("opened its first office in Russia in 2015, and", FT, "printed-year", "2015"),
        ("after the 2014 annexation of Crimea", FT, "printed-year", "2014"),
        ("were imposed against Russia in 2014.", FT, "printed-year", "2014"),
        ("this week announced plans", MOSCOWTIMES, "this-week", "2018-09-10/2018-09-11"),  # Monday to the Tuesday
        ("signed an accord Tuesday with Mail.ru", MOSCOWTIMES, "weekday", "2018-09-11"),
        ("Mail.ru on Tuesday announced a deal", JURNALIS, "weekday", "2018-09-11?"),  # both ends give the 11th
        ("Last December, Kirill Dmitriev", FT, "last-month", "2017-12?"),
        ("Last September, Alibaba launched Tmall", FT, "last-month", "2017-09?"),
        ("In March this year, it said", FT, "month-this-year", "2018-03?"),
        ("a tie-up in August.", JURNALIS, "in-month", "2018-08?"),
        ("Last year, Kirill Dmitriev", FT, "last-year", "2017?"),
        ("last year saw daily package deliveries", MOSCOWTIMES, "last-year", "2017"),
        ("last autumn shared a stage", FT, "last-season", "2017-09?/2017-11?"),  # no qualified season in EDTF level 1
        ("last autumn", MOSCOWTIMES, "last-season", "2017-23"),  # autumn 2018 has not ended on 11 September
        ("last winter", MOSCOWTIMES, "last-season", "2017-24"),  # December 2017 to February 2018
        ("has visited Russia several times in recent years", FT, "undated", "../2018-09-11"),
        ("Alibaba recently rolled out Tmall", MOSCOWTIMES, "undated", "../2018-09-11"),
    ],
)
def test_every_phrase_the_texts_use(text: str, published: str, convention: str, edtf: str) -> None:
    found = read_dates(text, published)
    assert [(f.convention, f.edtf) for f in found] == [(convention, edtf)]
    assert text[found[0].start : found[0].end].lower() in text.lower()


def test_a_phrase_within_a_longer_one_is_read_once() -> None:
    found = read_dates("In March this year, it said", FT)
    assert [f.convention for f in found] == ["month-this-year"]  # not also "in March"


def test_a_month_across_the_publication_dates_ends_is_an_interval() -> None:
    # published some day between 1 March and 30 April 2018: "last month" is February, or March
    assert [f.edtf for f in read_dates("last March", "2018-03/2018-04")] == ["2017-03/2018-03"]


def test_statements_the_curator_names() -> None:
    assert STATEMENT_CONVENTIONS["undated"](FT) == "../2018-09-11"
    assert STATEMENT_CONVENTIONS["undated"](JURNALIS) == "../2018-09-17?"
    assert STATEMENT_CONVENTIONS["as-published"](FT) == FT
    assert read_dates("no date here, 140 million people, 12 percent", FT) == []
