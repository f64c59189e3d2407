"""Two independent JavaScript readers of the published package (tests/js):

- read-package.mjs: npm `datapackage` (Frictionless Data Package v1) reads every CSV table, values cast by the Table
  Schema and every foreign key followed, and casts the values Python's reader does;
- anchor-citations.mjs: Apache Annotator (the W3C Web Annotation selectors) finds every excerpt at its offsets, counted
  in characters as Python counts them, and once only by its quote.

The pinned npm packages (tests/js/package.json and its lockfile) are installed with `npm ci` into the git-ignored
.node/<hash of the lockfiles>/, once per lockfile. Without node and npm these tests fail, never skip.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts.package.reader import csv_resources, read_descriptor, read_tables
from tests.conftest import ROOT

JS_DIR = ROOT / "tests" / "js"
CACHE = ROOT / ".node"
DESCRIPTOR = read_descriptor(ROOT)
TABLES = read_tables(ROOT, DESCRIPTOR)


@pytest.fixture(scope="session")
def readers() -> Path:
    """A folder with the pinned npm packages installed by `npm ci` and the current .mjs scripts beside them."""
    npm = shutil.which("npm")
    if not (shutil.which("node") and npm):
        pytest.fail("node and npm are needed for the JavaScript readers (Node 20 and npm)")
    manifests = [JS_DIR / "package.json", JS_DIR / "package-lock.json"]
    home = CACHE / hashlib.sha256(b"".join(p.read_bytes() for p in manifests)).hexdigest()[:16]
    if not (home / ".npm-ci.stamp").is_file():
        staging = CACHE / f"staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for path in manifests:
            shutil.copy2(path, staging / path.name)
        command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        done = subprocess.run(command, cwd=staging, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        (staging / ".npm-ci.stamp").write_text(home.name + "\n", encoding="utf-8")
        for old in CACHE.iterdir():  # earlier lockfiles' installs
            if old != staging and old.is_dir() and re.fullmatch(r"[0-9a-f]{16}|staging-\d+", old.name):
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(home)
    for script in JS_DIR.glob("*.mjs"):
        shutil.copy2(script, home / script.name)
    return home


def run(readers: Path, script: str) -> dict[str, Any]:
    done = subprocess.run(["node", str(readers / script), str(ROOT / "datapackage.json")], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"{script} printed no JSON report (exit {done.returncode}):\n{done.stderr[-4000:]}")
    assert done.returncode == (0 if report["ok"] else 1)
    return report


def test_datapackage_js_reads_every_table_with_its_relations_and_the_same_values(readers: Path) -> None:
    report = run(readers, "read-package.mjs")
    assert report["ok"] and report["package"] == {"valid": True, "errors": []}, json.dumps(report["package"])[:2000]
    assert list(report["resources"]) == [r["name"] for r in csv_resources(DESCRIPTOR)]
    for resource in csv_resources(DESCRIPTOR):
        got, rows, schema = report["resources"][resource["name"]], TABLES[resource["name"]], resource["schema"]
        assert got["errors"] == [] and not got["delimiterSniffed"], (resource["name"], got["errors"][:5])
        keys = [f for fk in schema.get("foreignKeys", []) for f in fk["fields"]]
        assert got["relationsResolved"] == sum(row[f] is not None for row in rows for f in keys), f"{resource['name']}: a key not followed"
        assert [dict(zip(got["fields"], values, strict=True)) for values in got["values"]] == rows, resource["name"]


def test_annotator_finds_every_excerpt_at_its_offsets_and_once_by_its_quote(readers: Path) -> None:
    report = run(readers, "anchor-citations.mjs")
    assert report["ok"] and report["failures"] == [] and report["ambiguous"] == [], json.dumps(report["failures"][:5])
    citations = len(TABLES["citations"])
    assert (report["citations"], report["anchored"]) == (citations, {"position": citations, "quote": citations})
