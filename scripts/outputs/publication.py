"""The publication: the package, its SQLite file, croissant.json and its data card built into one staging folder and
published together, so that none lags or leads the data; and the data card alone, re-rendered from the published package."""

import shutil
from pathlib import Path

from scripts.model import schema
from scripts.model.files import BUILT, CROISSANT, SITE
from scripts.model.publish import publish, staging
from scripts.model.schema import Tables
from scripts.outputs.site.build import render_site
from scripts.outputs.sqlite.export import write_sqlite
from scripts.package.build import build, timed
from scripts.package.formats.croissant import write_croissant

SITE_STAGE = "card page"  # the stage of `build --timings` the benchmark sets apart (charts, rendered by matplotlib)


def build_and_publish(root: Path, timings: dict[str, float] | None = None) -> Tables:
    """Build everything into a staging folder and publish it all at once; nothing changes unless all of it is made."""
    with staging(root) as stage:
        tables = build(root, stage, timings)
        shutil.copytree(root / "archive", stage / "archive")  # Croissant lists the texts; the card reads them
        with timed(timings, "SQLite, Croissant"):
            write_sqlite(stage, stage / schema.files()["sqlite"]["path"], stage / schema.files()["datasette"]["path"])
            write_croissant(stage, stage / CROISSANT)
        with timed(timings, SITE_STAGE):
            render_site(stage, stage / SITE)
        publish(stage, root, BUILT)
    return tables


def publish_site(root: Path) -> list[str]:
    """Re-render docs/ from the published package, under the lock; a failure leaves docs/ as it was."""
    with staging(root) as stage:
        written = render_site(root, stage / SITE)
        publish(stage, root, [SITE])
    return written
