"""The README's SQL, run exactly as printed: in DuckDB over the Parquet files, and in the SQLite database."""

from __future__ import annotations

import datetime
import re
import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from scripts.model import schema
from scripts.outputs.site.readme import code_blocks, section
from scripts.outputs.sqlite.export import build_sqlite
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def sql_blocks() -> tuple[str, dict[str, str]]:
    """(the DuckDB views block, the queries by the name in their first comment) from README's "## SQL"."""
    blocks = code_blocks(section(README, "SQL"), "sql")
    views = [b for b in blocks if "CREATE VIEW" in b]
    assert len(views) == 1
    queries = {re.match(r"-- (\w+):", b).group(1): b for b in blocks if b not in views}
    return views[0], queries


VIEWS, QUERIES = sql_blocks()


@pytest.fixture(scope="module")
def duck() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{ROOT}'")  # the README's paths are relative to the package's top folder
    con.execute(VIEWS)
    return con


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("sqlite") / "package.sqlite"
    build_sqlite(ROOT, path)
    return sqlite3.connect(path)


def plain(rows: list[tuple]) -> list[tuple]:
    """Rows with dates as ISO text, as SQLite stores them."""
    return [tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in row) for row in rows]


def test_readme_makes_one_view_per_table_over_its_parquet_file() -> None:
    views = re.findall(r"CREATE VIEW (\w+) AS FROM 'data/(\w+)\.parquet';", VIEWS)
    assert views == [(t, t) for t in schema.table_names()]


def test_readme_shows_the_three_queries() -> None:
    assert set(QUERIES) == {"ownership", "timeline", "quotes"}


def test_ownership_query_names_the_four_shareholders(duck: duckdb.DuckDBPyConnection) -> None:
    rows = duck.execute(QUERIES["ownership"]).fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("Alibaba Group", 48.0),
        ("MegaFon", 24.0),
        ("Mail.ru", 15.0),
        ("Russian Direct Investment Fund", 13.0),
    ]
    assert sum(r[1] for r in rows) == 100
    assert {(r[2], str(r[3])) for r in rows} == {("agreed", "2018-09-11")}


def test_timeline_query_is_sorted_by_date_end_as_in_the_readme(duck: duckdb.DuckDBPyConnection) -> None:
    rows = duck.execute(QUERIES["timeline"]).fetchall()
    ends = [r[0] for r in rows]
    assert ends == sorted(ends) and len(rows) == len(pd.read_csv(ROOT / "data" / "events.csv"))
    assert rows[0][1:4] == ("1999", "year", "founding") and "Jack Ma founds Alibaba" in rows[0][4]
    signing = next(r for r in rows if r[3] == "agreement")
    assert signing[0] == datetime.date(2018, 9, 11)
    timeline_block = re.search(r"<!-- BEGIN generated: timeline -->\n(.*?)<!-- END", README, re.S).group(1)
    readme_summaries = [line.split(" | ")[-1].rstrip(" |") for line in timeline_block.splitlines()[2:]]
    assert [r[4] for r in rows] == readme_summaries


def test_quotes_query_gives_speakers_and_sources(duck: duckdb.DuckDBPyConnection) -> None:
    rows = duck.execute(QUERIES["quotes"]).fetchall()
    assert ("We want this to be a Russian business,", "Michael Evans", "jurnalis", "Jurnalis Industri") in [r[:4] for r in rows]
    evans = next(r for r in rows if r[0] == "We want this to be a Russian business,")
    assert evans[0] in evans[4]  # the source's own words contain the quote
    quotes = len(pd.read_csv(ROOT / "data" / "quotes.csv"))
    assert len({r[0] for r in rows}) == duck.execute("SELECT count(*) FROM quotes").fetchone()[0] == quotes  # each quote, cited


@pytest.mark.parametrize("name", ["ownership", "timeline", "quotes"])
def test_sqlite_gives_the_same_answers_as_duckdb(name: str, duck: duckdb.DuckDBPyConnection, lite: sqlite3.Connection) -> None:
    assert plain(lite.execute(QUERIES[name]).fetchall()) == plain(duck.execute(QUERIES[name]).fetchall())


def test_views_work_from_the_top_folder_as_the_readme_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    con = duckdb.connect()
    con.execute(VIEWS)
    assert con.execute("SELECT count(*) FROM citations").fetchone()[0] == len(pd.read_csv(ROOT / "data" / "citations.csv"))
