"""The package's other formats, made by the build from the validated tables and listed in datapackage.json.

Each writer takes the staged package's descriptor, the file to write and the tables as read back from the written CSVs;
schema.yaml's `files` declares where it goes and how the descriptor describes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scripts.model import schema
from scripts.model.schema import Tables
from scripts.package.formats.bods import write_bods
from scripts.package.formats.workbook import write_workbook

WRITERS: dict[str, Callable[[dict[str, Any], Path, Tables], None]] = {"workbook": write_workbook, "bods": write_bods}


def write_formats(root: Path, descriptor: dict[str, Any], tables: Tables) -> list[str]:
    """Write every file schema.yaml declares from the package's tables as read back (read_tables); returns their
    names (a file without a writer is a schema error)."""
    names = list(schema.files())
    missing = [name for name in names if name not in WRITERS]
    if missing:
        raise KeyError(f"schema.yaml declares files no writer makes: {', '.join(missing)}")
    for name, spec in schema.files().items():
        WRITERS[name](descriptor, root / spec["path"], tables)
    return names
