"""Build dist/<name>.sqlite from the published package, with the schema's keys and constraints.

Usage: python -m scripts sqlite [--root DIR] [--out FILE]. Reads datapackage.json and the CSV
resources (the Table Schemas there are generated from schema.yaml), so it works on a
downloaded release too. Every table is STRICT (INTEGER, REAL, TEXT enforced) and carries:

- PRIMARY KEY and FOREIGN KEY clauses from primaryKey and foreignKeys (enforced with
  `PRAGMA foreign_keys = ON`, which SQLite leaves off by default);
- NOT NULL for required fields, and CHECK (col <> '') for text, since the package stores no
  empty strings (an empty CSV cell is a missing value);
- CHECK constraints for enum (IN (...)), minimum and maximum, booleans (0 or 1) and dates (ISO
  YYYY-MM-DD that is a real calendar day);
- for patterns, a CHECK that SQLite evaluates without a REGEXP extension, derived from the regular
  expression itself (scripts/outputs/sqlite/patterns.py): necessary, not sufficient; frictionless
  checks the patterns exactly on the published files.

Column descriptions are kept as SQL comments in the CREATE TABLE statements (`.schema` shows them).

Full-text search: an FTS5 index over the verbatim text columns (FULL_TEXT: citations.exact and
quotes.text), as `<table>_fts` with `content="<table>"` (an external-content index: the text is stored
once, in the table) and triggers that keep it in step with inserts, updates and deletes. That is the
layout `sqlite-utils enable-fts --create-triggers` makes and Datasette detects, so Datasette's search
box works on those tables; in plain SQLite:
`SELECT * FROM citations WHERE rowid IN (SELECT rowid FROM citations_fts WHERE citations_fts MATCH 'percent')`.

Beside it, the same publication writes <stem>-datasette.json, the Datasette metadata generated from the
descriptor (scripts/outputs/sqlite/datasette.py). Both files are written atomically and are
byte-identical from run to run (the database with the same SQLite version).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from scripts.model.publish import publish, staging
from scripts.outputs.sqlite.datasette import metadata_path, write_metadata
from scripts.outputs.sqlite.patterns import pattern_check, quote_name, sql_string
from scripts.package.reader import csv_resources, read_descriptor, read_table

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}
# The verbatim text a reader searches for words in: the excerpts and the quotes (other text is short or typed by curators)
FULL_TEXT = {"citations": ["exact"], "quotes": ["text"]}


def _number(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(int(value))


def column_checks(field: dict[str, Any]) -> list[tuple[str, str]]:
    """(constraint name suffix, SQL condition) for one Table Schema field."""
    col, ftype = quote_name(field["name"]), field["type"]
    constraints = field.get("constraints", {})
    checks = []
    if ftype == "string":
        checks.append(("not_empty", f"{col} <> ''"))
    if ftype == "boolean":
        checks.append(("boolean", f"{col} IN (0, 1)"))
    if ftype == "date":
        checks.append(("date", f"{col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date({col}, '+0 days') IS {col}"))
    if "enum" in constraints:
        values = ", ".join(sql_string(v) if isinstance(v, str) else _number(v) for v in constraints["enum"])
        checks.append(("enum", f"{col} IN ({values})"))
    if "minimum" in constraints:
        checks.append(("minimum", f"{col} >= {_number(constraints['minimum'])}"))
    if "maximum" in constraints:
        checks.append(("maximum", f"{col} <= {_number(constraints['maximum'])}"))
    if "pattern" in constraints:
        condition = pattern_check(field["name"], constraints["pattern"])
        if condition:
            checks.append(("pattern", condition))
    return checks


def create_table(resource: dict[str, Any]) -> str:
    """CREATE TABLE for one CSV resource, from its Table Schema."""
    schema = resource["schema"]
    lines = []
    for field in schema["fields"]:
        parts = [quote_name(field["name"]), SQL_TYPES[field["type"]]]
        if field.get("constraints", {}).get("required"):
            parts.append("NOT NULL")
        for suffix, condition in column_checks(field):
            parts.append(f"CONSTRAINT {quote_name(field['name'] + '_' + suffix)} CHECK ({condition})")
        lines.append((" ".join(parts), field.get("description", "")))
    keys = [f"PRIMARY KEY ({', '.join(quote_name(n) for n in schema['primaryKey'])})"]
    for fk in schema.get("foreignKeys", []):
        reference = fk["reference"]
        keys.append(
            f"FOREIGN KEY ({', '.join(quote_name(n) for n in fk['fields'])}) "
            f"REFERENCES {quote_name(reference['resource'])} ({', '.join(quote_name(n) for n in reference['fields'])})"
        )
    entries = [(text, note) for text, note in lines] + [(k, "") for k in keys]
    body = []
    for n, (text, note) in enumerate(entries):
        comma = "," if n < len(entries) - 1 else ""
        comment = f"  -- {' '.join(note.split())}" if note else ""
        body.append(f"  {text}{comma}{comment}")
    # SQLite keeps a CREATE statement's text from CREATE on: the table's description goes inside it
    about = f"  -- {' '.join(resource['description'].split())}" if resource.get("description") else ""
    return f"CREATE TABLE {quote_name(resource['name'])} ({about}\n" + "\n".join(body) + "\n) STRICT"


def fts_table(table: str) -> str:
    return f"{table}_fts"


def full_text_index(table: str, columns: list[str]) -> list[str]:
    """Statements that create and fill an external-content FTS5 index of table's columns, and the triggers
    that keep it in step (the layout of sqlite-utils' enable_fts, which Datasette detects by `content=`)."""
    fts, name = quote_name(fts_table(table)), quote_name(table)
    cols = ", ".join(quote_name(c) for c in columns)
    new = ", ".join(f"new.{quote_name(c)}" for c in columns)
    old = ", ".join(f"old.{quote_name(c)}" for c in columns)
    delete = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5 ({cols}, content={name})",
        f"INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {cols} FROM {name} ORDER BY rowid",
        f"CREATE TRIGGER {quote_name(table + '_ai')} AFTER INSERT ON {name} BEGIN\n  {insert}\nEND",
        f"CREATE TRIGGER {quote_name(table + '_ad')} AFTER DELETE ON {name} BEGIN\n  {delete}\nEND",
        f"CREATE TRIGGER {quote_name(table + '_au')} AFTER UPDATE ON {name} BEGIN\n  {delete}\n  {insert}\nEND",
    ]


