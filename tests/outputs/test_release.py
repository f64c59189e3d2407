"""The release zip: what a user downloads is complete, carries true checksums and checks alone; it is refused when the
published files do not check, when the versions disagree, or when a link would ship a file from outside the tree
(test_downloader runs the README's commands in it; test_build proves it reproducible)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.model import schema
from scripts.outputs.release import ReleaseError, release
from tests.conftest import ROOT, copy_from_repo

PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TOP = f"{PACKAGE['name']}-{PACKAGE['version']}"
PUBLISHED = ["datapackage.json", "croissant.json", "data", "README.md", "LICENSE", "CITATION.cff", "CHANGELOG.md", "CONTRIBUTING.md"]


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release(ROOT, tmp_path_factory.mktemp("dist"))


def test_the_zip_holds_everything_a_downloader_needs_and_checks_alone(released: Path, tmp_path: Path) -> None:
    """The package and every file beside it, the texts, the card, the checker: check.py says all match, with Python alone."""
    assert released.name == f"{TOP}.zip"
    with zipfile.ZipFile(released) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    expected = {*PUBLISHED, "SHA256SUMS", "check.py", *(r["path"] for r in PACKAGE["resources"])}
    expected |= {f["path"] for f in schema.files().values()}
    expected |= {p.relative_to(ROOT).as_posix() for top in ("archive", "docs") for p in (ROOT / top).rglob("*") if p.is_file()}
    assert names == sorted(f"{TOP}/{name}" for name in expected - {"data"})
    readme_images = re.findall(r"!\[[^]]*\]\(([^)]+)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert readme_images and {f"{TOP}/{image}" for image in readme_images} <= set(names), "the README's charts ship with it"
    bare = ["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "python3", "check.py"]  # no venv, a bare environment
    done = subprocess.run(bare, cwd=tmp_path / TOP, capture_output=True, text=True)
    assert done.returncode == 0 and f"{len(names) - 1} files in SHA256SUMS" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("a data file edited", "data/stakes.csv"),
        ("a changelog without this version", "CHANGELOG.md"),
        ("a link to a file outside the tree", "not regular files of the tree"),
    ],
)
def test_the_release_is_refused(tmp_path: Path, what: str, message: str) -> None:
    root = copy_from_repo([*PUBLISHED, "archive", "docs"], tmp_path / "repo")
    if what == "a data file edited":
        (root / "data" / "stakes.csv").write_text("altered\n", encoding="utf-8")
    elif what == "a changelog without this version":
        (root / "CHANGELOG.md").write_text("# Changelog\n\n## [0.0.1] - 2020-01-01\n", encoding="utf-8")
    else:
        (tmp_path / "secret").write_text("any file of the machine\n", encoding="utf-8")
        (root / "LICENSE").unlink()
        (root / "LICENSE").symlink_to(tmp_path / "secret")
    with pytest.raises(ReleaseError, match=re.escape(message)):
        release(root, tmp_path / "dist")
    assert not list((tmp_path / "dist").glob("*.zip")) if (tmp_path / "dist").exists() else True


def test_a_release_into_the_tree_itself_does_not_wait_for_its_own_lock(tmp_path: Path) -> None:
    """`release --out .` takes the tree's lock and then its output folder's, the same one: held once per process."""
    root = copy_from_repo([*PUBLISHED, "archive", "docs", "schema.yaml"], tmp_path / "repo")
    command = [sys.executable, "-m", "scripts", "release", "--root", str(root), "--out", str(root)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and (root / f"{TOP}.zip").is_file(), done.stdout + done.stderr
