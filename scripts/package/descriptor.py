"""datapackage.json: package metadata and one resource per table per format (CSV and Parquet), from the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scripts.model import schema
from scripts.model.files import sha256_file
from scripts.package.files import CSV_DIALECT

SCHEMA_URL = "https://datapackage.org/profiles/2.0/datapackage.json"


def parquet_name(table: str) -> str:
    return f"{table}-parquet"


def _resource(table: str, out_dir: Path, *, parquet: bool) -> dict[str, Any]:
    spec = schema.table(table)
    ext = "parquet" if parquet else "csv"
    path = out_dir / "data" / f"{table}.{ext}"
    table_schema = schema.table_schema(table, parquet=parquet)
    if parquet:
        for key in table_schema.get("foreignKeys", []):
            key["reference"] = {**key["reference"], "resource": parquet_name(key["reference"]["resource"])}
    resource: dict[str, Any] = {
        "name": parquet_name(table) if parquet else table,
        "type": "table",
        "path": f"data/{table}.{ext}",
        "format": ext,
        "title": spec["title"] + (" (Parquet)" if parquet else ""),
        "description": spec["description"],
    }
    if parquet:
        resource["mediatype"] = "application/vnd.apache.parquet"
    else:
        resource.update(mediatype="text/csv", encoding="utf-8", dialect=dict(CSV_DIALECT), bytes=path.stat().st_size)
    # frictionless checks the hash of a CSV; of a Parquet file it ignores it, and `make verify` checks it.
    resource["hash"] = "sha256:" + sha256_file(path)
    resource["schema"] = table_schema
    return resource


def datapackage(out_dir: Path, sources: list[dict[str, Any]]) -> dict[str, Any]:
    meta = schema.package_meta()
    keys = ("name", "title", "description", "version", "created", "keywords", "licenses", "contributors")
    descriptor: dict[str, Any] = {"$schema": SCHEMA_URL} | {key: meta[key] for key in keys}
    descriptor["sources"] = [
        {"title": f"{s['title']} — {s['publisher']} ({s['published']})", "path": s["url"] or s["archive_path"]} for s in sources
    ]
    descriptor["resources"] = [_resource(table, out_dir, parquet=parquet) for parquet in (False, True) for table in schema.table_names()]
    return descriptor


def write_json(path: Path, value: Any) -> None:
    """The package's JSON files (datapackage.json, BODS, Croissant): key order as built, indent 2, UTF-8 as is, a final newline."""
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
