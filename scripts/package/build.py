"""Build the data package: facts + archive -> checks -> tables -> CSV/Parquet -> datapackage.json -> validate.

Usage: python -m scripts build [--root DIR]. Nothing published changes unless every check passes.
"""

from __future__ import annotations

from pathlib import Path

from scripts.inputs.archive import load_archive
from scripts.inputs.checks import check_all
from scripts.inputs.records import load_facts
from scripts.model import schema
from scripts.model.problems import BuildError
from scripts.model.publish import publish, staging
from scripts.model.schema import Tables
from scripts.package.card import render_readme
from scripts.package.citation import render_cff
from scripts.package.descriptor import datapackage, file_resource, write_descriptor
from scripts.package.files import write_tables
from scripts.package.formats import write_formats
from scripts.package.formats.croissant import write_croissant
from scripts.package.rows import make_tables
from scripts.package.validate import package_problems

INPUTS = ["schema.yaml", "facts", "archive", "README.md"]  # what a build reads (README.md for its hand-written parts)
PUBLISHED = ["data", "datapackage.json", "croissant.json", "README.md", "CITATION.cff"]


def build(root: Path) -> Tables:
    schema.use(root / schema.SCHEMA_FILE)
    records = load_facts(root / "facts")
    archive, problems = load_archive(root, records["sources"])
    bounds, locations, cross_problems = check_all(records, archive)
    if problems + cross_problems:
        raise BuildError(problems + cross_problems)
    tables = make_tables(records, archive, bounds, locations)
    with staging(root) as stage:
        write_tables(tables, stage / "data")
        descriptor = datapackage(stage, tables["sources"])
        write_descriptor(stage, descriptor)
        problems = package_problems(stage, descriptor, tables)
        if problems:
            raise BuildError(problems)
        descriptor["resources"] += [file_resource(stage, name) for name in write_formats(stage, descriptor)]
        write_descriptor(stage, descriptor)
        write_croissant(root, stage, stage / "croissant.json")
        readme = render_readme((root / "README.md").read_text(encoding="utf-8"), tables, descriptor)
        (stage / "README.md").write_text(readme, encoding="utf-8")
        (stage / "CITATION.cff").write_text(render_cff(descriptor), encoding="utf-8")
        publish(stage, root, PUBLISHED)
    return tables
