"""Write each table as CSV and as Parquet, typed from the schema, byte-identical run after run."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from scripts.model import schema
from scripts.model.text import format_number

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}
# How the CSV files are written, declared on every CSV resource (readers that sniff guess a space for some tables).
CSV_DIALECT = {"header": True, "delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True}


def csv_cell(value: Any, ftype: str) -> str:
    if value is None:
        return ""
    if ftype == "boolean":
        return "true" if value else "false"
    if ftype == "number":
        return format_number(value)
    if ftype == "date":
        assert isinstance(value, datetime.date)
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


def write_tables(tables: dict[str, list[dict[str, Any]]], data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        write_csv(data_dir / f"{table}.csv", table, rows)
        pq.write_table(arrow_table(table, rows), data_dir / f"{table}.parquet", compression="zstd")
