"""Write the release zip: dist/<name>-<version>.zip, byte-identical for identical inputs, complete on its own.

The zip holds one folder <name>-<version>/ with everything a downloader needs and nothing they must
fetch: datapackage.json and every file it lists (tables as CSV and Parquet, the workbook ...), the
archived texts the citations point into (at the paths sources.archive_path gives), the data card
docs/ with the charts the README shows, the SQLite database with its Datasette metadata, README.md, LICENSE, CITATION.cff,
CHANGELOG.md, check.py (the standard-library checker: python3 check.py) and SHA256SUMS. It is made from
the published files as they are, and refused when they do not match their recorded hashes or when the
versions in datapackage.json, CITATION.cff and CHANGELOG.md disagree.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import Any

from scripts.model import schema
from scripts.model.files import DESCRIPTOR, PUBLISHED, SITE, sha256_bytes
from scripts.model.publish import publish, staging
from scripts.package.check import SUMS, check, inside
from scripts.package.citation import changelog_latest, release_date, render_cff
from scripts.package.reader import read_descriptor, read_table, resource

TOP_FILES = [*(name for name in PUBLISHED if name != "data"), "LICENSE", "CHANGELOG.md", "CONTRIBUTING.md"]  # data/: as listed
CHECKER = Path(__file__).resolve().parents[1] / "package" / "check.py"  # shipped as check.py
FILE_MODE = 0o100644  # regular file, rw-r--r--, whatever the checkout's permissions
COMPRESSION = zipfile.ZIP_DEFLATED
LEVEL = 9


class ReleaseError(ValueError):
    """Why the published files cannot be released."""


def release_files(root: Path, descriptor: dict[str, Any]) -> list[str]:
    """Paths (relative, '/'-separated, sorted) of the published files that go into the zip.

    The data files are those datapackage.json describes (a stray file in data/ is never shipped), the
    texts those the sources table names; the site is shipped whole.
    """
    sources = resource(descriptor, "sources")
    texts = [s["archive_path"] for s in read_table(root, sources)]
    site = [p.relative_to(root).as_posix() for p in sorted((root / SITE).rglob("*")) if not p.is_dir() or p.is_symlink()]
    files = [f["path"] for f in schema.files().values()]
    paths = sorted({*TOP_FILES, *(r["path"] for r in descriptor["resources"]), *files, *texts, *site})
    refused = [p for p in paths if inside(root, p) is None or not (root / p).is_file()]
    if refused:  # a link could ship any file of the machine; a path out of the tree, any other
        raise ReleaseError(f"not regular files of the tree (a link, or a path out of it): {', '.join(refused)}")
    return paths


def check_consistent(root: Path, descriptor: dict[str, Any]) -> list[str]:
    """Why the published files cannot be released as they are (empty when they can)."""
    missing = [name for name in TOP_FILES if not (root / name).is_file()]
    if missing:
        return [f"missing: {', '.join(missing)}"]
    report = check(root, release=False)  # the zip's SHA256SUMS is written below
    problems = list(report.findings)
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
    """Write the zip to target; returns the member names."""
    top = f"{descriptor['name']}-{descriptor['version']}"
    day = datetime.date.fromisoformat(release_date(descriptor))
    when = (day.year, day.month, day.day, 0, 0, 0)
    members = {p: (root / p).read_bytes() for p in release_files(root, descriptor)}
    members["check.py"] = CHECKER.read_bytes()
    members[SUMS] = "".join(f"{sha256_bytes(data)}  {path}\n" for path, data in sorted(members.items())).encode("utf-8")
    names = []
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(members):
            name = f"{top}/{path}"
            archive.writestr(_entry(name, when), members[path], compress_type=COMPRESSION, compresslevel=LEVEL)
            names.append(name)
    return names


def release(root: Path, out_dir: Path) -> Path:
    """Check the published files, then write <out_dir>/<name>-<version>.zip atomically."""
    if not (root / DESCRIPTOR).is_file():
        raise ReleaseError(f"missing: {DESCRIPTOR}")
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
