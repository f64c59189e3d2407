"""Verify a copy of the dataset: every published file and archived text against its recorded SHA-256.

Usage: python -m scripts verify [DIR]. Reports each altered, missing or resized file and exits 1;
prints how many files were checked and exits 0 when all match. Works on a downloaded copy too.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from scripts.model.files import sha256_file


@dataclass(frozen=True)
class Finding:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _check(root: Path, rel: str, sha256: str, size: int | None) -> Finding | None:
    path = root / rel
    if not path.is_file():
        return Finding(rel, "missing")
    actual = sha256_file(path)
    if actual != sha256:
        return Finding(rel, f"altered: sha256 is {actual}, the package records {sha256}")
    if size is not None and path.stat().st_size != size:
        return Finding(rel, f"altered: {path.stat().st_size} bytes, the package records {size}")
    return None


def verify(root: Path) -> tuple[int, list[Finding], list[str]]:
    """(files checked, findings, notes)."""
    notes: list[str] = []
    package_path = root / "datapackage.json"
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return 0, [Finding("datapackage.json", f"unreadable ({err})")], notes
    checks: list[tuple[str, str, int | None]] = []
    for resource in package.get("resources", []):
        algorithm, _, digest = resource.get("hash", "").partition(":")
        if algorithm != "sha256" or not digest:
            return 0, [Finding("datapackage.json", f"resource {resource.get('name')!r} records no sha256 hash")], notes
        checks.append((resource["path"], digest, resource.get("bytes")))
    findings = [f for f in (_check(root, *c) for c in checks) if f]
    sources_csv = root / "data" / "sources.csv"
    if (root / "archive").is_dir() and not any(f.path == "data/sources.csv" for f in findings):
        with sources_csv.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                checks.append((row["archive_path"], row["sha256"], int(row["bytes"])))
                finding = _check(root, row["archive_path"], row["sha256"], int(row["bytes"]))
                if finding:
                    findings.append(finding)
    elif not (root / "archive").is_dir():
        notes.append("archive/ is not in this copy: the source texts were not checked")
    return len(checks), findings, notes
