"""The package's other formats the build makes from the validated tables: the workbook and BODS.

Each writer takes the staged package's descriptor, the file to write and the tables as read back from the written CSVs;
schema.yaml's `files` declares where it goes (the SQLite file, also declared there, is the publication's: outputs/).
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


def write_formats(root: Path, descriptor: dict[str, Any], tables: Tables) -> None:
    """Write the workbook and BODS where schema.yaml declares them, from the package's tables as read back (read_tables)."""
    for name, write in WRITERS.items():
        write(descriptor, root / schema.files()[name]["path"], tables)
