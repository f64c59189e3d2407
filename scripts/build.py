"""Build the data package: facts + archive -> checks -> tables -> CSV/Parquet -> datapackage.json -> validate.

Usage: python -m scripts.build [--root DIR]. Nothing published changes unless every check passes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema
from .check_facts import check_all, load_archive
from .citation import render_cff
from .describe import write_datapackage
from .load_facts import load_facts
from .make_tables import Tables, make_tables
from .problems import BuildError
from .publish import publish, staging
from .readme import render_readme
from .validate_package import format_equality_problems, frictionless_problems
from .write_tables import write_tables

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ["schema.yaml", "facts", "archive", "README.md"]  # what a build reads (README.md for its hand-written parts)
PUBLISHED = ["data", "datapackage.json", "README.md", "CITATION.cff"]


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
        descriptor = write_datapackage(stage, tables["sources"])
        problems = format_equality_problems(stage / "data", tables) + frictionless_problems(stage / "datapackage.json")
        if problems:
            raise BuildError(problems)
        readme = render_readme((root / "README.md").read_text(encoding="utf-8"), tables, descriptor)
        (stage / "README.md").write_text(readme, encoding="utf-8")
        (stage / "CITATION.cff").write_text(render_cff(descriptor), encoding="utf-8")
        publish(stage, root, PUBLISHED)
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository folder (default: this one)")
    args = parser.parse_args(argv)
    try:
        tables = build(args.root.resolve())
    except BuildError as err:
        print(f"build failed: {len(err.problems)} problem(s); nothing was published", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items())
    print(f"built and validated: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
