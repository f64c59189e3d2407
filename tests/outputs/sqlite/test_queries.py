"""The README's SQL, run exactly as printed in DuckDB over the Parquet files and in the SQLite file: the right answers, the same in both."""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator

import duckdb
import pytest

from scripts.outputs.site.readme import code_blocks, section
from scripts.outputs.sqlite.export import build_sqlite
from tests.conftest import ROOT

BLOCKS = code_blocks(section((ROOT / "README.md").read_text(encoding="utf-8"), "SQL"), "sql")
(VIEWS,) = [b for b in BLOCKS if "CREATE VIEW" in b]
QUERIES = {re.match(r"-- (\w+):", b).group(1): b for b in BLOCKS if b != VIEWS}


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """DuckDB with the README's views (its paths are relative to the package's top folder), and the SQLite file."""
    duck = duckdb.connect()
    duck.execute(f"SET file_search_path = '{ROOT}'")
    duck.execute(VIEWS)
    path = tmp_path_factory.mktemp("sqlite") / "package.sqlite"
    build_sqlite(ROOT, path)
    lite = sqlite3.connect(path)
    yield {"duckdb": duck, "sqlite": lite}
    lite.close()


def run(engines: dict[str, object], engine: str, name: str) -> list[tuple]:
    """A README query's rows, dates as ISO text (as SQLite stores them)."""
    rows = engines[engine].execute(QUERIES[name]).fetchall()
    return [tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in row) for row in rows]


def test_the_readme_shows_three_queries() -> None:
    assert set(QUERIES) == {"ownership", "timeline", "quotes"}


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_who_owns_aliexpress_russia(engines: dict[str, object], engine: str) -> None:
    rows = run(engines, engine, "ownership")
    assert [r[:2] for r in rows] == [("Alibaba Group", 48), ("MegaFon", 24), ("Mail.ru", 15), ("Russian Direct Investment Fund", 13)]
    assert all(r[2] == "agreed" and r[3].startswith("2018-09-11") for r in rows)


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_the_timeline_and_the_quotes(engines: dict[str, object], engine: str) -> None:
    timeline = run(engines, engine, "timeline")
    assert [r[0] for r in timeline] == sorted(r[0] for r in timeline)
    assert timeline[0][1:4] == ("1999", "year", "founding") and "Jack Ma founds Alibaba" in timeline[0][4]
    assert next(r for r in timeline if r[3] == "agreement")[0] == "2018-09-11"
    quotes = run(engines, engine, "quotes")
    evans = [r for r in quotes if r[0] == "We want this to be a Russian business,"]
    assert evans and all(r[1] == "Michael Evans" and r[0] in r[4] for r in evans)
    assert ("jurnalis", "Jurnalis Industri") in [r[2:4] for r in evans]


@pytest.mark.parametrize("name", ["ownership", "timeline", "quotes"])
def test_sqlite_gives_the_same_answers_as_duckdb(engines: dict[str, object], name: str) -> None:
    assert run(engines, "sqlite", name) == run(engines, "duckdb", name)