# --- Loading the package -------------------------------------------------------------------------


def integrity_problems(con: sqlite3.Connection) -> list[str]:
    """What PRAGMA foreign_key_check, integrity_check and FTS5's integrity-check report (empty when the database is sound)."""
    problems = [f"foreign key: {row}" for row in con.execute("PRAGMA foreign_key_check")]
    result = [row[0] for row in con.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        problems += [f"integrity: {line}" for line in result]
    fts_tables = con.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name")
    for (name,) in fts_tables.fetchall():
        fts = quote_name(name)
        try:  # the index against its content table: a row indexed with other words, or not at all, fails it
            con.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as err:
            problems.append(f"full-text index {name}: {err}")
    return problems


def write_database(root: Path, target: Path) -> dict[str, int]:
    """Create the tables and load every CSV resource into a new SQLite file; returns rows per table."""
    descriptor = read_descriptor(root)
    con = sqlite3.connect(target, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        con.execute("PRAGMA defer_foreign_keys = ON")  # rows may name rows loaded later (sources.derived_from)
        counts = {}
        for resource in csv_resources(descriptor):  # all tables first: an insert needs the tables it references
            con.execute(create_table(resource))
        for resource in csv_resources(descriptor):
            names = [f["name"] for f in resource["schema"]["fields"]]
            rows = [tuple(row[n] for n in names) for row in read_table(root, resource)]  # booleans are stored as 0 and 1
            placeholders = ", ".join("?" for _ in resource["schema"]["fields"])
            con.executemany(f"INSERT INTO {quote_name(resource['name'])} VALUES ({placeholders})", rows)
            counts[resource["name"]] = len(rows)
        for table, columns in FULL_TEXT.items():
            for statement in full_text_index(table, columns):
                con.execute(statement)
        con.execute("COMMIT")  # deferred foreign keys are checked here
        problems = integrity_problems(con)
        if problems:
            raise sqlite3.IntegrityError("; ".join(problems))
    finally:
        con.close()
    return counts


def database_file(descriptor: dict[str, Any]) -> str:
    """The database's file name: <package name>.sqlite (in dist/, and at the top of a release)."""
    return f"{descriptor['name']}.sqlite"


def database_path(root: Path) -> Path:
    """Where `make sqlite` writes the database of the package at root."""
    return root / "dist" / database_file(read_descriptor(root))


def build_sqlite(root: Path, target: Path) -> dict[str, int]:
    """Write target and its Datasette metadata in one publication: a failed load leaves both as they were."""
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = metadata_path(target)
    with staging(target.parent) as stage:
        counts = write_database(root, stage / target.name)
        write_metadata(read_descriptor(root), stage / meta.name, target.stem)  # Datasette names a database after its file
        publish(stage, target.parent, [target.name, meta.name])
    return counts
