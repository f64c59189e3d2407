"""Write the release zip: dist/<name>-<version>.zip, byte-identical for identical inputs.

Usage: python -m scripts release [--root DIR] [--out DIR]. The zip holds one folder <name>-<version>/
with datapackage.json, data/, README.md, LICENSE, CITATION.cff, CHANGELOG.md and SHA256SUMS
(`sha256sum -c SHA256SUMS` checks the rest). It is made from the published files as they are, and
refused when they do not match datapackage.json's hashes or when the version in datapackage.json,
CITATION.cff and CHANGELOG.md disagree: a release must be what the package says it is.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import Any

from scripts.model.files import sha256_file
from scripts.model.publish import publish, staging
from scripts.package.citation import changelog_latest, release_date, render_cff
from scripts.package.reader import read_descriptor
from scripts.package.verify import verify

TOP_FILES = ["datapackage.json", "README.md", "LICENSE", "CITATION.cff", "CHANGELOG.md"]
SUMS = "SHA256SUMS"
FILE_MODE = 0o100644  # regular file, rw-r--r--, whatever the checkout's permissions
COMPRESSION = zipfile.ZIP_DEFLATED
LEVEL = 9


class ReleaseError(Exception):
    pass


def release_files(descriptor: dict[str, Any]) -> list[str]:
    """Paths (relative, '/'-separated, sorted) of every file that goes into the zip besides SHA256SUMS.

    The data files are those datapackage.json describes, so a stray file in data/ is never shipped.
    """
    return sorted({*TOP_FILES, *(r["path"] for r in descriptor["resources"])})


def sha256sums(root: Path, paths: list[str]) -> str:
    """The SHA256SUMS file: `sha256sum` text format, one line per file, in path order."""
    return "".join(f"{sha256_file(root / p)}  {p}\n" for p in paths)


def check_consistent(root: Path, descriptor: dict[str, Any]) -> list[str]:
    """Why the published files cannot be released as they are (empty when they can)."""
    problems = []
    missing = [name for name in TOP_FILES if not (root / name).is_file()]
    if missing:
        return [f"missing: {', '.join(missing)}"]
    _count, findings, _notes = verify(root)
    problems += [str(f) for f in findings]
    if (root / "CITATION.cff").read_text(encoding="utf-8") != render_cff(descriptor):
        problems.append("CITATION.cff differs from datapackage.json: run make")
    version, date = changelog_latest((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    if (version, date) != (descriptor["version"], release_date(descriptor)):
        problems.append(
            f"CHANGELOG.md's latest entry is {version} of {date}, the package is {descriptor['version']} "
            f"of {release_date(descriptor)}: add its entry"
        )
    return problems


def _entry(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = COMPRESSION
    info.create_system = 3  # Unix, so that external_attr carries the mode
    info.external_attr = FILE_MODE << 16
    return info


def write_zip(root: Path, descriptor: dict[str, Any], target: Path) -> list[str]:
    """Write the zip to target; returns the member names. Every member gets the package's release date."""
    top = f"{descriptor['name']}-{descriptor['version']}"
    day = datetime.date.fromisoformat(release_date(descriptor))
    when = (day.year, day.month, day.day, 0, 0, 0)
    paths = release_files(descriptor)
    members = {p: (root / p).read_bytes() for p in paths}
    members[SUMS] = sha256sums(root, paths).encode("utf-8")
    names = []
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(members):
            name = f"{top}/{path}"
            archive.writestr(_entry(name, when), members[path], compress_type=COMPRESSION, compresslevel=LEVEL)
            names.append(name)
    return names


def release(root: Path, out_dir: Path) -> Path:
    """Check the published files, then write <out_dir>/<name>-<version>.zip atomically."""
    if not (root / "datapackage.json").is_file():
        raise ReleaseError("missing: datapackage.json")
    descriptor = read_descriptor(root)
    problems = check_consistent(root, descriptor)
    if problems:
        raise ReleaseError("; ".join(problems))
    name = f"{descriptor['name']}-{descriptor['version']}.zip"
    out_dir.mkdir(parents=True, exist_ok=True)
    with staging(out_dir) as stage:
        write_zip(root, descriptor, stage / name)
        publish(stage, out_dir, [name])
    return out_dir / name
