"""check.py (`make verify`, and `python3 check.py` in a release): every file, text and citation, caught by name."""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.__main__ import main
from scripts.package.check import check
from tests.conftest import ROOT

TEXT = "archive/warc-2018-alibaba-advanced-negotiations-russia-jv.txt"
KINDS = ["data/stakes.csv", "data/events.parquet", "data/citations.parquet", "data/aliexpress-russia-jv.xlsx", TEXT]
STDLIB = set(sys.stdlib_module_names)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in ("data", "archive"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy2(ROOT / "datapackage.json", tmp_path)
    return tmp_path


def resources() -> int:
    return len(json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"])


def citations() -> int:
    with (ROOT / "data" / "citations.csv").open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_the_published_copy_checks(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = check(copy)
    assert (report.findings, report.notes) == ([], [])
    expected = {"files listed in datapackage.json": resources(), "archived texts": 5, "citations at their offsets": citations()}
    assert report.counts == expected
    assert main(["verify", "--root", str(copy)]) == 0
    assert f"{resources()} files listed in datapackage.json; 5 archived texts; {citations()} citations" in capsys.readouterr().out


@pytest.mark.parametrize("rel", KINDS)
def test_one_altered_byte_is_caught_and_named(copy: Path, rel: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy / rel
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))
    findings = check(copy).findings
    assert [f.split(":")[0] for f in findings][:1] == [rel] and "altered" in findings[0]
    assert main(["verify", "--root", str(copy)]) == 1
    assert rel in capsys.readouterr().err


def test_a_missing_file_is_caught(copy: Path) -> None:
    (copy / "data" / "quotes.parquet").unlink()
    assert check(copy).findings == ["data/quotes.parquet: missing"]


def test_a_resource_without_a_hash_is_refused(copy: Path) -> None:
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    del descriptor["resources"][3]["hash"]
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert any("records no sha256 hash" in f for f in check(copy).findings)


def _edit_citation(root: Path, citation_id: str, column: str, value: str) -> None:
    """Change one cell of one citation, and the descriptor's hash and size, so only the citation is wrong."""
    path = root / "data" / "citations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    at = rows[0].index(column)
    next(r for r in rows if r[0] == citation_id)[at] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "citations")
    resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    resource["bytes"] = path.stat().st_size
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.mark.parametrize(
    ("column", "change", "message"),
    [
        ("start", lambda v: str(int(v) + 1), "is not its excerpt"),
        ("exact", lambda v: v.replace("48", "49"), "is not its excerpt"),
        ("prefix", lambda v: "x" + v[1:], "prefix or suffix is not the text around the excerpt"),
        ("line", lambda v: str(int(v) + 1), "not "),
    ],
)
def test_a_citation_that_does_not_stand_at_its_offsets_is_caught(copy: Path, column: str, change, message: str) -> None:
    cid = "stake.alibaba-in-aliexpress-russia.jurnalis.1"
    with (copy / "data" / "citations.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["citation_id"] == cid)
    _edit_citation(copy, cid, column, change(row[column]))
    findings = check(copy).findings
    assert len(findings) == 1 and findings[0].startswith(f"citation {cid}:") and message in findings[0], findings


def test_a_copy_without_the_archive_checks_the_files_and_says_so(copy: Path) -> None:
    shutil.rmtree(copy / "archive")
    report = check(copy)
    assert (report.counts, report.findings) == ({"files listed in datapackage.json": resources()}, [])
    assert report.notes == ["archive/ is not in this copy: the texts and the citations' excerpts were not checked"]


def test_the_checker_imports_only_the_standard_library() -> None:
    """It ships alone in the release, to run with any Python 3.11+ and no install."""
    tree = ast.parse((ROOT / "scripts" / "package" / "check.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= STDLIB, imported - STDLIB


def test_the_checker_runs_alone_in_an_isolated_interpreter(copy: Path) -> None:
    shutil.copy(ROOT / "scripts" / "package" / "check.py", copy / "check.py")
    done = subprocess.run([sys.executable, "-I", "-S", "check.py"], cwd=copy, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"{citations()} citations at their offsets" in done.stdout
