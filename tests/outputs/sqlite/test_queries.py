"""The README's SQL, run exactly as printed in DuckDB over the Parquet files and in the SQLite file: the right answers, the same in both."""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator

import duckdb
import pytest

from scripts.model import schema
from scripts.outputs.site.readme import code_blocks
from tests.conftest import ROOT

BLOCKS = code_blocks((ROOT / "README.md").read_text(encoding="utf-8"), "sql")
(VIEWS,) = [b for b in BLOCKS if "CREATE VIEW" in b]
QUERIES = {re.match(r"-- (\w+):", b).group(1): b for b in BLOCKS if b != VIEWS}


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """DuckDB with the README's views (its paths are relative to the package's top folder), and the SQLite file."""
    duck = duckdb.connect()
    duck.execute(f"SET file_search_path = '{ROOT}'")
    duck.execute(VIEWS)
    lite = sqlite3.connect(f"file:{ROOT / schema.files()['sqlite']['path']}?mode=ro", uri=True)
    yield {"duckdb": duck, "sqlite": lite}
    lite.close()


def run(engines: dict[str, object], engine: str, name: str) -> list[tuple]:
    """A README query's rows, dates as ISO text (as SQLite stores them)."""
    rows = engines[engine].execute(QUERIES[name]).fetchall()
    return [tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in row) for row in rows]


def test_the_readme_shows_its_query() -> None:
    assert set(QUERIES) == {"ownership"}


@pytest.mark.parametrize("engine", ["duckdb", "sqlite"])
def test_who_owns_aliexpress_russia(engines: dict[str, object], engine: str) -> None:
    rows = run(engines, engine, "ownership")
    assert [r[:2] for r in rows] == [("Alibaba Group", 48), ("MegaFon", 24), ("Mail.ru", 15), ("Russian Direct Investment Fund", 13)]
    assert all(r[2] == "agreed" and r[3].startswith("2018-09-11") for r in rows)


def test_sqlite_gives_the_same_answers_as_duckdb(engines: dict[str, object]) -> None:
    assert run(engines, "sqlite", "ownership") == run(engines, "duckdb", "ownership")
