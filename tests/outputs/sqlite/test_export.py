"""The SQLite database: the package's rows, with keys and constraints that refuse what the schema refuses."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scripts.model import schema
from scripts.model.text import format_number
from scripts.outputs.sqlite.export import FULL_TEXT, build_sqlite, integrity_problems
from scripts.outputs.sqlite.patterns import pattern_check
from tests.conftest import ROOT

PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
PATTERNS = sorted(
    {f["constraints"]["pattern"] for t in schema.table_names() for f in schema.fields(t) if "pattern" in f.get("constraints", {})}
)
# Patterns a future schema may use, with the characters GLOB treats specially, negations and categories.
TRICKY = {
    r"^[\]^-]+$": ("a", "]]"),
    r"^a\*b\?c\[d$": ("abcd", "a*b?c[d"),
    r"^[^x ]+$": ("axb", "ab"),
    r"^\d{2}$": ("123", "42"),
    r"^(ab|cd)+e$": ("abce!", "abcde"),
    r"^[A-Z][a-z]*(\.[a-z]+)?$": ("mail.ru", "Mail.ru"),
}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sqlite") / "package.sqlite"


@pytest.fixture(scope="module")
def counts(database: Path) -> dict[str, int]:
    return build_sqlite(ROOT, database)


@pytest.fixture
def con(database: Path, counts: dict[str, int], tmp_path: Path) -> sqlite3.Connection:
    """A writable copy of the database, foreign keys on, every statement its own transaction."""
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(database, copy)
    connection = sqlite3.connect(copy, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def csv_rows(table: str) -> list[list[str]]:
    with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def as_csv(value: object, ftype: str) -> str:
    if value is None:
        return ""
    if ftype == "boolean":
        return "true" if value else "false"
    if ftype == "number":
        return format_number(value)
    return str(value)


def test_every_table_holds_the_csv_rows_cell_for_cell(con: sqlite3.Connection, counts: dict[str, int]) -> None:
    assert list(counts) == schema.table_names()
    for table in schema.table_names():
        fields = schema.fields(table)
        rows = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
        assert [[as_csv(v, f["type"]) for v, f in zip(row, fields, strict=True)] for row in rows] == csv_rows(table), table
        assert counts[table] == len(rows)


def test_database_passes_foreign_key_and_integrity_checks(con: sqlite3.Connection) -> None:
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_columns_keys_and_types_come_from_the_schema(con: sqlite3.Connection) -> None:
    sql_types = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}
    for table in schema.table_names():
        spec = schema.table(table)
        info = con.execute(f'PRAGMA table_info("{table}")').fetchall()  # cid, name, type, notnull, default, pk
        assert [(c[1], c[2], bool(c[3])) for c in info] == [
            (f["name"], sql_types[f["type"]], bool(f.get("constraints", {}).get("required"))) for f in schema.fields(table)
        ]
        assert [c[1] for c in sorted((c for c in info if c[5]), key=lambda c: c[5])] == spec["primaryKey"]
        keys = con.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()  # id, seq, table, from, to, ...
        assert sorted((k[2], k[3], k[4]) for k in keys) == sorted(
            (fk["reference"]["resource"], fk["fields"][0], fk["reference"]["fields"][0]) for fk in spec.get("foreignKeys", [])
        )
        assert re.search(r"\)\s*STRICT$", con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])


def _stake(con: sqlite3.Connection, **changes: object) -> None:
    """Insert a copy of the Alibaba stake under a new id, with some fields changed."""
    row = dict(
        zip(
            schema.field_names("stakes"),
            con.execute("SELECT * FROM stakes WHERE stake_id = 'alibaba-in-aliexpress-russia'").fetchone(),
            strict=True,
        )
    )
    row.update({"stake_id": "test-stake", **changes})
    con.execute(f"INSERT INTO stakes VALUES ({', '.join('?' for _ in row)})", list(row.values()))


def test_a_valid_new_row_is_accepted(con: sqlite3.Connection) -> None:
    _stake(con, share_exact=0.0, holder_id="megafon")
    assert con.execute("SELECT holder_id FROM stakes WHERE stake_id = 'test-stake'").fetchone() == ("megafon",)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"holder_id": "no-such-party"}, "FOREIGN KEY constraint failed"),
        ({"share_exact": 148}, "CHECK constraint failed: share_exact_maximum"),
        ({"share_exact": -1}, "CHECK constraint failed: share_exact_minimum"),
        ({"interest_type": "loan"}, "CHECK constraint failed: interest_type_enum"),
        ({"stake_id": "alibaba-in-aliexpress-russia"}, "UNIQUE constraint failed: stakes.stake_id"),
        ({"status": None}, "NOT NULL constraint failed: stakes.status"),
        ({"note": ""}, "CHECK constraint failed: note_not_empty"),
        ({"share_exact": "forty-eight"}, "cannot store TEXT value in REAL column"),
        ({"holder_id": "Alibaba Group"}, "CHECK constraint failed: holder_id_pattern"),
        ({"as_of": "11 September 2018"}, "CHECK constraint failed: as_of_pattern"),
    ],
)
def test_bad_stakes_are_refused(con: sqlite3.Connection, changes: dict[str, object], error: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=re.escape(error)):
        _stake(con, **changes)


@pytest.mark.parametrize(
    ("value", "ok"), [("2018-09-11", True), ("2016-02-29", True), ("2018-02-29", False), ("2018-13-01", False), ("2018-9-11", False)]
)
def test_dates_must_be_real_iso_days(con: sqlite3.Connection, value: str, ok: bool) -> None:
    update = "UPDATE events SET date_end = ? WHERE event_id = 'alibaba-founded'"
    if ok:
        con.execute(update, (value,))
    else:
        with pytest.raises(sqlite3.IntegrityError, match="date_end_date"):
            con.execute(update, (value,))


def test_boolean_is_zero_or_one(con: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="published_uncertain_boolean"):
        con.execute("UPDATE sources SET published_uncertain = 2 WHERE source_id = 'ft'")


def test_deleting_a_referenced_party_is_refused(con: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
        con.execute("DELETE FROM parties WHERE party_id = 'alibaba'")


def test_database_is_byte_identical_from_run_to_run(database: Path, counts: dict[str, int], tmp_path: Path) -> None:
    assert build_sqlite(ROOT, tmp_path / "again.sqlite") == counts
    assert (tmp_path / "again.sqlite").read_bytes() == database.read_bytes()


def _search(con: sqlite3.Connection, table: str, query: str) -> list[int]:
    """Rowids of table whose indexed text matches query, through its FTS5 index (as Datasette searches)."""
    sql = f'SELECT rowid FROM "{table}" WHERE rowid IN (SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH ?) ORDER BY rowid'
    return [r[0] for r in con.execute(sql, (query,))]


def _words(text: str) -> list[str]:
    """Words as FTS5's default tokenizer (unicode61) splits them: runs of letters and digits, case-folded."""
    return re.findall(r"[^\W_]+", text.casefold())


