"""Build the data package into a staging folder: facts + archive -> checks -> tables -> CSV/Parquet ->
datapackage.json -> validate -> the other formats, the README and CITATION.cff. Publishing it is the caller's
(scripts/outputs/publication.py), with the data card, in one publication.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scripts.inputs.archive import load_archive
from scripts.inputs.checks import check_all
from scripts.inputs.records import load_facts
from scripts.model import schema
from scripts.model.files import DESCRIPTOR
from scripts.model.problems import BuildError
from scripts.model.schema import Tables
from scripts.package.card import render_readme
from scripts.package.citation import render_cff
from scripts.package.files import datapackage, write_json, write_tables
from scripts.package.formats.bods import write_bods
from scripts.package.formats.workbook import write_workbook
from scripts.package.reader import read_tables
from scripts.package.rows import make_tables
from scripts.package.validate import formula_cells, package_problems


@contextmanager
def timed(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    """Seconds per stage, for the benchmark's per-stage growth (no cost when nobody asks)."""
    start = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def build(root: Path, stage: Path, timings: dict[str, float] | None = None) -> Tables:
    with timed(timings, "load facts"):
        schema.use(root / schema.SCHEMA_FILE)
        records = load_facts(root / "facts")
    with timed(timings, "check"):
        archive, problems = load_archive(root, records["sources"])
        bounds, locations, spans, cross_problems = check_all(records, archive)
    if problems + cross_problems:
        raise BuildError(problems + cross_problems)
    with timed(timings, "tables"):
        tables = make_tables(records, archive, bounds, locations, spans)
    if formulas := formula_cells(tables):
        raise BuildError(formulas)
    with timed(timings, "write CSV and Parquet"):
        write_tables(tables, stage)
        descriptor = datapackage(stage, tables["sources"])
    with timed(timings, "validate"):
        problems = package_problems(stage, descriptor)
    if problems:
        raise BuildError(problems)
    with timed(timings, "workbook and BODS"):
        published = read_tables(stage, descriptor)  # the validated tables as written, read once for every other format
        write_workbook(descriptor, stage / schema.files()["workbook"]["path"], published)
        write_bods(descriptor, stage / schema.files()["bods"]["path"], published)
        write_json(stage / DESCRIPTOR, descriptor)
    with timed(timings, "README, CITATION.cff"):
        readme = render_readme((root / "README.md").read_text(encoding="utf-8"), tables, descriptor)
        (stage / "README.md").write_text(readme, encoding="utf-8")
        (stage / "CITATION.cff").write_text(render_cff(descriptor), encoding="utf-8")
    return tables
