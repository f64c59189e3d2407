"""Build docs/ (python -m scripts site) from the published package alone (datapackage.json, data/, archive/, README.md):
charts, data card, archive pages. Rendered into a staging folder and swapped in for docs/ only when all was written, so a
failure leaves docs/ as it was. docs/ copies no package file: its pages link ../datapackage.json, ../data/, ../archive/."""

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
    charts = render_charts(package.tables)
    (out / "charts").mkdir(parents=True, exist_ok=True)
    for chart in (c for pair in charts for c in pair):
        (out / "charts" / f"{chart.name}.svg").write_text(chart.svg, encoding="utf-8", newline="\n")
        if chart.png is not None:
            (out / "charts" / f"{chart.name}.png").write_bytes(chart.png)
    write_archive_pages(package, out)
    (out / "index.html").write_text(render_index(package, charts, commands), encoding="utf-8", newline="\n")
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
