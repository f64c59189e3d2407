"""croissant.json: valid for mlcroissant, and every record set it loads holds the CSVs' values.

mlcroissant runs in its own venv (.venv-croissant, from requirements-croissant.txt; `make test` makes it), with the
network refused inside its processes (a sitecustomize that makes every connection and name lookup raise), on the
published croissant.json and the files beside it. tests/package/test_build.py proves croissant.json is the one the
build writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from typing import Any

import pytest

from scripts.model import schema
from scripts.package.reader import csv_resources, read_descriptor, read_tables
from tests.conftest import ROOT

VENV = ROOT / ".venv-croissant"
DESCRIPTOR = read_descriptor(ROOT)
TABLES = read_tables(ROOT, DESCRIPTOR)

OFFLINE = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("network access refused: the croissant checks run offline")

socket.socket.connect = socket.socket.connect_ex = _refuse
socket.create_connection = socket.getaddrinfo = _refuse
"""

# Runs in .venv-croissant: every record set of croissant.json from one Dataset object, as JSON (text as str, dates as days).
LOADER = """
import json, logging, sys
import mlcroissant as mlc
import pandas as pd

logging.disable(logging.WARNING)

def plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.item() if hasattr(value, "item") else value

dataset = mlc.Dataset(jsonld="croissant.json")
out = {}
for record_set in dataset.metadata.record_sets:
    rows = dataset.records(record_set=record_set.id)
    out[record_set.id] = [{key.split("/", 1)[1]: plain(value) for key, value in row.items()} for row in rows]
json.dump(out, sys.stdout, ensure_ascii=False)
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of every mlcroissant process: its venv first, the network refused, a scratch home for any cache."""
    if not (VENV / "bin" / "mlcroissant").is_file():
        pytest.fail("the mlcroissant venv is missing: run `make venv-croissant` (or `make test`)")
    guard = tmp_path_factory.mktemp("offline")
    (guard / "sitecustomize.py").write_text(OFFLINE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return env | {"PYTHONPATH": str(guard), "PATH": f"{VENV / 'bin'}{os.pathsep}{env['PATH']}", "HOME": str(guard)}


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def expected_records() -> dict[str, list[dict[str, Any]]]:
    """Record set -> its records, from the CSVs: a table's every column; a "<table>.keys" set, the referenced columns."""
    out = {r["name"]: TABLES[r["name"]] for r in csv_resources(DESCRIPTOR)}
    referenced: dict[str, list[str]] = {}
    for resource in csv_resources(DESCRIPTOR):
        for fk in resource["schema"].get("foreignKeys", []):
            referenced.setdefault(fk["reference"]["resource"], []).extend(fk["reference"]["fields"])
    for table, columns in referenced.items():
        out[f"{table}.keys"] = [{c: row[c] for c in dict.fromkeys(columns)} for row in TABLES[table]]
    return out


def test_mlcroissant_validate_finds_no_error_and_no_warning(env: dict[str, str]) -> None:
    done = run(["mlcroissant", "validate", "--jsonld", "croissant.json"], env)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "error(s)" not in output and "warning(s)" not in output, output
    assert output.rstrip().endswith("Done."), output


def test_every_record_set_loads_the_csv_values(env: dict[str, str]) -> None:
    """One Dataset object reads every record set, in the document's order, and gets every row of the CSV, value for value."""
    done = run(["python", "-c", LOADER], env)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded, expected = json.loads(done.stdout), expected_records()
    assert sorted(loaded) == sorted(expected)
    for name, rows in expected.items():
        assert len(loaded[name]) == len(rows), name
        wrong = [(i, got, want) for i, (got, want) in enumerate(zip(loaded[name], rows, strict=True)) if got != want]
        assert not wrong, f"{name}: first differing record {wrong[0]}"


def test_every_published_file_is_listed_with_its_size_and_sha256() -> None:
    """What Croissant's readers use to fetch and check the files: the descriptor, every resource, the workbook, BODS,
    the SQLite file and its metadata, and the archived texts."""
    document = json.loads((ROOT / "croissant.json").read_text(encoding="utf-8"))
    listed = {item["contentUrl"]: (item["contentSize"], item["sha256"]) for item in document["distribution"]}
    files = ["datapackage.json", *(r["path"] for r in DESCRIPTOR["resources"]), *(f["path"] for f in schema.files().values())]
    files += [s["archive_path"] for s in TABLES["sources"]]
    assert listed == {path: (f"{(ROOT / path).stat().st_size} B", hashlib.sha256((ROOT / path).read_bytes()).hexdigest()) for path in files}
