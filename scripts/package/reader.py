"""Read the published package (datapackage.json + data/*.csv + archive/): the only input of the site
and of the SQLite export.

They are built from what a downloader gets, not from facts/, so they can never show something the
package does not contain. Values are typed from the package's own Table Schema.
"""

import csv
import json
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from scripts.model.files import DESCRIPTOR
from scripts.model.schema import Row, Tables
from scripts.package.check import inside


@dataclass(frozen=True)
class Package:
    """The published package as the site sees it."""

    root: Path
    descriptor: dict[str, Any]
    tables: Tables
    texts: dict[str, str]  # source_id -> archived text (decoded, offsets are into this string)


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    """The descriptor's resource of that name (StopIteration when it has none)."""
    return next(r for r in descriptor["resources"] if r["name"] == name)


def path_in(root: Path, rel: str) -> Path:
    """root/rel, refused (ValueError) when it leaves root or passes through a link: nothing is read from outside."""
    path = inside(root, rel)
    if path is None:
        raise ValueError(f"{rel}: a path outside the package, or through a link: not read")
    return path


def read_descriptor(root: Path) -> dict[str, Any]:
    return json.loads(path_in(root, DESCRIPTOR).read_text(encoding="utf-8"))


def csv_resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV resources, one per table (the Parquet ones hold the same rows)."""
    return [r for r in descriptor["resources"] if r.get("format") == "csv"]


def grouped(rows: list[Row], *columns: str) -> dict[Any, list[Row]]:
    """Rows by their value of one column (or tuple of several), in table order: an index, so that a pass stays linear."""
    key, out = itemgetter(*columns), dict[Any, list[Row]]()
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out


def _typed(value: str, kind: str, missing: list[str]) -> Any:
    """A CSV cell as a JSON value: a missing value is null, numbers and booleans by the field's type."""
    if value in missing:
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"{value!r} is not a boolean (true or false)")
        return value == "true"
    return value


def read_table(root: Path, resource: dict[str, Any]) -> list[Row]:
    """The rows of a CSV resource, typed by its Table Schema and read with its declared dialect; a ValueError names the
    file, line and field of a cell that is not of its type."""
    fields = resource["schema"]["fields"]
    missing = resource["schema"].get("missingValues", [""])
    dialect = resource.get("dialect", {})
    with path_in(root, resource["path"]).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=dialect.get("delimiter", ","), quotechar=dialect.get("quoteChar", '"'))
        if reader.fieldnames != [f["name"] for f in fields]:
            raise ValueError(f"{resource['path']}: header {reader.fieldnames} does not match the schema")
        rows = []
        for row in reader:
            typed: Row = {}
            for f in fields:
                try:
                    typed[f["name"]] = _typed(row[f["name"]], f["type"], missing)
                except ValueError as err:
                    raise ValueError(f"{resource['path']}, line {reader.line_num}, field {f['name']}: {err}") from err
            rows.append(typed)
        return rows


def read_tables(root: Path, descriptor: dict[str, Any]) -> Tables:
    """Every table of the package, typed, from its CSV resource."""
    return {r["name"]: read_table(root, r) for r in csv_resources(descriptor)}


def load_package(root: Path) -> Package:
    """Load every CSV resource and every archived text; check each citation against its text."""
    descriptor = read_descriptor(root)
    tables = read_tables(root, descriptor)
    texts = {s["source_id"]: path_in(root, s["archive_path"]).read_bytes().decode("utf-8") for s in tables["sources"]}
    for c in tables["citations"]:
        if texts[c["source_id"]][c["start"] : c["end"]] != c["exact"]:
            raise ValueError(f"citation {c['citation_id']}: {c['source_id']}[{c['start']}:{c['end']}] is not its excerpt")
    return Package(root, descriptor, tables, texts)
