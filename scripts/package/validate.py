"""The build's check of the written package: frictionless validates every CSV resource (types, constraints, primary
and foreign keys), and pyarrow proves each Parquet file equal to its CSV, types compared: a number column is a
double in both, an integer column an int64 read exactly (48 and 48.0 differ, and no integer goes through a double).

Problems come back in the build's own form: the file, the row (as frictionless counts it: the header is row 1),
the field and what is wrong.
"""

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from frictionless import Package

from scripts.model.files import DESCRIPTOR
from scripts.model.problems import Problem
from scripts.model.text import is_formula_like
from scripts.package.files import arrow_schema, parquet_name, table_path
from scripts.package.reader import csv_resources, resource

MAX_SHOWN = 10  # differing rows named per column; the rest are counted


def read_csv(path: Path, table: str) -> pa.Table:
    """A CSV resource typed by the schema's Arrow types (an empty cell is null)."""
    schema = arrow_schema(table)
    options = pacsv.ConvertOptions(
        column_types=schema, null_values=[""], strings_can_be_null=True, true_values=["true"], false_values=["false"]
    )
    parse = pacsv.ParseOptions(newlines_in_values=True)  # excerpts span lines
    return pacsv.read_csv(path, parse_options=parse, convert_options=options).select(schema.names)


def parquet_differences(root: Path, table: str, csv_path: str, parquet_path: str) -> list[Problem]:
    """Where the Parquet file differs from its CSV: columns and types, then values row by row."""
    try:
        expected = read_csv(root / csv_path, table)
    except (pa.ArrowInvalid, KeyError) as err:
        return [Problem(csv_path, None, None, f"does not read as its schema's types: {err}")]
    actual = pq.read_table(root / parquet_path)
    if [(f.name, f.type) for f in actual.schema] != [(f.name, f.type) for f in expected.schema]:
        wanted = ", ".join(f"{f.name} {f.type}" for f in expected.schema)
        return [Problem(parquet_path, None, None, f"columns and types differ from the schema's ({wanted})")]
    if actual.num_rows != expected.num_rows:
        return [Problem(parquet_path, None, None, f"{actual.num_rows} rows, its CSV has {expected.num_rows}")]
    problems = []
    for name in expected.column_names:
        if actual[name].equals(expected[name]):
            continue
        pairs = zip(expected[name].to_pylist(), actual[name].to_pylist(), strict=True)
        rows = [(i, a, b) for i, (a, b) in enumerate(pairs, 2) if a != b or type(a) is not type(b)]
        for i, a, b in rows[:MAX_SHOWN]:
            problems.append(Problem(parquet_path, f"row {i}", name, f"{b!r} in Parquet, {a!r} in the CSV"))
        if len(rows) > MAX_SHOWN:
            problems.append(Problem(parquet_path, None, name, f"and {len(rows) - MAX_SHOWN} more rows differ from the CSV"))
    return problems


def formula_cells(tables: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Cells a spreadsheet would run as formulas (=, +, -, @, a tab or a carriage return first), derived ones
    included: the checks on the facts refuse them where a curator typed them, this is the net under all."""
    return [
        Problem(table_path(table, "csv"), f"row {i}", name, f"{value[:40]!r} starts with a character a spreadsheet runs as a formula")
        for table, rows in tables.items()
        for i, row in enumerate(rows, 2)
        for name, value in row.items()
        if isinstance(value, str) and is_formula_like(value)
    ]


def package_problems(root: Path, descriptor: dict[str, Any]) -> list[Problem]:
    """Everything wrong with the written package: frictionless' errors on the CSV resources, then each Parquet file against its CSV."""
    report = Package({**descriptor, "resources": csv_resources(descriptor)}, basepath=str(root)).validate()
    problems = [Problem(DESCRIPTOR, None, None, error.message) for error in report.errors]
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            problems.append(Problem(task.place, f"row {row}" if row else None, getattr(error, "field_name", None), error.message))
    for r in csv_resources(descriptor):
        problems += parquet_differences(root, r["name"], r["path"], resource(descriptor, parquet_name(r["name"]))["path"])
    return problems