@pytest.mark.parametrize(
    ("table", "word"), [("citations", "percent"), ("citations", "alibaba"), ("quotes", "russian"), ("quotes", "business")]
)
def test_full_text_index_finds_exactly_the_rows_holding_the_word(con: sqlite3.Connection, table: str, word: str) -> None:
    header = [f["name"] for f in schema.fields(table)]
    columns = [header.index(c) for c in FULL_TEXT[table]]
    expected = [n for n, row in enumerate(csv_rows(table), 1) if any(word in _words(row[i]) for i in columns)]
    assert expected and _search(con, table, word) == expected


def test_full_text_index_is_laid_out_as_datasette_detects_it(con: sqlite3.Connection) -> None:
    """An fts5 table named <table>_fts with content="<table>" (what datasette.utils.detect_fts looks for)."""
    assert set(FULL_TEXT) == {"citations", "quotes"} and FULL_TEXT["citations"] == ["exact"] and FULL_TEXT["quotes"] == ["text"]
    for table in FULL_TEXT:
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (f"{table}_fts",)).fetchone()[0]
        assert sql.startswith(f'CREATE VIRTUAL TABLE "{table}_fts" USING fts5') and f'content="{table}"' in sql


def test_triggers_keep_the_full_text_index_in_step(con: sqlite3.Connection) -> None:
    row = con.execute("SELECT * FROM citations WHERE rowid = 1").fetchone()
    names = schema.field_names("citations")
    new = dict(zip(names, row, strict=True)) | {"citation_id": row[0][:-1] + "99", "exact": "a zebra crossing"}
    con.execute(f"INSERT INTO citations VALUES ({', '.join('?' for _ in names)})", list(new.values()))
    rowid = con.execute("SELECT rowid FROM citations WHERE citation_id = ?", (new["citation_id"],)).fetchone()[0]
    assert _search(con, "citations", "zebra") == [rowid]
    con.execute("UPDATE citations SET exact = 'a giraffe' WHERE rowid = ?", (rowid,))
    assert _search(con, "citations", "zebra") == [] and _search(con, "citations", "giraffe") == [rowid]
    con.execute("DELETE FROM citations WHERE rowid = ?", (rowid,))
    assert _search(con, "citations", "giraffe") == []
    assert integrity_problems(con) == []


