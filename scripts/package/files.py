"""Write each table as CSV and as Parquet, typed from the schema, byte-identical run after run, and datapackage.json:
the package's metadata and one resource per table per format, from the schema."""

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from scripts.model import schema
from scripts.model.text import format_number
from scripts.package.check import sha256_file

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}
# How the CSV files are written, declared on every CSV resource (readers that sniff guess a space for some tables).
CSV_DIALECT = {"header": True, "delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True}
SCHEMA_URL = "https://datapackage.org/profiles/2.0/datapackage.json"


def csv_cell(value: Any, ftype: str) -> str:
    if value is None:
        return ""
    if ftype == "boolean":
        return "true" if value else "false"
    if ftype == "number":
        return format_number(value)
    if ftype == "date":
        return value.isoformat()
    return str(value)


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema(
        [
            pa.field(
                f["name"],
                ARROW_TYPES[f["type"]],
                nullable=not f.get("constraints", {}).get("required", False),
                metadata={"description": f["description"]},
            )
            for f in schema.fields(table)
        ]
    )


def csv_field(cell: str) -> str:
    """One CSV field, quoted when it must be: a delimiter, quote or line break inside (as csv.QUOTE_MINIMAL),
    and also white space at either end, which some readers trim from an unquoted field (npm datapackage).
    An empty field stays unquoted: a missing value in every reader (DuckDB reads "" as an empty string)."""
    special = cell and (any(c in cell for c in (CSV_DIALECT["delimiter"], CSV_DIALECT["quoteChar"], "\n", "\r")) or cell != cell.strip())
    quote = CSV_DIALECT["quoteChar"]
    return f"{quote}{cell.replace(quote, quote * 2)}{quote}" if special else cell


def write_csv(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    fields = schema.fields(table)
    end = CSV_DIALECT["lineTerminator"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(CSV_DIALECT["delimiter"].join(csv_field(f["name"]) for f in fields) + end)
        for row in rows:
            handle.write(CSV_DIALECT["delimiter"].join(csv_field(csv_cell(row[f["name"]], f["type"])) for f in fields) + end)


def arrow_table(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    names = schema.field_names(table)
    types = {f["name"]: f["type"] for f in schema.fields(table)}
    columns = {n: [float(r[n]) if types[n] == "number" and r[n] is not None else r[n] for r in rows] for n in names}
    return pa.table(columns, schema=arrow_schema(table))


def table_path(table: str, ext: str) -> str:
    """Where a table's file lies in the package, relative to its top folder (ext: csv or parquet)."""
    return f"data/{table}.{ext}"


def write_tables(tables: dict[str, list[dict[str, Any]]], out_dir: Path) -> None:
    (out_dir / "data").mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        write_csv(out_dir / table_path(table, "csv"), table, rows)
        pq.write_table(arrow_table(table, rows), out_dir / table_path(table, "parquet"), compression="zstd")


def parquet_name(table: str) -> str:
    return f"{table}-parquet"


def _resource(table: str, out_dir: Path, *, parquet: bool) -> dict[str, Any]:
    spec = schema.table(table)
    ext = "parquet" if parquet else "csv"
    path = table_path(table, ext)
    table_schema = schema.table_schema(table)
    if parquet:
        # frictionless 5.21 reads an empty Parquet number as NaN and fails it against its bounds: they are left to the
        # CSV, which is validated with them, and which the build proves the Parquet file equal to, cell for cell.
        for f in table_schema["fields"]:
            kept = f.pop("constraints", {})
            if f["type"] in ("number", "integer") and not kept.get("required"):
                kept = {k: v for k, v in kept.items() if k not in ("minimum", "maximum")}
            f.update({"constraints": kept} if kept else {})
        for key in table_schema.get("foreignKeys", []):
            key["reference"] = {**key["reference"], "resource": parquet_name(key["reference"]["resource"])}
    resource: dict[str, Any] = {
        "name": parquet_name(table) if parquet else table,
        "type": "table",
        "path": path,
        "format": ext,
        "title": spec["title"] + (" (Parquet)" if parquet else ""),
        "description": spec["description"],
    }
    if parquet:
        resource["mediatype"] = "application/vnd.apache.parquet"
    else:
        resource.update(mediatype="text/csv", encoding="utf-8", dialect=dict(CSV_DIALECT), bytes=(out_dir / path).stat().st_size)
    # frictionless checks the hash of a CSV; of a Parquet file it ignores it, and `make verify` checks it.
    resource["hash"] = "sha256:" + sha256_file(out_dir / path)
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
