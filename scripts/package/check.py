"""Check a copy of the dataset with nothing but Python 3.11+: python3 check.py [FOLDER].

Shipped as check.py at the top of every release; `make verify` runs it on the repository too. It checks, in the
folder (default: the one this file is in):

1. SHA256SUMS (a release must have it): every file listed matches its hash, and no other file is there;
2. every file datapackage.json lists, against its recorded SHA-256 and size;
3. every archived text against the SHA-256 and size recorded in the sources table;
4. every citation: its text sliced at [start:end] in characters is its excerpt, its prefix and suffix stand
   around it, prefix + excerpt + suffix occurs once, its line number is right; and every span of
   citation_fields stands at its offsets, inside its citation's excerpt.

It reads nothing outside its folder (a path that leaves it, or a link, is a finding), names every file, text,
citation or span that fails and exits 1; it exits 0 when all hold. Standard library only: no install needed.
"""

import csv
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

SUMS = "SHA256SUMS"
VENV = ".venv"  # the README has a downloader make one here: not part of the release


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)  # what was checked, by kind
    findings: list[str] = field(default_factory=list)  # what failed: file, text or citation, and why


def sha256_file(path: Path) -> str:
    """Lower-case hex SHA-256 of a file, read in blocks (a package can hold large files): every fingerprint of a file."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def inside(root: Path, rel: str) -> Path | None:
    """root/rel when it is a regular path inside root through no link, else None."""
    parts = Path(rel).parts
    if not rel or Path(rel).is_absolute() or ".." in parts:
        return None
    path = root
    for part in parts:
        path = path / part
        if path.is_symlink():
            return None
    return path


def _file(report: Report, root: Path, rel: str, digest: str, size: int | None = None) -> bool:
    path = inside(root, rel)
    if path is None:
        problem = "a path outside this folder, or through a link: not read"
    elif not path.is_file():
        problem = "missing"
    elif (actual := sha256_file(path)) != digest:
        problem = f"altered: sha256 is {actual}, recorded {digest}"
    elif size is not None and path.stat().st_size != size:
        problem = f"altered: {path.stat().st_size} bytes, recorded {size}"
    else:
        return True
    report.findings.append(f"{rel}: {problem}")
    return False


def _rows(root: Path, resource: dict) -> list[dict[str, str]]:
    path = inside(root, str(resource.get("path", "")))
    if path is None:
        raise ValueError(f"resource {resource.get('name')!r}: its path leaves this folder")
    dialect = resource.get("dialect", {})
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=dialect.get("delimiter", ","), quotechar=dialect.get("quoteChar", '"')))


def check_sums(report: Report, root: Path) -> None:
    listed = set()
    for line in (root / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        listed.add(rel)
        _file(report, root, rel, digest)
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if (p.is_file() or p.is_symlink()) and p.name != SUMS}
    present = {p for p in present if p.split("/")[0] != VENV}
    report.findings += [f"{rel}: not listed in {SUMS}" for rel in sorted(present - listed)]
    report.counts[f"files in {SUMS}"] = len(listed)


def check_descriptor(report: Report, root: Path, descriptor: dict) -> None:
    for resource in descriptor["resources"]:
        algorithm, _, digest = str(resource.get("hash", "")).partition(":")
        if algorithm != "sha256" or not digest:
            report.findings.append(f"datapackage.json: resource {resource.get('name')!r} records no sha256 hash")
        else:
            _file(report, root, str(resource["path"]), digest, resource.get("bytes"))
    report.counts["files listed in datapackage.json"] = len(descriptor["resources"])


def check_texts(report: Report, root: Path, resources: dict[str, dict]) -> dict[str, str]:
    """The archived texts, checked against the sources table; returns the readable ones by source_id."""
    texts = {}
    sources = _rows(root, resources["sources"])
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


def check_citations(report: Report, root: Path, resources: dict[str, dict], texts: dict[str, str]) -> None:
    citations = {c["citation_id"]: c for c in _rows(root, resources["citations"])}
    for cid, c in citations.items():
        text, exact, prefix, suffix = texts.get(c["source_id"]), c["exact"], c["prefix"], c["suffix"]
        start, end = int(c["start"]), int(c["end"])
        if text is None:
            report.findings.append(f"citation {cid}: its text {c['source_id']} could not be checked")
        elif text[start:end] != exact:
            report.findings.append(f"citation {cid}: {c['source_id']}[{start}:{end}] is not its excerpt")
        elif text[start - len(prefix) : start] != prefix or text[end : end + len(suffix)] != suffix:
            report.findings.append(f"citation {cid}: its prefix or suffix is not the text around the excerpt")
        elif (n := _occurrences(text, prefix + exact + suffix)) != 1:
            report.findings.append(f"citation {cid}: prefix + excerpt + suffix occurs {n} times in the text, not once")
        elif (line := text.count("\n", 0, start) + 1) != int(c["line"]):
            report.findings.append(f"citation {cid}: the excerpt starts on line {line}, not {c['line']}")
    spans = _rows(root, resources["citation_fields"])
    for s in spans:
        c = citations.get(s["citation_id"])
        start, end = int(s["start"]), int(s["end"])
        if c is None or c["source_id"] not in texts:
            report.findings.append(f"span {s['citation_id']} {s['field']}: no checked citation")
        elif texts[c["source_id"]][start:end] != s["as_written"] or not int(c["start"]) <= start < end <= int(c["end"]):
            report.findings.append(f"span {s['citation_id']} {s['field']}: {s['as_written']!r} is not at {start}:{end} inside its excerpt")
    report.counts["citations at their offsets"] = len(citations)
    report.counts["spans at their offsets"] = len(spans)


def listed(items: list, shown: int = 50) -> list[str]:
    """Long lists of problems, as every command prints them: the first `shown` indented, then how many more there are."""
    more = [f"and {len(items) - shown} more"] if len(items) > shown else []
    return [f"  {item}" for item in [*items[:shown], *more]]


def check(root: Path, release: bool = True) -> Report:
    """Everything above; a release (the default) must carry SHA256SUMS, the repository (make verify) has none."""
    report = Report()
    try:
        descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in descriptor["resources"]}
        if release or (root / SUMS).exists():
            if (root / SUMS).is_file():
                check_sums(report, root)
            else:
                report.findings.append(f"{SUMS}: missing (every release has it)")
        check_descriptor(report, root, descriptor)
        check_citations(report, root, resources, check_texts(report, root, resources))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:  # a malformed or unreadable file: a finding
        report.findings.append(f"cannot be checked: {type(err).__name__}: {err}")
    return report


def main(argv: list[str] | None = None, release: bool = True) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent
    report = check(root, release)
    if report.findings:
        print(f"check FAILED: {len(report.findings)} problem(s) in {root}", *listed(report.findings), sep="\n", file=sys.stderr)
        return 1
    print("checked: " + "; ".join(f"{n} {what}" for what, n in report.counts.items()) + ". All match.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
