"""check.py as a downloader runs it in a release (python3 check.py, any Python 3.11+, no install): every file,
text, citation and span caught by name; SHA256SUMS required, files it does not list reported, nothing read outside
the folder, a malformed descriptor reported as a finding."""

from __future__ import annotations

import ast
import csv
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.package.check import SUMS, check
from tests.conftest import ROOT

CHECKER = ROOT / "scripts" / "package" / "check.py"
TEXT = "archive/warc-2018-alibaba-advanced-negotiations-russia-jv.txt"


def _sums(folder: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != SUMS)
    text = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}\n" for p in files)
    (folder / SUMS).write_text(text, encoding="utf-8")


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A release in miniature: the package, its texts, check.py and SHA256SUMS."""
    for name in ("data", "archive"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for path in (ROOT / "datapackage.json", CHECKER):
        shutil.copy2(path, tmp_path)
    _sums(tmp_path)
    return tmp_path


def run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-I", "-S", "check.py"], cwd=folder, capture_output=True, text=True, timeout=60)


def test_a_release_checks_alone_in_an_isolated_interpreter(release: Path) -> None:
    done = run(release)
    assert done.returncode == 0, done.stderr
    spans = sum(1 for _ in csv.DictReader((release / "data" / "citation_fields.csv").open(encoding="utf-8")))
    assert "5 archived texts" in done.stdout and f"{spans} spans at their offsets" in done.stdout and "All match." in done.stdout


@pytest.mark.parametrize("rel", ["data/stakes.csv", "data/events.parquet", "data/aliexpress-russia-jv.xlsx", TEXT])
def test_one_altered_byte_is_caught_and_named(release: Path, rel: str) -> None:
    data = bytearray((release / rel).read_bytes())
    data[len(data) // 2] ^= 0x20
    (release / rel).write_bytes(bytes(data))
    assert any(f.startswith(f"{rel}: altered") for f in check(release).findings)


@pytest.mark.parametrize(
    ("table", "column", "message"), [("citations", "start", "is not its excerpt"), ("citation_fields", "end", "is not at")]
)
def test_an_excerpt_or_a_span_moved_from_its_offsets_is_caught(release: Path, table: str, column: str, message: str) -> None:
    path = release / "data" / f"{table}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[0][column] = str(int(rows[0][column]) + 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    findings = check(release).findings
    assert any(message in f for f in findings) and any(f.startswith(f"data/{table}.csv: altered") for f in findings)


def test_sha256sums_is_required_and_unlisted_files_are_reported(release: Path) -> None:
    (release / "data" / "extra.csv").write_text("a\n", encoding="utf-8")
    (release / ".venv" / "bin").mkdir(parents=True)  # what the README's own commands add: not reported
    (release / ".venv" / "bin" / "python").write_text("", encoding="utf-8")
    assert check(release).findings == [f"data/extra.csv: not listed in {SUMS}"]
    (release / SUMS).unlink()
    assert f"{SUMS}: missing (every release has it)" in check(release).findings
    assert run(release).returncode == 1


def test_nothing_outside_the_folder_is_read(release: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("not the dataset's\n", encoding="utf-8")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    (release / "linked.txt").symlink_to(secret)
    sums = (release / SUMS).read_text(encoding="utf-8")
    (release / SUMS).write_text(sums + f"{digest}  linked.txt\n{digest}  ../{secret.parent.name}/secret.txt\n", encoding="utf-8")
    findings = check(release).findings
    assert "linked.txt: a path outside this folder, or through a link: not read" in findings
    assert any(f.startswith("../") and "outside this folder" in f for f in findings)


@pytest.mark.parametrize("descriptor", ["{not json", '{"resources": 5}', '{"resources": [{"name": "sources"}]}', "[]"])
def test_a_malformed_descriptor_is_a_finding_not_a_traceback(release: Path, descriptor: str) -> None:
    (release / "datapackage.json").write_text(descriptor, encoding="utf-8")
    _sums(release)
    done = run(release)
    assert done.returncode == 1 and "cannot be checked" in done.stderr and "Traceback" not in done.stderr


def test_the_checker_imports_only_the_standard_library() -> None:
    tree = ast.parse(CHECKER.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= set(sys.stdlib_module_names) - {"scripts"}
