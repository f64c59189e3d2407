"""The site build, without a browser: what the package alone builds is byte for byte the committed docs/ (so the
browser tests, which open docs/, test what the package builds), all or nothing, with every archived text exact."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from scripts.outputs.publication import publish_site
from scripts.outputs.site.build import render_site
from scripts.outputs.site.charts import CHARTS
from tests.conftest import ROOT, copy_from_repo, fingerprint
from tests.outputs.site.conftest import DOCS, read_csv

PUBLISHED = ["datapackage.json", "croissant.json", "data", "archive", "README.md"]  # what a downloader has: no facts/, no scripts


def test_docs_are_what_the_package_alone_builds(tmp_path: Path) -> None:
    """docs/ is rendered from the published package alone (no facts/, no scripts): the page, the charts (wide and
    narrow) and the archive pages, no copy of a package file. (test_build proves the bytes.)"""
    root = copy_from_repo(PUBLISHED, tmp_path / "pkg")
    render_site(root, root / "docs")
    assert fingerprint(root / "docs") == fingerprint(DOCS)
    expected = {"index.html"} | {f"archive/{s['source_id']}.html" for s in read_csv("sources")}
    expected |= {f"charts/{name}{file}" for name in CHARTS for file in (".svg", ".png", "-narrow.svg")}
    assert set(fingerprint(DOCS)) == expected


def test_a_failed_site_build_leaves_docs_as_it_was(tmp_path: Path) -> None:
    root = copy_from_repo(PUBLISHED, tmp_path / "pkg")
    shutil.copytree(DOCS, root / "docs")
    before = fingerprint(root / "docs")
    events = root / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("event_id,", "event,", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        publish_site(root)
    assert fingerprint(root / "docs") == before and not list(root.glob(".staging-*"))


def test_archive_pages_hold_the_exact_text_with_every_citation_anchored() -> None:
    citations = read_csv("citations")
    for source in read_csv("sources"):
        page = (DOCS / "archive" / f"{source['source_id']}.html").read_text(encoding="utf-8")
        body = re.search(r'<pre class="text">(.*?)</pre>', page, re.S)
        assert body is not None and html.unescape(re.sub(r"<[^>]+>", "", body.group(1))) == (ROOT / source["archive_path"]).read_text(
            encoding="utf-8"
        )
        for c in (c for c in citations if c["source_id"] == source["source_id"]):
            assert page.count(f'id="{html.escape(c["citation_id"])}"') == 1, c["citation_id"]
