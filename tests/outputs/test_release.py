"""The release zip: what a user downloads must be complete, carry true checksums, and be reproducible (test_downloader
runs the README's install and frictionless commands in it)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from scripts.outputs.release import ReleaseError, release
from tests.conftest import ROOT, copy_from_repo

PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TOP = f"{PACKAGE['name']}-{PACKAGE['version']}"
PUBLISHED = ["datapackage.json", "croissant.json", "data", "README.md", "LICENSE", "CITATION.cff", "CHANGELOG.md", "archive", "docs"]


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release(ROOT, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def unpacked(released: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(released) as archive:
        archive.extractall(folder)
    return folder / TOP


def copy_published(target: Path) -> Path:
    return copy_from_repo(PUBLISHED, target)


def test_zip_is_named_after_the_package_and_version(released: Path) -> None:
    assert released.name == f"{TOP}.zip"


def test_zip_holds_everything_a_downloader_needs(released: Path) -> None:
    """The package, the texts the citations point into, the data card and its charts, the database, the checker."""
    with zipfile.ZipFile(released) as archive:
        names = archive.namelist()
    expected = {"datapackage.json", "croissant.json", "README.md", "LICENSE", "CITATION.cff", "CHANGELOG.md", "SHA256SUMS", "check.py"}
    expected |= {r["path"] for r in PACKAGE["resources"]} | {f"{PACKAGE['name']}.sqlite", f"{PACKAGE['name']}-datasette.json"}
    expected |= {p.relative_to(ROOT).as_posix() for top in ("archive", "docs") for p in (ROOT / top).rglob("*") if p.is_file()}
    assert names == sorted(f"{TOP}/{name}" for name in expected)
    readme_images = re.findall(r"!\[[^]]*\]\(([^)]+)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert readme_images and {f"{TOP}/{image}" for image in readme_images} <= set(names), "the README's charts ship with it"


def test_the_checker_confirms_every_file_text_and_citation_with_the_system_python(unpacked: Path) -> None:
    """What the README tells a downloader: python3 check.py, with no venv and nothing installed."""
    system_python = ["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "python3", "check.py"]  # no venv, a bare environment
    done = subprocess.run(system_python, cwd=unpacked, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "files in SHA256SUMS" in done.stdout and "5 archived texts" in done.stdout and "citations at their offsets" in done.stdout
    (unpacked / "archive" / "cpi-2018-alibaba-partnering-with-russian-companies.txt").write_text("tampered", encoding="utf-8")
    try:
        done = subprocess.run(
            ["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "python3", "check.py"], cwd=unpacked, capture_output=True, text=True
        )
        assert done.returncode == 1 and "archive/cpi-2018-alibaba-partnering-with-russian-companies.txt: altered" in done.stderr
    finally:
        (unpacked / "archive" / "cpi-2018-alibaba-partnering-with-russian-companies.txt").write_bytes(
            (ROOT / "archive" / "cpi-2018-alibaba-partnering-with-russian-companies.txt").read_bytes()
        )


def test_the_database_in_the_release_holds_every_table(unpacked: Path) -> None:
    import sqlite3

    con = sqlite3.connect(unpacked / f"{PACKAGE['name']}.sqlite")
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {r["name"] for r in PACKAGE["resources"] if r["format"] == "csv"} <= tables
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sha256sums_match_every_other_file(unpacked: Path) -> None:
    lines = (unpacked / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, path = line.split("  ", 1)
        listed[path] = digest
    files = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == files
    for path, digest in listed.items():
        assert hashlib.sha256((unpacked / path).read_bytes()).hexdigest() == digest, path
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_released_files_are_the_published_ones(unpacked: Path) -> None:
    for path in ["datapackage.json", "README.md", "data/stakes.csv", "data/citations.parquet"]:
        assert (unpacked / path).read_bytes() == (ROOT / path).read_bytes(), path


def test_entries_have_fixed_dates_modes_and_compression(released: Path) -> None:
    created = tuple(int(x) for x in PACKAGE["created"][:10].split("-"))
    with zipfile.ZipFile(released) as archive:
        for info in archive.infolist():
            assert info.date_time == (*created, 0, 0, 0), info.filename
            assert info.external_attr >> 16 == 0o100644, info.filename
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename


def test_two_releases_are_byte_identical_whatever_the_file_times_and_modes(released: Path, tmp_path: Path) -> None:
    again = release(ROOT, tmp_path / "again")
    assert again.read_bytes() == released.read_bytes()
    copy = copy_published(tmp_path / "copy")
    for path in copy.rglob("*"):
        if path.is_file():
            os.utime(path, (1_000_000_000, 1_000_000_000))
            path.chmod(0o600)
    assert release(copy, tmp_path / "from-copy").read_bytes() == released.read_bytes()


def test_release_refuses_a_data_file_that_differs_from_its_recorded_hash(tmp_path: Path) -> None:
    copy = copy_published(tmp_path / "copy")
    stakes = copy / "data" / "stakes.csv"
    stakes.write_text(stakes.read_text(encoding="utf-8").replace(",48,", ",49,", 1), encoding="utf-8")
    with pytest.raises(ReleaseError, match=re.escape("data/stakes.csv")):
        release(copy, tmp_path / "dist")
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_release_refuses_a_changelog_without_the_package_version(tmp_path: Path) -> None:
    copy = copy_published(tmp_path / "copy")
    changelog = copy / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(f"## [{PACKAGE['version']}]", "## [0.9.0]"), encoding="utf-8")
    with pytest.raises(ReleaseError, match=re.escape("CHANGELOG.md")):
        release(copy, tmp_path / "dist")
