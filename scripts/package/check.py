"""Check a copy of the dataset with nothing but Python 3.11+: python3 check.py [FOLDER].

Shipped as check.py at the top of every release, and run by `make verify` in the repository. It
checks, in the folder (default: the one this file is in):

1. every file listed in SHA256SUMS against its hash (a release has that file);
2. every file datapackage.json lists against its recorded SHA-256 and size;
3. every archived text against the SHA-256 and size recorded in the sources table;
4. every citation: the archived text of its source, sliced at [start:end] in characters, is its
   excerpt; its prefix and suffix stand just before and after it; prefix + excerpt + suffix occurs
   in that text once; its line number is right.

It names every file, text or citation that fails and exits 1; it exits 0 when all hold. It imports
nothing but the standard library, so it runs on a fresh machine without any install.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

SUMS = "SHA256SUMS"


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)  # what was checked, by kind
    findings: list[str] = field(default_factory=list)  # what failed: file, text or citation, and why
    notes: list[str] = field(default_factory=list)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file(report: Report, root: Path, rel: str, digest: str, size: int | None = None) -> bool:
    path = root / rel
    if not path.is_file():
        report.findings.append(f"{rel}: missing")
        return False
    actual = sha256(path)
    if actual != digest:
        report.findings.append(f"{rel}: altered: sha256 is {actual}, recorded {digest}")
        return False
    if size is not None and path.stat().st_size != size:
        report.findings.append(f"{rel}: altered: {path.stat().st_size} bytes, recorded {size}")
        return False
    return True


def _rows(root: Path, resource: dict) -> list[dict[str, str]]:
    dialect = resource.get("dialect", {})
    with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=dialect.get("delimiter", ","), quotechar=dialect.get("quoteChar", '"')))


def check_sums(report: Report, root: Path) -> None:
    lines = (root / SUMS).read_text(encoding="utf-8").splitlines()
    for line in lines:
        digest, _, rel = line.partition("  ")
        _file(report, root, rel, digest)
    report.counts["files in SHA256SUMS"] = len(lines)


def check_descriptor(report: Report, root: Path, descriptor: dict) -> None:
    n = 0
    for resource in descriptor.get("resources", []):
        algorithm, _, digest = str(resource.get("hash", "")).partition(":")
        if algorithm != "sha256" or not digest:
            report.findings.append(f"datapackage.json: resource {resource.get('name')!r} records no sha256 hash")
            continue
        _file(report, root, resource["path"], digest, resource.get("bytes"))
        n += 1
    report.counts["files listed in datapackage.json"] = n


def check_texts(report: Report, root: Path, descriptor: dict) -> dict[str, str]:
    """The archived texts, checked against the sources table; returns the readable ones by source_id."""
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    texts: dict[str, str] = {}
    sources = _rows(root, resources["sources"])
    if not any((root / s["archive_path"]).exists() for s in sources):
        report.notes.append("archive/ is not in this copy: the texts and the citations' excerpts were not checked")
        return texts
    for s in sources:
        if _file(report, root, s["archive_path"], s["sha256"], int(s["bytes"])):
            texts[s["source_id"]] = (root / s["archive_path"]).read_bytes().decode("utf-8")
    report.counts["archived texts"] = len(sources)
    return texts


def _occurrences(text: str, part: str) -> int:
    """How many times part occurs in text, overlapping occurrences included."""
    count, at = 0, text.find(part)
    while at >= 0:
        count, at = count + 1, text.find(part, at + 1)
    return count


def check_citations(report: Report, root: Path, descriptor: dict, texts: dict[str, str]) -> None:
    resource = next(r for r in descriptor["resources"] if r["name"] == "citations")
    rows = _rows(root, resource)
    for c in rows:
        text = texts.get(c["source_id"])
        if text is None:
            continue
        cid, exact, prefix, suffix = c["citation_id"], c["exact"], c["prefix"], c["suffix"]
        start, end = int(c["start"]), int(c["end"])
        if text[start:end] != exact:
            report.findings.append(f"citation {cid}: {c['source_id']}[{start}:{end}] is not its excerpt")
        elif text[start - len(prefix) : start] != prefix or text[end : end + len(suffix)] != suffix:
            report.findings.append(f"citation {cid}: its prefix or suffix is not the text around the excerpt")
        elif (n := _occurrences(text, prefix + exact + suffix)) != 1:
            report.findings.append(f"citation {cid}: prefix + excerpt + suffix occurs {n} times in the text, not once")
        elif text.count("\n", 0, start) + 1 != int(c["line"]):
            report.findings.append(f"citation {cid}: the excerpt starts on line {text.count(chr(10), 0, start) + 1}, not {c['line']}")
    if texts:
        report.counts["citations at their offsets"] = len(rows)


def check(root: Path) -> Report:
    report = Report()
    try:
        descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        report.findings.append(f"datapackage.json: unreadable ({err})")
        return report
    if (root / SUMS).is_file():
        check_sums(report, root)
    check_descriptor(report, root, descriptor)
    needed = [r["path"] for r in descriptor.get("resources", []) if r.get("name") in ("sources", "citations")]
    if not any(f.startswith(tuple(needed)) for f in report.findings):
        check_citations(report, root, descriptor, check_texts(report, root, descriptor))
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent
    report = check(root)
    for note in report.notes:
        print(f"note: {note}")
    if report.findings:
        print(f"check FAILED: {len(report.findings)} problem(s) in {root}", file=sys.stderr)
        for finding in report.findings:
            print(f"  {finding}", file=sys.stderr)
        return 1
    print("checked: " + "; ".join(f"{n} {what}" for what, n in report.counts.items()) + ". All match.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
