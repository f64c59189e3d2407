"""Build the web site docs/ from the published package: charts, data card page, archive pages, file copies.

Usage: python -m scripts site [--root DIR]. Reads datapackage.json, data/ and archive/ (never
facts/), renders into a staging folder inside the repository and swaps it in for docs/ only when
everything was written, so a failure leaves the previous docs/ as it was.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from scripts.model.publish import publish, staging
from scripts.outputs.site.archive_pages import write_archive_pages
from scripts.outputs.site.charts import render_charts
from scripts.outputs.site.page import render_index
from scripts.package.reader import load_package, published_files

SITE = "docs"


def copy_published(root: Path, out: Path, paths: list[str]) -> None:
    """Byte-identical copies, so the download links work with docs/ as the site root."""
    for rel in paths:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / rel, target)
        if not filecmp.cmp(root / rel, target, shallow=False):
            raise OSError(f"copy of {rel} differs from the original")


def render_site(root: Path, out: Path) -> list[str]:
    """Write the whole site into out (which need not exist); returns the files written, relative to out."""
    package = load_package(root)
    paths = published_files(package)
    copy_published(root, out, paths)
    charts, fonts = render_charts(package.tables)
    (out / "charts").mkdir(parents=True, exist_ok=True)
    for chart in charts:
        (out / "charts" / f"{chart.name}.svg").write_bytes(chart.svg.encode("utf-8"))
        (out / "charts" / f"{chart.name}.png").write_bytes(chart.png)
    write_archive_pages(package, out)
    sizes = {rel: (root / rel).stat().st_size for rel in paths}
    (out / "index.html").write_text(render_index(package, charts, fonts, sizes), encoding="utf-8", newline="\n")
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def build_site(root: Path) -> list[str]:
    with staging(root) as stage:
        written = render_site(root, stage / SITE)
        publish(stage, root, [SITE])
    return written
