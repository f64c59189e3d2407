"""The publication: the package and its data card built into one staging folder and published together, so that
docs/ never lags or leads the data; and the data card alone, re-rendered from the published package."""

from __future__ import annotations

import shutil
from pathlib import Path

from scripts.model.files import PUBLISHED, SITE
from scripts.model.publish import publish, staging
from scripts.model.schema import Tables
from scripts.outputs.site.build import render_site
from scripts.package.build import build


def build_and_publish(root: Path, timings: dict[str, float] | None = None) -> Tables:
    """Build everything into a staging folder and publish it all at once; nothing changes unless all of it is made."""
    with staging(root) as stage:
        tables = build(root, stage, timings)
        shutil.copytree(root / "archive", stage / "archive")  # the card reads the texts the citations point into
        render_site(stage, stage / SITE)
        publish(stage, root, [*PUBLISHED, SITE])
    return tables


def publish_site(root: Path) -> list[str]:
    """Re-render docs/ from the published package, under the lock; a failure leaves docs/ as it was."""
    with staging(root) as stage:
        written = render_site(root, stage / SITE)
        publish(stage, root, [SITE])
    return written
