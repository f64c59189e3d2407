"""Build the web site docs/ from the published package: charts, data card page, archive pages.

Usage: python -m scripts site [--root DIR]. Reads datapackage.json, data/, archive/ and README.md (never
facts/), renders into a staging folder inside the repository and swaps it in for docs/ only when
everything was written, so a failure leaves the previous docs/ as it was. docs/ holds no copy of a
package file: the pages link ../datapackage.json, ../data/ and ../archive/, so the site is served from
the repository root (or an unpacked release), at /docs/.
"""

from __future__ import annotations

from pathlib import Path

from scripts.outputs.site.archive_pages import write_archive_pages
from scripts.outputs.site.charts import render_charts
from scripts.outputs.site.page import render_index
from scripts.outputs.site.readme import install_commands
from scripts.package.reader import load_package


def render_site(root: Path, out: Path) -> list[str]:
    """Write the whole site into out (which need not exist); returns the files written, relative to out."""
    package = load_package(root)
    commands = install_commands((root / "README.md").read_text(encoding="utf-8"))  # first: a README without them stops the build
    charts, fonts = render_charts(package.tables)
    (out / "charts").mkdir(parents=True, exist_ok=True)
    for chart in charts:
        (out / "charts" / f"{chart.name}.svg").write_text(chart.svg, encoding="utf-8", newline="\n")
        (out / "charts" / f"{chart.name}.png").write_bytes(chart.png)
    write_archive_pages(package, out)
    (out / "index.html").write_text(render_index(package, charts, fonts, commands), encoding="utf-8", newline="\n")
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
