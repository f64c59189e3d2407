"""Two independent JavaScript readers prove the package.

- js/read-package.mjs: npm `datapackage` 1.1.10 (Frictionless Data Package v1) reads every CSV table, values cast by
  the Table Schema, foreign keys followed; it cannot read Parquet and says so.
- js/anchor-citations.mjs: Apache Annotator (@apache-annotator/selector) anchors every citation in its archived text by
  TextPositionSelector and by TextQuoteSelector.
- js/common.mjs: what both share (the installed version of a dependency).

The pinned npm packages (tests/js/package.json and its lockfile) are installed with `npm ci` into the
git-ignored .node/<hash of the lockfiles>/, once per lockfile. Node and npm are required: without them
these tests fail, they are never skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

PACKAGE_ROOT = ROOT
JS_DIR = ROOT / "tests" / "js"
CACHE = ROOT / ".node"
FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))

# Declared on every CSV resource: the flat Table Dialect of Data Package v2 (CSV Dialect keys of v1). escapeChar must
# not be declared with quoteChar (datapackage.js refuses the pair), and frictionless's own nested {"csv": {...}}
# form is ignored by datapackage.js (it then sniffs the delimiter, and guesses a space for some tables).
DIALECT_KEYS = {"header", "delimiter", "lineTerminator", "quoteChar", "doubleQuote"}


# The package, read with Python's csv module and the declared dialect


def load_descriptor(root: Path) -> dict[str, Any]:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def write_descriptor(root: Path, descriptor: dict[str, Any]) -> None:
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


DESCRIPTOR = load_descriptor(PACKAGE_ROOT)
CSV_RESOURCES = [r for r in DESCRIPTOR["resources"] if r.get("format") == "csv"]
OTHER_RESOURCES = [r for r in DESCRIPTOR["resources"] if r.get("format") != "csv"]
CITATION_FIELDS = [f["name"] for f in next(r for r in CSV_RESOURCES if r["name"] == "citations")["schema"]["fields"]]


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def python_dialect(declared: dict[str, Any]) -> type[csv.Dialect]:
    """A csv.Dialect from a Table Dialect, with the spec's defaults for what it leaves out."""

    class Declared(csv.Dialect):
        delimiter = declared.get("delimiter", ",")
        quotechar = declared.get("quoteChar", '"') or None
        doublequote = declared.get("doubleQuote", True)
        escapechar = declared.get("escapeChar")
        lineterminator = declared.get("lineTerminator", "\r\n")
        skipinitialspace = declared.get("skipInitialSpace", False)
        quoting = csv.QUOTE_MINIMAL if quotechar else csv.QUOTE_NONE
        strict = True

    return Declared


