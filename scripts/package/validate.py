"""Validate the written package with frictionless, and prove each Parquet file equals its CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from frictionless import Package

from scripts.model import schema
from scripts.model.problems import Problem
from scripts.package.files import csv_cell


def frictionless_problems(package_path: Path) -> list[Problem]:
    report = Package(str(package_path)).validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            problems.append(Problem(task.name, f"row {row}" if row else None, field, f"frictionless {error.type}: {error.message}"))
    for error in report.errors:
        problems.append(Problem(str(package_path.name), None, None, f"frictionless {error.type}: {error.message}"))
    return problems


def format_equality_problems(data_dir: Path, tables: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """The CSV and the Parquet file of a table hold the same rows and columns as the built rows."""
    problems = []
    for table, rows in tables.items():
        fields = schema.fields(table)
        names = [f["name"] for f in fields]
        expected = [[csv_cell(row[n], f["type"]) for n, f in zip(names, fields, strict=True)] for row in rows]
        with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            read = list(csv.reader(handle))
        if read[:1] != [names] or read[1:] != expected:
            problems.append(Problem(f"data/{table}.csv", None, None, "does not read back as the built rows"))
        parquet = pq.read_table(data_dir / f"{table}.parquet")
        if parquet.column_names != names or parquet.to_pylist() != [{n: r[n] for n in names} for r in rows]:
            problems.append(Problem(f"data/{table}.parquet", None, None, "does not read back as the built rows"))
    return problems
