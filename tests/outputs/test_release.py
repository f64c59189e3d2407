"""The release zip: what a user downloads must validate on its own, carry true checksums, and be reproducible."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.outputs.release import ReleaseError, release
from tests.conftest import ROOT, copy_from_repo

FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))
PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TOP = f"{PACKAGE['name']}-{PACKAGE['version']}"
PUBLISHED = ["datapackage.json", "data", "README.md", "LICENSE", "CITATION.cff", "CHANGELOG.md", "archive"]


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


def test_zip_holds_the_package_readme_licence_citation_and_sums(released: Path) -> None:
    with zipfile.ZipFile(released) as archive:
        names = archive.namelist()
    expected = {"datapackage.json", "README.md", "LICENSE", "CITATION.cff", "CHANGELOG.md", "SHA256SUMS"}
    expected |= {r["path"] for r in PACKAGE["resources"]}
    assert names == sorted(f"{TOP}/{name}" for name in expected)


def test_unpacked_release_validates_with_the_frictionless_cli(unpacked: Path) -> None:
    done = subprocess.run([FRICTIONLESS, "validate", "--json", "datapackage.json"], cwd=unpacked, capture_output=True, text=True)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["valid"], done.stdout[-2000:]
    assert len(report["tasks"]) == len(PACKAGE["resources"])


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
