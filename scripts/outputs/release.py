"""Write the release zip: dist/<name>-<version>.zip, byte-identical for identical inputs, complete on its own.

One folder <name>-<version>/ holds the published files as they are, the texts the citations point into, the data card,
check.py (the standard-library checker) and SHA256SUMS, so a downloader needs nothing more. It is refused when the
files do not match their recorded hashes or the versions in datapackage.json, CITATION.cff and CHANGELOG.md disagree.
"""

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


class ReleaseError(ValueError):
    """Why the published files cannot be released."""


def release_files(root: Path, descriptor: dict[str, Any]) -> list[str]:
    """Paths (relative, '/'-separated, sorted) of the published files that go into the zip: the data files that
    datapackage.json describes (a stray file in data/ is never shipped), the texts the sources name, the whole site."""
    texts = [s["archive_path"] for s in read_table(root, resource(descriptor, "sources"))]
    site = [p.relative_to(root).as_posix() for p in sorted((root / SITE).rglob("*")) if not p.is_dir() or p.is_symlink()]
    files = [f["path"] for f in [*descriptor["resources"], *schema.files().values()]]
    paths = sorted({*TOP_FILES, *files, *texts, *site})
    refused = [p for p in paths if inside(root, p) is None or not (root / p).is_file()]
    if refused:  # a link could ship any file of the machine; a path out of the tree, any other
        raise ReleaseError(f"not regular files of the tree (a link, or a path out of it): {', '.join(refused)}")
    return paths


def check_consistent(root: Path, descriptor: dict[str, Any]) -> list[str]:
    """Why the published files cannot be released as they are (empty when they can)."""
    if missing := [name for name in TOP_FILES if not (root / name).is_file()]:
        return [f"missing: {', '.join(missing)}"]
    problems = list(check(root, release=False).findings)  # the zip's SHA256SUMS is written below
    if (root / "CITATION.cff").read_text(encoding="utf-8") != render_cff(descriptor):
        problems.append("CITATION.cff differs from datapackage.json: run make")
    version, date = changelog_latest((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    if (version, date) != (descriptor["version"], release_date(descriptor)):
        problems.append(
            f"CHANGELOG.md's latest entry is {version} of {date}, the package is {descriptor['version']} "
            f"of {release_date(descriptor)}: add its entry"
        )
    return problems


def write_zip(root: Path, descriptor: dict[str, Any], target: Path) -> None:
    """Every member dated the release day, so the same files give the same bytes."""
    top = f"{descriptor['name']}-{descriptor['version']}"
    day = datetime.date.fromisoformat(release_date(descriptor))
    members = {p: (root / p).read_bytes() for p in release_files(root, descriptor)}
    members["check.py"] = CHECKER.read_bytes()
    members[SUMS] = "".join(f"{sha256_bytes(data)}  {path}\n" for path, data in sorted(members.items())).encode("utf-8")
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(members):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.create_system = 3  # Unix, so that external_attr carries the mode
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, members[path], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def release(root: Path, out_dir: Path) -> Path:
    """Check the published files, then write <out_dir>/<name>-<version>.zip atomically."""
    if not (root / DESCRIPTOR).is_file():
        raise ReleaseError(f"missing: {DESCRIPTOR}")
    descriptor = read_descriptor(root)
    if problems := check_consistent(root, descriptor):
        raise ReleaseError("; ".join(problems))
    name = f"{descriptor['name']}-{descriptor['version']}.zip"
    out_dir.mkdir(parents=True, exist_ok=True)
    with staging(out_dir) as stage:
        write_zip(root, descriptor, stage / name)
        publish(stage, out_dir, [name])
    return out_dir / name