def test_integrity_check_finds_a_full_text_index_out_of_step(con: sqlite3.Connection) -> None:
    con.execute('DROP TRIGGER "quotes_au"')
    con.execute("UPDATE quotes SET text = 'Words nobody said.' WHERE rowid = 1")
    assert [p.split(":")[0] for p in integrity_problems(con)] == ["full-text index quotes_fts"]


def _passes(pattern: str, value: str) -> bool:
    condition = pattern_check("v", pattern)
    assert condition is not None, pattern
    return sqlite3.connect(":memory:").execute(f"SELECT ({condition}) FROM (SELECT ? AS v)", (value,)).fetchone()[0] == 1


@pytest.mark.parametrize("pattern", PATTERNS + list(TRICKY))
@settings(max_examples=50)  # per pattern: 9 patterns
@given(data=st.data())
def test_pattern_checks_accept_every_value_the_pattern_matches(pattern: str, data: st.DataObject) -> None:
    value = data.draw(st.from_regex(pattern, fullmatch=True))
    assume("\x00" not in value)
    assert _passes(pattern, value), (pattern, value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("parties", "party_id"), "Alibaba Group"),
        (("parties", "party_id"), "-alibaba"),
        (("parties", "country"), "RUS"),
        (("parties", "country"), "ru"),
        (("events", "currency"), "US"),
        (("sources", "sha256"), "0ebb9167"),
        (("sources", "url"), "ftp://example.org/"),
        (("sources", "url"), "https://example.org/a b"),
        (("sources", "archive_path"), "data/stakes.csv"),
        (("citations", "citation_id"), "note.x.ft.1"),
        (("events", "date"), "September 2018"),
    ],
)
def test_pattern_checks_refuse_typical_mistakes(field: tuple[str, str], value: str) -> None:
    pattern = next(f for f in schema.fields(field[0]) if f["name"] == field[1])["constraints"]["pattern"]
    assert not re.fullmatch(pattern, value)
    assert not _passes(pattern, value)


@pytest.mark.parametrize(("pattern", "values"), TRICKY.items())
def test_pattern_checks_handle_glob_special_characters(pattern: str, values: tuple[str, str]) -> None:
    bad, good = values
    assert re.fullmatch(pattern, good) and not re.fullmatch(pattern, bad)
    assert _passes(pattern, good)
    assert not _passes(pattern, bad)
