"""The site build, without a browser: built from the published package alone, byte-identical to what is
committed, no copies of package files, all-or-nothing, archive pages exact, README commands extracted."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from scripts.outputs.site.build import build_site
from scripts.outputs.site.charts import CHARTS
from scripts.package.citation import citation_text
from tests.conftest import ROOT, fingerprint
from tests.outputs.site.conftest import DESCRIPTOR, copy_package, read_csv


def test_committed_docs_are_what_the_package_alone_builds(site: Path) -> None:
    """`make` on a clean clone changes nothing in docs/: the committed files were built, in another process, from the
    same package, and equal this build from a copy holding only datapackage.json, data/, archive/ and README.md.
    (If this fails after a change, run `make site`; if it still fails, the build is not deterministic.)"""
    assert fingerprint(ROOT / "docs") == fingerprint(site)


def test_docs_hold_no_copy_of_a_package_file(site: Path) -> None:
    """The site is the page, the charts and the archive pages: data, descriptor and texts are linked, not copied."""
    expected = {"index.html"} | {f"charts/{name}.{ext}" for name in CHARTS for ext in ("svg", "png")}
    expected |= {f"archive/{s['source_id']}.html" for s in read_csv("sources")}
    assert set(fingerprint(site)) == expected


def test_a_failed_site_build_leaves_docs_as_it_was(site: Path, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "repo")
    shutil.copytree(site, root / "docs")
    before = fingerprint(root / "docs")
    events = root / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("event_id,", "event,", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        build_site(root)
    assert fingerprint(root / "docs") == before
    assert not list(root.glob(".staging-*"))


def test_a_readme_without_the_install_block_stops_the_build(site: Path, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "repo")
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("## Download, validate, load", "## Download"), encoding="utf-8")
    with pytest.raises(ValueError, match="Download, validate, load"):
        build_site(root)
    assert not (root / "docs").exists()


def test_archive_pages_hold_the_exact_text_with_every_citation_anchored(site: Path) -> None:
    citations = read_csv("citations")
    for source in read_csv("sources"):
        page = (site / "archive" / f"{source['source_id']}.html").read_text(encoding="utf-8")
        body = re.search(r'<pre class="text">(.*?)</pre>', page, re.S)
        assert body is not None
        text = (ROOT / source["archive_path"]).read_bytes().decode("utf-8")
        assert html.unescape(re.sub(r"<[^>]+>", "", body.group(1))) == text
        for c in (c for c in citations if c["source_id"] == source["source_id"]):
            assert page.count(f'id="{html.escape(c["citation_id"])}"') == 1, c["citation_id"]


def test_citation_sentence_names_title_version_and_year() -> None:
    sentence = citation_text(DESCRIPTOR)
    assert DESCRIPTOR["title"] in sentence and DESCRIPTOR["version"] in sentence and DESCRIPTOR["created"][:4] in sentence
