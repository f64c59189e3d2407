"""Build the web site docs/ from the published package: charts, data card page, archive pages, file copies.

Usage: python -m scripts.build_site [--root DIR]. Reads datapackage.json, data/ and archive/ (never
facts/), renders into a staging folder inside the repository and swaps it in for docs/ only when
everything was written, so a failure leaves the previous docs/ as it was.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
from pathlib import Path

from .archive_pages import write_archive_pages
from .charts import render_charts
from .page import render_index
from .publish import publish, staging
from .site_data import load_package, published_files

ROOT = Path(__file__).resolve().parent.parent
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
    charts = render_charts(package.tables, out / "charts")
    write_archive_pages(package, out)
    sizes = {rel: (root / rel).stat().st_size for rel in paths}
    (out / "index.html").write_text(render_index(package, charts, out / "charts", sizes), encoding="utf-8", newline="\n")
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def build_site(root: Path) -> list[str]:
    with staging(root) as stage:
        written = render_site(root, stage / SITE)
        publish(stage, root, [SITE])
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository folder (default: this one)")
    args = parser.parse_args(argv)
    try:
        written = build_site(args.root.resolve())
    except (OSError, ValueError, KeyError) as err:
        print(f"site build failed: {err}; {SITE}/ was left as it was", file=sys.stderr)
        return 1
    print(f"site built: {len(written)} files in {SITE}/ (index.html, {sum(p.startswith('charts/') for p in written)} chart files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
