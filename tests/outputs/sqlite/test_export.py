"""The SQLite file: every row of the package, keys and types that refuse a bad edit, full-text search that keeps up,
the same bytes on every run, and a broken package refused with a message while the published file stays as it was."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.model import schema
from scripts.outputs.sqlite.export import write_sqlite
from scripts.package.reader import read_descriptor, read_tables
from tests.conftest import ROOT, copy_from_repo


@pytest.fixture(scope="module")
def database() -> Path:
    return ROOT / schema.files()["sqlite"]["path"]  # the published one: each test works on a copy


@pytest.fixture
def con(database: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A writable copy, foreign keys on (SQLite's default is off), every statement its own transaction."""
    shutil.copyfile(database, tmp_path / "copy.sqlite")
    connection = sqlite3.connect(tmp_path / "copy.sqlite", isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def test_every_table_is_strict_and_holds_the_package_rows(con: sqlite3.Connection) -> None:
    for table, rows in read_tables(ROOT, read_descriptor(ROOT)).items():
        assert con.execute("SELECT strict FROM pragma_table_list WHERE name = ?", (table,)).fetchone() == (1,), table
        stored = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
        assert stored == [tuple(row.values()) for row in rows], table


def insert(con: sqlite3.Connection, table: str, key: str, **changes: object) -> None:
    """Insert a copy of the row whose first key column is key, with some columns changed."""
    names = schema.field_names(table)
    row = dict(zip(names, con.execute(f'SELECT * FROM "{table}" WHERE "{names[0]}" = ?', (key,)).fetchone(), strict=True))
    con.execute(f'INSERT INTO "{table}" VALUES ({", ".join("?" for _ in names)})', list((row | changes).values()))


ALIBABA = ("stakes", "alibaba-in-aliexpress-russia")
SPAN = ("citation_fields", "stake.megafon-in-aliexpress-russia.jurnalis.1")


@pytest.mark.parametrize(
    ("row", "changes", "error"),
    [
        (ALIBABA, {"stake_id": "new", "holder_id": "megafon"}, None),
        (ALIBABA, {"stake_id": "new", "holder_id": "no-such-party"}, "FOREIGN KEY constraint failed"),
        (ALIBABA, {}, "UNIQUE constraint failed: stakes.stake_id"),
        (ALIBABA, {"stake_id": "new", "status": None}, "NOT NULL constraint failed: stakes.status"),
        (ALIBABA, {"stake_id": "new", "share_exact": "forty-eight"}, "cannot store TEXT value in REAL column stakes.share_exact"),
        (SPAN, {}, "UNIQUE constraint failed: citation_fields.citation_id, citation_fields.field, citation_fields.start"),
        (SPAN, {"start": 0}, None),  # another span of the same field
    ],
)
def test_keys_not_null_and_types_refuse_a_bad_row(con: sqlite3.Connection, row: tuple[str, str], changes: dict, error: str | None) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=error) if error else contextlib.nullcontext():
        insert(con, *row, **changes)


def search(con: sqlite3.Connection, table: str, words: str) -> list[str]:
    """The first column of the rows the table's full-text index finds (as Datasette searches it)."""
    sql = f'SELECT * FROM "{table}" WHERE rowid IN (SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH ?) ORDER BY rowid'
    return [row[0] for row in con.execute(sql, (words,))]


def test_full_text_search_finds_the_excerpts_and_keeps_up_with_an_insert(con: sqlite3.Connection) -> None:
    assert "stake.alibaba-in-aliexpress-russia.jurnalis.1" in search(con, "citations", "percent owned")
    assert "evans-russian-business" in search(con, "quotes", "Russian business")
    new = "stake.alibaba-in-aliexpress-russia.ft.9"
    insert(con, "citations", "stake.alibaba-in-aliexpress-russia.jurnalis.1", citation_id=new, exact="a zebra crossing")
    assert search(con, "citations", "zebra") == [new]


def test_a_broken_package_is_refused_with_the_file_and_row(tmp_path: Path) -> None:
    root = copy_from_repo(["datapackage.json", "data"], tmp_path / "pkg")
    path = root / "data" / "stakes.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("alibaba-in-aliexpress-russia,alibaba,", "alibaba-in-aliexpress-russia,nobody,"),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"data/stakes.csv, row 1: holder_id 'nobody' is not in parties"):
        write_sqlite(root, tmp_path / "x.sqlite", tmp_path / "x-datasette.json")