def read_table(root: Path, res: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    with (root / res["path"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, dialect=python_dialect(res.get("dialect", {}))))
    return rows[0], rows[1:]


def write_table(root: Path, res: dict[str, Any], header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV with its declared dialect and bring the resource's `bytes` and `hash` up to date."""
    path = root / res["path"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, dialect=python_dialect(res.get("dialect", {})))
        writer.writerow(header)
        writer.writerows(rows)
    data = path.read_bytes()
    res["bytes"] = len(data)
    res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()


def typed(cell: str, field: dict[str, Any], missing: list[str]) -> Any:
    """A cell as the Table Schema casts it (dates stay YYYY-MM-DD, as read-package.mjs prints them)."""
    if cell in missing:
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "boolean":
        if cell in field.get("trueValues", ["true", "True", "TRUE", "1"]):
            return True
        assert cell in field.get("falseValues", ["false", "False", "FALSE", "0"]), cell
        return False
    return cell


def copy_package(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(PACKAGE_ROOT / "datapackage.json", target / "datapackage.json")
    for folder in ("data", "archive"):
        shutil.copytree(PACKAGE_ROOT / folder, target / folder)
    return target


def archived_texts(root: Path) -> dict[str, str]:
    header, rows = read_table(root, resource(load_descriptor(root), "sources"))
    at = {name: i for i, name in enumerate(header)}
    return {row[at["source_id"]]: (root / row[at["archive_path"]]).read_bytes().decode("utf-8") for row in rows}


# The readers, installed once per lockfile


@pytest.fixture(scope="session")
def readers() -> Path:
    """A folder with the pinned npm packages installed by `npm ci` and the current .mjs scripts beside them."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        pytest.fail("node and npm are needed for the JavaScript readers (Node 20 and npm are on the machine)")
    manifests = [JS_DIR / "package.json", JS_DIR / "package-lock.json"]
    key = hashlib.sha256(b"".join(p.read_bytes() for p in manifests)).hexdigest()[:16]
    home = CACHE / key
    if not (home / ".npm-ci.stamp").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        staging = CACHE / f"staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for path in manifests:
            shutil.copy2(path, staging / path.name)
        command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        result = subprocess.run(command, cwd=staging, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, f"npm ci failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
        (staging / ".npm-ci.stamp").write_text(key + "\n", encoding="utf-8")
        for old in CACHE.iterdir():  # earlier lockfiles' installs
            if old != staging and old.is_dir() and re.fullmatch(r"[0-9a-f]{16}|staging-\d+", old.name):
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(home)
    for script in JS_DIR.glob("*.mjs"):
        shutil.copy2(script, home / script.name)
    return home


def run(readers: Path, script: str, root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = subprocess.run(
        ["node", str(readers / script), str(root / "datapackage.json"), *args], capture_output=True, text=True, timeout=300
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"{script} printed no JSON report (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.returncode, report


@pytest.fixture(scope="session")
def package_report(readers: Path) -> tuple[int, dict[str, Any]]:
    return run(readers, "read-package.mjs", PACKAGE_ROOT, "--rows")


@pytest.fixture(scope="session")
def anchor_report(readers: Path) -> tuple[int, dict[str, Any]]:
    return run(readers, "anchor-citations.mjs", PACKAGE_ROOT, "--ambiguous-ok")


# The dialect


@pytest.mark.parametrize("res", CSV_RESOURCES, ids=lambda r: r["name"])
def test_every_csv_resource_declares_its_dialect(res: dict[str, Any]) -> None:
    dialect = res.get("dialect")
    assert isinstance(dialect, dict), f"{res['name']} declares no dialect: readers will sniff one"
    assert set(dialect) >= DIALECT_KEYS, sorted(DIALECT_KEYS - set(dialect))
    assert dialect["header"] is True and dialect["delimiter"] == "," and dialect["quoteChar"] == '"'
    assert dialect["doubleQuote"] is True and dialect["lineTerminator"] == "\n"
    assert "escapeChar" not in dialect and "csv" not in dialect


@pytest.mark.parametrize("res", CSV_RESOURCES, ids=lambda r: r["name"])
def test_the_declared_dialect_reads_each_csv_back_identically(res: dict[str, Any]) -> None:
    path = PACKAGE_ROOT / res["path"]
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "a BOM"
    text = data.decode("utf-8")
    assert (len(data), "sha256:" + hashlib.sha256(data).hexdigest()) == (res["bytes"], res["hash"])
    dialect = python_dialect(res["dialect"])
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect=dialect))
    fields = [f["name"] for f in res["schema"]["fields"]]
    assert rows[0] == fields
    assert all(len(row) == len(fields) for row in rows)
    # written back with the dialect, and with a field quoted also when white space starts or ends it
    # (npm datapackage trims an unquoted field), it is the same file
    quote = res["dialect"]["quoteChar"]

    def field(cell: str) -> str:
        must = any(c in cell for c in (res["dialect"]["delimiter"], quote, "\n", "\r")) or cell != cell.strip()
        return quote + cell.replace(quote, quote * 2) + quote if must else cell

    end = res["dialect"]["lineTerminator"]
    assert "".join(res["dialect"]["delimiter"].join(map(field, row)) + end for row in rows) == text
    assert not any(cell != cell.strip() and f"{quote}{cell}" not in text for row in rows for cell in row if '"' not in cell)


def test_frictionless_takes_the_flat_dialect_as_its_csv_control() -> None:
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(PACKAGE_ROOT / "datapackage.json"))
    for res in CSV_RESOURCES:
        dialect = package.get_resource(res["name"]).dialect
        control = dialect.get_control("csv")
        assert dialect.header is True
        assert (control.delimiter, control.quote_char, control.double_quote, control.line_terminator) == (",", '"', True, "\n")


# Reader 1: npm datapackage


def test_datapackage_js_reads_every_csv_table_with_relations(package_report: tuple[int, dict[str, Any]]) -> None:
    code, report = package_report
    assert code == 0 and report["ok"], json.dumps(report, indent=1)[:4000]
    assert report["versions"]["datapackage"] == "1.1.10"
    assert report["package"]["valid"] and report["package"]["errors"] == []
    assert sorted(report["resources"]) == sorted(r["name"] for r in CSV_RESOURCES)
    for res in CSV_RESOURCES:
        got = report["resources"][res["name"]]
        header, rows = read_table(PACKAGE_ROOT, res)
        schema = res["schema"]
        missing = schema.get("missingValues", [""])
        at = {name: i for i, name in enumerate(header)}
        key_cells = sum(row[at[f]] not in missing for fk in schema.get("foreignKeys", []) for f in fk["fields"] for row in rows)
        assert got["errors"] == [], res["name"]
        assert got["rows"] == len(rows), res["name"]
        assert got["delimiterSniffed"] is False, res["name"]
        assert len(got["foreignKeys"]) == len(schema.get("foreignKeys", [])), res["name"]
        assert got["relationsResolved"] == key_cells, f"{res['name']}: not every foreign key was followed"


def test_datapackage_js_skips_what_it_cannot_read_and_says_so(package_report: tuple[int, dict[str, Any]]) -> None:
    _, report = package_report
    assert sorted(report["skipped"]) == sorted(r["name"] for r in OTHER_RESOURCES)
    for name, skipped in report["skipped"].items():
        assert skipped["reason"] and skipped["library"], name
    if OTHER_RESOURCES:
        assert any('Tabular format "parquet" is not supported' in m for m in report["skipped"][OTHER_RESOURCES[0]["name"]]["library"])


def test_datapackage_js_casts_the_same_values_as_python_reads(package_report: tuple[int, dict[str, Any]]) -> None:
    _, report = package_report
    for res in CSV_RESOURCES:
        got = report["resources"][res["name"]]
        fields = res["schema"]["fields"]
        missing = res["schema"].get("missingValues", [""])
        _, rows = read_table(PACKAGE_ROOT, res)
        expected = [[typed(cell, field, missing) for cell, field in zip(row, fields, strict=True)] for row in rows]
        assert got["fields"] == [f["name"] for f in fields]
        assert got["values"] == expected, res["name"]


def test_datapackage_js_reports_a_broken_foreign_key(readers: Path, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    descriptor = load_descriptor(root)
    stakes = resource(descriptor, "stakes")
    header, rows = read_table(root, stakes)
    rows[0][header.index("holder_id")] = "no-such-party"
    write_table(root, stakes, header, rows)
    write_descriptor(root, descriptor)
    code, report = run(readers, "read-package.mjs", root)
    assert code == 1 and not report["ok"]
    errors = report["resources"]["stakes"]["errors"]
    assert [(e["row"], "holder_id" in e["message"]) for e in errors] == [(2, True)], errors
    assert report["resources"]["stakes"]["rows"] == len(rows) - 1
    assert all(r["errors"] == [] for name, r in report["resources"].items() if name != "stakes")


def test_datapackage_js_without_the_dialect_sniffs_and_fails(readers: Path, tmp_path: Path) -> None:
    """Why the dialect is declared: without it the library guesses the delimiter from the first bytes.

    tests/js/sniffed-parties.csv is the start of parties.csv as release 1.0.0 published it (no dialect
    then): the library guessed a space and could not read it. The same file with the dialect reads.
    """
    (tmp_path / "data").mkdir()
    shutil.copy(JS_DIR / "sniffed-parties.csv", tmp_path / "data" / "parties.csv")
    with (tmp_path / "data" / "parties.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    table = {
        "name": "parties",
        "path": "data/parties.csv",
        "format": "csv",
        "schema": {"fields": [{"name": n, "type": "string"} for n in header]},
    }
    write_descriptor(tmp_path, {"name": "sniffed", "resources": [table]})
    code, report = run(readers, "read-package.mjs", tmp_path)
    assert code == 1 and report["resources"]["parties"]["delimiterSniffed"] and report["resources"]["parties"]["errors"]
    table["dialect"] = resource(DESCRIPTOR, "parties")["dialect"]
    write_descriptor(tmp_path, {"name": "sniffed", "resources": [table]})
    code, report = run(readers, "read-package.mjs", tmp_path)
    assert code == 0 and report["resources"]["parties"]["rows"] == 4 and not report["resources"]["parties"]["delimiterSniffed"]


# Reader 2: Apache Annotator


def python_matches(text: str, exact: str) -> list[int]:
    return [m.start() for m in re.finditer(f"(?={re.escape(exact)})", text)]


def test_annotator_anchors_every_citation_at_its_offsets(anchor_report: tuple[int, dict[str, Any]]) -> None:
    code, report = anchor_report
    _, rows = read_table(PACKAGE_ROOT, resource(DESCRIPTOR, "citations"))
    assert code == 0 and report["ok"] and report["failures"] == [], json.dumps(report["failures"], indent=1)[:4000]
    assert report["citations"] == len(rows)
    assert report["anchored"]["position"] == len(rows)
    assert report["anchored"]["quote"] + len(report["ambiguous"]) == len(rows)


def test_annotator_finds_the_same_ambiguous_excerpts_as_python(anchor_report: tuple[int, dict[str, Any]]) -> None:
    """Excerpts that occur more than once in their text (prefix/suffix as in the table), and a context that fixes them."""
    _, report = anchor_report
    texts = archived_texts(PACKAGE_ROOT)
    header, rows = read_table(PACKAGE_ROOT, resource(DESCRIPTOR, "citations"))
    at = {name: i for i, name in enumerate(header)}
    expected = {}
    for row in rows:
        prefix = row[at["prefix"]] if "prefix" in at else ""
        suffix = row[at["suffix"]] if "suffix" in at else ""
        found = python_matches(texts[row[at["source_id"]]], prefix + row[at["exact"]] + suffix)
        if len(found) > 1:
            expected[row[at["citation_id"]]] = [(s + len(prefix), s + len(prefix) + len(row[at["exact"]])) for s in found]
    got = {a["citation_id"]: [(m["start"], m["end"]) for m in a["matches"]] for a in report["ambiguous"]}
    assert got == expected
    for item in report["ambiguous"]:
        text = texts[item["source_id"]]
        pattern = item["suggested"]["prefix"] + item["exact"] + item["suggested"]["suffix"]
        assert python_matches(text, pattern) == [item["start"] - len(item["suggested"]["prefix"])], item


def test_annotator_finds_every_quote_exactly_once(readers: Path) -> None:
    code, report = run(readers, "anchor-citations.mjs", PACKAGE_ROOT)
    assert code == 0 and report["ok"], json.dumps(report["ambiguous"] + report["failures"], indent=1)[:4000]


def test_annotator_uses_prefix_and_suffix_columns(readers: Path, tmp_path: Path) -> None:
    """With W3C context columns (32 characters each side) every quote anchors once, at its own offsets."""
    root = copy_package(tmp_path / "package")
    descriptor = load_descriptor(root)
    citations = resource(descriptor, "citations")
    texts = archived_texts(root)
    header, rows = read_table(root, citations)
    at = {name: i for i, name in enumerate(header)}
    if "prefix" not in at:
        header += ["prefix", "suffix"]
        citations["schema"]["fields"] += [{"name": "prefix", "type": "string"}, {"name": "suffix", "type": "string"}]
        for row in rows:
            text, start, end = texts[row[at["source_id"]]], int(row[at["start"]]), int(row[at["end"]])
            row += [text[max(0, start - 32) : start], text[end : end + 32]]
    write_table(root, citations, header, rows)
    write_descriptor(root, descriptor)
    code, report = run(readers, "anchor-citations.mjs", root)
    assert code == 0 and report["ok"], json.dumps(report["ambiguous"] + report["failures"], indent=1)[:4000]
    assert report["contextColumns"] == {"prefix": True, "suffix": True}
    assert report["anchored"] == {"position": len(rows), "quote": len(rows)}


def test_annotator_counts_characters_outside_the_bmp_as_python_does(readers: Path, tmp_path: Path) -> None:
    """Two mathematical letters (two UTF-16 code units each) before a text move its citations by 3 characters, not 5."""
    root = copy_package(tmp_path / "package")
    descriptor = load_descriptor(root)
    sources, citations = resource(descriptor, "sources"), resource(descriptor, "citations")
    s_header, s_rows = read_table(root, sources)
    row = s_rows[0]
    source_id, path = row[s_header.index("source_id")], root / row[s_header.index("archive_path")]
    lead = "\U0001d538\U0001d539 "
    data = (lead + path.read_bytes().decode("utf-8")).encode("utf-8")
    path.write_bytes(data)
    row[s_header.index("sha256")], row[s_header.index("bytes")] = hashlib.sha256(data).hexdigest(), str(len(data))
    write_table(root, sources, s_header, s_rows)
    c_header, c_rows = read_table(root, citations)
    at = {name: i for i, name in enumerate(c_header)}
    for c in c_rows:
        if c[at["source_id"]] == source_id:
            c[at["start"]], c[at["end"]] = str(int(c[at["start"]]) + 3), str(int(c[at["end"]]) + 3)
    extra = list(next(c for c in c_rows if c[at["source_id"]] == source_id))
    extra[at["citation_id"]], extra[at["exact"]], extra[at["start"]], extra[at["end"]] = "party.astral.test.1", lead[:2], "0", "2"
    for name in ("prefix", "suffix"):
        if name in at:
            extra[at[name]] = ""
    c_rows.append(extra)
    write_table(root, citations, c_header, c_rows)
    write_descriptor(root, descriptor)
    code, report = run(readers, "anchor-citations.mjs", root, "--ambiguous-ok")
    assert code == 0 and report["failures"] == [], json.dumps(report["failures"], indent=1)[:4000]
    chars = len(data.decode("utf-8"))
    assert (report["sources"][source_id]["characters"], report["sources"][source_id]["codeUnits"]) == (chars, chars + 2)
    assert report["anchored"]["position"] == len(c_rows)


def test_annotator_reports_a_citation_off_by_one(readers: Path, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    descriptor = load_descriptor(root)
    citations = resource(descriptor, "citations")
    header, rows = read_table(root, citations)
    at = {name: i for i, name in enumerate(header)}
    moved = rows[0]
    moved[at["start"]], moved[at["end"]] = str(int(moved[at["start"]]) + 1), str(int(moved[at["end"]]) + 1)
    write_table(root, citations, header, rows)
    write_descriptor(root, descriptor)
    code, report = run(readers, "anchor-citations.mjs", root, "--ambiguous-ok")
    assert code == 1 and not report["ok"]
    assert {(f["citation_id"], f["check"]) for f in report["failures"]} == {
        (moved[at["citation_id"]], "position"),
        (moved[at["citation_id"]], "quote"),
    }
