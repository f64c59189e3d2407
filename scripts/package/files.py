"""Write each table as CSV and as Parquet, typed from the schema, byte-identical run after run."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from scripts.model import schema
from scripts.model.text import format_number

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
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


def write_csv(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    fields = schema.fields(table)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(
            handle,
            delimiter=CSV_DIALECT["delimiter"],
            lineterminator=CSV_DIALECT["lineTerminator"],
            quotechar=CSV_DIALECT["quoteChar"],
            doublequote=CSV_DIALECT["doubleQuote"],
        )
        writer.writerow([f["name"] for f in fields])
        for row in rows:
            writer.writerow([csv_cell(row[f["name"]], f["type"]) for f in fields])


def arrow_table(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    names = schema.field_names(table)
    types = {f["name"]: f["type"] for f in schema.fields(table)}
    columns = {n: [float(r[n]) if types[n] == "number" and r[n] is not None else r[n] for r in rows] for n in names}
    return pa.table(columns, schema=arrow_schema(table))


def write_parquet(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    pq.write_table(arrow_table(table, rows), path, compression="zstd")


def write_tables(tables: dict[str, list[dict[str, Any]]], data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        write_csv(data_dir / f"{table}.csv", table, rows)
        write_parquet(data_dir / f"{table}.parquet", table, rows)
