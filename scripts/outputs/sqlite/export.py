"""The package's SQLite file, with sqlite-utils: one STRICT table per CSV resource, with its keys and NOT NULL for
required fields (patterns, enums and bounds are frictionless's to check), and FTS5 with triggers on the columns
schema.yaml's `present.search` names; the same bytes from run to run. A load that breaks a key is refused.
"""

import sqlite3
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import AlterError, quote_identifier

from scripts.model import schema
from scripts.model.files import DESCRIPTOR
from scripts.outputs.sqlite.datasette import write_metadata
from scripts.package.reader import csv_resources, read_descriptor, read_table

TYPES = {"string": str, "integer": int, "number": float, "boolean": int, "date": str}  # SQLite has no date or boolean


def creation_order(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The resources, each after the tables its foreign keys name: sqlite-utils refuses a reference to a missing table."""
    named = {r["name"]: r for r in resources}
    needs = {n: {fk["reference"]["resource"] or n for fk in r["schema"].get("foreignKeys", [])} - {n} for n, r in named.items()}
    try:
        return [named[n] for n in TopologicalSorter(needs).static_order() if n in named]
    except CycleError as err:
        raise ValueError(f"the foreign keys of {', '.join(err.args[1])} form a cycle") from err


def create_table(db: sqlite_utils.Database, resource: dict[str, Any]) -> None:
    """A STRICT table with the Table Schema's columns, primary and foreign keys, and NOT NULL for required fields."""
    name, table = resource["name"], resource["schema"]
    keys = [(tuple(k["fields"]), k["reference"]["resource"] or name, tuple(k["reference"]["fields"])) for k in table.get("foreignKeys", [])]
    required = [f["name"] for f in table["fields"] if f.get("constraints", {}).get("required")]
    columns = {f["name"]: TYPES[f["type"]] for f in table["fields"]}
    db[name].create(columns, pk=tuple(table["primaryKey"]), foreign_keys=keys, not_null=required, strict=True)


def problems(db: sqlite_utils.Database, resources: list[dict[str, Any]]) -> list[str]:
    """What PRAGMA foreign_key_check and integrity_check find, each named by the CSV file and row it comes from."""
    path = {r["name"]: r["path"] for r in resources}
    found = []
    for table, rowid, parent, key in db.execute("PRAGMA foreign_key_check").fetchall():
        columns = [row[3] for row in db.execute(f"PRAGMA foreign_key_list({quote_identifier(table)})") if row[0] == key]
        values = db.execute(f"SELECT {', '.join(map(quote_identifier, columns))} FROM {quote_identifier(table)} WHERE rowid = ?", [rowid])
        found.append(f"{path[table]}, row {rowid}: {', '.join(columns)} {', '.join(map(repr, values.fetchone()))} is not in {parent}")
    return found + [f"integrity_check: {line}" for (line,) in db.execute("PRAGMA integrity_check").fetchall() if line != "ok"]


def write_sqlite(root: Path, database: Path, metadata: Path) -> None:
    """Load every CSV resource of the package at root into a new SQLite file, and write its Datasette metadata (Datasette
    names a database after its file). Foreign keys are off while loading (a row may name one loaded later), then checked
    once for all."""
    descriptor = read_descriptor(root)
    resources = csv_resources(descriptor)
    if unknown := [r["name"] for r in resources if r["name"] not in schema.table_names()]:
        raise ValueError(f"{root / DESCRIPTOR}: no table {', '.join(unknown)} in schema.yaml, which says how to show each table")
    with sqlite_utils.Database(database, execute_plugins=False) as db:
        for resource in creation_order(resources):
            name, search = resource["name"], schema.present(resource["name"])["search"]
            try:
                create_table(db, resource)
                db[name].insert_all(read_table(root, resource))
            except (sqlite3.Error, AlterError) as err:
                raise ValueError(f"{resource['path']}: {err}") from err
            if search:
                db[name].enable_fts(search, create_triggers=True)
        found = problems(db, resources)
    if found:
        raise ValueError("; ".join(found))
    write_metadata(descriptor, metadata, database.stem)
