"""croissant.json: valid for mlcroissant, and every record set loads the published CSV values.

mlcroissant runs in its own venv (.venv-croissant, from requirements-croissant.txt: `make test`
creates it), called through subprocess with the network refused inside the process (a
sitecustomize that makes every socket connection and name lookup raise), so a check that passes
here passes offline. `validate` only reads the JSON-LD; the loads read every file a record set
uses and check its sha256, and their records are compared with the CSV tables cell by cell.

mlcroissant's conversions, which the comparison applies (expected_cell): sc:Text cells come back as
UTF-8 bytes, sc:Integer as int, sc:Float as float, sc:Boolean as bool, sc:Date as a pandas
Timestamp at midnight; an empty cell is None. It reads a CSV with pandas' default type inference
and NA strings, so a text cell "NA", "null" or "None", or a text column of digits with gaps, would
come back altered: the comparison would catch such a cell.
"""

from __future__ import annotations

import copy
import csv
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scripts.outputs.site.readme import code_blocks, section
from scripts.package.citation import citation_text
from scripts.package.formats.croissant import KEY_SET_SUFFIX, TYPES, croissant, render, write_croissant
from tests.conftest import ROOT

CROISSANT_VENV = ROOT / ".venv-croissant"
MLCROISSANT = CROISSANT_VENV / "bin" / "mlcroissant"
PYTHON = CROISSANT_VENV / "bin" / "python"
HOW_TO_CREATE = (
    "the mlcroissant venv is missing: run `make test` (it creates .venv-croissant), or "
    "python3 -m venv .venv-croissant && .venv-croissant/bin/pip install -r requirements-croissant.txt"
)
# Warnings of `mlcroissant validate` that this package may show, each with its reason. None so far:
# the @context is mlcroissant's own for 1.1, and every recommended property is there.
ACCEPTED_WARNINGS: tuple[str, ...] = ()
TIMEOUT = 300
# Table Schema type -> Croissant dataType, for the types this package uses.
DATA_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean", "date": "sc:Date"}

# Refuses the network inside the mlcroissant processes (put on their PYTHONPATH as sitecustomize.py).
OFFLINE = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("network access refused: the croissant checks must run offline")

socket.socket.connect = socket.socket.connect_ex = _refuse
socket.create_connection = socket.getaddrinfo = _refuse
"""

# Runs in .venv-croissant: loads record sets, prints {"runs": [...]} as JSON with typed values.
LOADER = """
import json, logging, sys, time
import mlcroissant as mlc
import pandas as pd

logging.disable(logging.WARNING)

def tag(value):
    if value is None:
        return None
    if isinstance(value, bytes):
        return ["bytes", value.decode("utf-8")]
    if isinstance(value, pd.Timestamp):
        return ["timestamp", value.isoformat()]
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return [kind.__name__, value]
    return [type(value).__name__, repr(value)]

def load(dataset, name):
    return load_iterable(dataset.records(record_set=name))

def load_iterable(records):
    return [{k: tag(v) for k, v in r.items()} if isinstance(r, dict) else ["not a record", repr(r)] for r in records]

def errors(error):
    chain = []
    while error is not None:
        chain.append(f"{type(error).__name__}: {error}")
        error = error.__cause__
    return chain

results = []
for run in json.loads(sys.argv[1]):
    start = time.perf_counter()
    result = {"record_sets": {}, "errors": {}}
    try:
        if "snippet" in run:  # a README snippet, run as printed: it leaves its records in `records`
            scope = {}
            exec(run["snippet"], scope)
            result["record_sets"]["snippet"] = load_iterable(scope["records"])
            raise StopIteration
        shared = mlc.Dataset(jsonld=run["jsonld"])
        names = run.get("order") or [rs.id for rs in shared.metadata.record_sets]
        for name in names:
            try:
                dataset = shared if run["mode"] == "shared" else mlc.Dataset(jsonld=run["jsonld"])
                result["record_sets"][name] = load(dataset, name)
            except Exception as error:
                result["errors"][name] = errors(error)
    except StopIteration:
        pass
    except Exception as error:
        result["errors"]["(dataset)"] = errors(error)
    result["seconds"] = round(time.perf_counter() - start, 2)
    results.append(result)
json.dump({"runs": results}, sys.stdout, ensure_ascii=False)
"""


# --- helpers ---------------------------------------------------------------------------------------------


def descriptor(root: Path) -> dict[str, Any]:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def tables(package: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in package["resources"] if r.get("format") == "csv"]


def read_csv(root: Path, resource: dict[str, Any]) -> list[dict[str, str]]:
    with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_cell(field: dict[str, Any], cell: str, missing: list[str]) -> Any:
    """The value mlcroissant gives for a CSV cell, tagged as the loader tags it."""
    if cell in missing:
        return None
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return ["int", int(cell)]
    if kind == "number":
        return ["float", float(cell)]
    if kind == "boolean":
        return ["bool", cell in field.get("trueValues", ["true", "True", "TRUE", "1"])]
    if kind == "date":
        return ["timestamp", datetime.date.fromisoformat(cell).isoformat() + "T00:00:00"]
    if kind == "string" or kind not in TYPES:
        return ["bytes", cell]
    raise AssertionError(f"no expected value for Table Schema type {kind}: extend expected_cell")


def expected_records(root: Path) -> dict[str, list[dict[str, Any]]]:
    """{record set: records} as mlcroissant should load them, from the descriptor and the CSV files.

    A table's record set has every column; a referenced table's key record set has the columns that
    foreign keys point at, in schema order, for every row.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    referenced: dict[str, set[str]] = {}
    schemas = {}
    for resource in tables(descriptor(root)):
        schema = schemas[resource["name"]] = resource["schema"]
        rows = read_csv(root, resource)
        missing = schema.get("missingValues", [""])
        out[resource["name"]] = [{f["name"]: expected_cell(f, row[f["name"]], missing) for f in schema["fields"]} for row in rows]
        for fk in schema.get("foreignKeys", []):
            referenced.setdefault(fk["reference"].get("resource") or resource["name"], set()).update(fk["reference"]["fields"])
    for table, columns in referenced.items():
        names = [f["name"] for f in schemas[table]["fields"] if f["name"] in columns]
        out[f"{table}{KEY_SET_SUFFIX}"] = [{name: row[name] for name in names} for row in out[table]]
    return {name: [{f"{name}/{column}": value for column, value in row.items()} for row in rows] for name, rows in out.items()}


def record_set(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(rs for rs in document["recordSet"] if rs["@id"] == name)


def field(document: dict[str, Any], field_id: str) -> dict[str, Any]:
    return next(f for rs in document["recordSet"] for f in rs["field"] if f["@id"] == field_id)


def copy_package(source: Path, target: Path) -> Path:
    """The files croissant.json describes, copied from source, and croissant.json beside them."""
    for item in croissant(source)["distribution"]:
        (target / item["contentUrl"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / item["contentUrl"], target / item["contentUrl"])
    write_croissant(target, target, target / "croissant.json")
    return target


def save(document: dict[str, Any], path: Path) -> Path:
    path.write_text(render(document), encoding="utf-8")
    return path


def first_difference(got: list[Any], want: list[dict[str, Any]]) -> str:
    if len(got) != len(want):
        return f"{len(got)} records, the CSV has {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if g != w:
            keys = sorted(set(g) | set(w)) if isinstance(g, dict) else []
            cells = [(k, g.get(k, "(absent)"), w.get(k, "(absent)")) for k in keys if g.get(k, "(absent)") != w.get(k, "(absent)")]
            return f"record {i}: {cells[:5] if cells else g!r}"
    return ""


# --- fixtures --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def venv_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of every mlcroissant process: its venv first, the network refused."""
    if not (MLCROISSANT.is_file() and PYTHON.is_file()):
        pytest.fail(HOW_TO_CREATE)
    guard = tmp_path_factory.mktemp("offline")
    (guard / "sitecustomize.py").write_text(OFFLINE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env |= {"PYTHONPATH": str(guard), "PATH": f"{CROISSANT_VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}", "HOME": str(guard)}
    return env


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def load_runs(runs: list[dict[str, Any]], env: dict[str, str], cwd: Path) -> list[dict[str, Any]]:
    done = run([str(PYTHON), "-c", LOADER, json.dumps([{**r, "jsonld": str(r["jsonld"])} for r in runs])], env, cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)["runs"]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the published files with croissant.json written beside them."""
    return copy_package(ROOT, tmp_path_factory.mktemp("package"))


@pytest.fixture(scope="module")
def document(package: Path) -> dict[str, Any]:
    return json.loads((package / "croissant.json").read_text(encoding="utf-8"))


def parquet_twin(document: dict[str, Any]) -> dict[str, Any]:
    """The same croissant with every field read from the table's Parquet file instead of its CSV file."""
    twin = copy.deepcopy(document)
    files = {item["@id"] for item in twin["distribution"]}
    for rs in twin["recordSet"]:
        for f in rs["field"]:
            csv_id = f["source"]["fileObject"]["@id"]
            parquet_id = csv_id.removesuffix(".csv") + ".parquet"
            assert parquet_id in files, f"{csv_id} has no Parquet twin"
            f["source"]["fileObject"]["@id"] = parquet_id
    return twin


def readme_snippet() -> str:
    """The Python block of the README's "## Croissant" section, as printed."""
    (snippet,) = code_blocks(section((ROOT / "README.md").read_text(encoding="utf-8"), "Croissant"), "python")
    return snippet


@pytest.fixture(scope="module")
def runs(package: Path, document: dict[str, Any], venv_env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every load of this module in one mlcroissant process (its import costs seconds): every record set from a
    fresh Dataset object (as the CLI does), from one Dataset object in two orders, and from the Parquet files;
    the broken croissants (broken()); and the README's snippet."""
    names = [rs["@id"] for rs in document["recordSet"]]
    twin = save(parquet_twin(document), package / "croissant-parquet.json")
    paths = {
        c: save(broken(document, c), package / f"croissant-{c}.json") for c in ("sha256", "column", "self-reference", "direct-references")
    }
    wanted = {
        "fresh": {"jsonld": package / "croissant.json", "mode": "fresh"},
        "forward": {"jsonld": package / "croissant.json", "mode": "shared", "order": names},
        "backward": {"jsonld": package / "croissant.json", "mode": "shared", "order": names[::-1]},
        "parquet": {"jsonld": twin, "mode": "shared"},  # shared: ten seconds less; shared == fresh is tested
        "sha256": {"jsonld": paths["sha256"], "mode": "fresh", "order": ["parties"]},
        "column": {"jsonld": paths["column"], "mode": "fresh", "order": ["parties"]},
        "self-reference": {"jsonld": paths["self-reference"], "mode": "fresh", "order": ["sources", "parties"]},
        "events-then-event_parties": {"jsonld": paths["direct-references"], "mode": "shared", "order": ["events", "event_parties"]},
        "event_parties-then-events": {"jsonld": paths["direct-references"], "mode": "shared", "order": ["event_parties", "events"]},
        "readme": {"jsonld": "", "snippet": readme_snippet()},
    }
    return dict(zip(wanted, load_runs(list(wanted.values()), venv_env, package), strict=True))


@pytest.fixture(scope="module")
def loaded(runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {name: runs[name] for name in ("fresh", "forward", "backward", "parquet")}


def broken(document: dict[str, Any], change: str) -> dict[str, Any]:
    """A copy of the croissant with one defect."""
    doc = copy.deepcopy(document)
    if change == "sha256":
        item = next(i for i in doc["distribution"] if i["@id"] == "data/parties.csv")
        item["sha256"] = hashlib.sha256(b"not the file").hexdigest()
    elif change == "column":
        field(doc, "parties/name")["source"]["extract"]["column"] = "no_such_column"
    elif change == "self-reference":  # limit (a): the reference straight into the record set itself
        field(doc, "sources/derived_from")["references"] = {"field": {"@id": "sources/source_id"}}
    elif change == "direct-references":  # limit (b): references to the tables' record sets, no key record sets
        for rs in doc["recordSet"]:
            for f in rs["field"]:
                if "references" in f:
                    f["references"]["field"]["@id"] = f["references"]["field"]["@id"].replace(KEY_SET_SUFFIX + "/", "/")
        doc["recordSet"] = [rs for rs in doc["recordSet"] if not rs["@id"].endswith(KEY_SET_SUFFIX)]
    elif change == "data-type":
        field(doc, "parties/name")["dataType"] = "sc:NoSuchType"
    else:
        raise ValueError(change)
    return doc


@pytest.fixture(scope="module")
def probes(runs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Loads of broken croissants (broken())."""
    return runs


# --- the generator ---------------------------------------------------------------------------------------


def test_output_is_byte_identical_run_after_run(package: Path, tmp_path: Path) -> None:
    """Two processes with different hash seeds write the same bytes, wherever the package lies."""
    code = (
        "import sys; from pathlib import Path; from scripts.package.formats.croissant import write_croissant; "
        "root = Path(sys.argv[1]); write_croissant(root, root, Path(sys.argv[2]))"
    )
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", code, str(package), str(tmp_path / f"{seed}.json")],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert done.returncode == 0, done.stderr
    first = (tmp_path / "1.json").read_bytes()
    assert first == (tmp_path / "2.json").read_bytes() == (package / "croissant.json").read_bytes()
    assert render(croissant(ROOT)).encode("utf-8") == first == (ROOT / "croissant.json").read_bytes(), "the published file is current"
    assert first.endswith(b"}\n") and b"\\u" not in first and b'\n  "@context": {' in first


def test_every_published_file_is_a_file_object_with_its_sha256(package: Path, document: dict[str, Any]) -> None:
    package_json = descriptor(ROOT)
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        archived = {row["archive_path"]: row["sha256"] for row in csv.DictReader(handle)}
    items = {item["contentUrl"]: item for item in document["distribution"]}
    assert sorted(items) == sorted({"datapackage.json", *(r["path"] for r in package_json["resources"]), *archived})
    for path, item in items.items():
        assert item["@type"] == "cr:FileObject" and item["@id"] == path
        assert item["sha256"] == hashlib.sha256((ROOT / path).read_bytes()).hexdigest(), path
        assert item["contentSize"] == f"{(ROOT / path).stat().st_size} B"
    for resource in package_json["resources"]:
        assert resource["hash"] == f"sha256:{items[resource['path']]['sha256']}"
    for path, sha256 in archived.items():
        assert items[path]["sha256"] == sha256 and items[path]["encodingFormat"] == "text/plain"
    assert items["data/parties.csv"]["encodingFormat"] == "text/csv"
    assert items["data/parties.parquet"]["encodingFormat"] == ["application/vnd.apache.parquet", "application/x-parquet"]


def test_dataset_metadata_comes_from_the_descriptor(document: dict[str, Any]) -> None:
    package_json = descriptor(ROOT)
    assert document["@type"] == "sc:Dataset"
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    assert document["name"] == package_json["title"] and document["alternateName"] == package_json["name"]
    assert document["description"] == package_json["description"]
    assert document["version"] == package_json["version"]
    assert document["license"] == package_json["licenses"][0]["path"]
    assert document["citeAs"] == citation_text(package_json)
    assert document["datePublished"] == package_json["created"][:10]
    assert document["keywords"] == package_json["keywords"]
    assert [c["name"] for c in document["creator"]] == [c["title"] for c in package_json["contributors"]]
    assert ("url" in document) == bool(package_json.get("homepage"))
    assert [w["name"] for w in document["isBasedOn"]] == [s["title"] for s in package_json["sources"]]


def test_record_sets_follow_the_table_schemas(document: dict[str, Any]) -> None:
    package_json = descriptor(ROOT)
    names = [rs["@id"] for rs in document["recordSet"]]
    assert names[: len(tables(package_json))] == [r["name"] for r in tables(package_json)]
    for resource in tables(package_json):
        rs = record_set(document, resource["name"])
        schema = resource["schema"]
        assert [f["name"] for f in rs["field"]] == [f["name"] for f in schema["fields"]]
        key = rs["key"] if isinstance(rs["key"], list) else [rs["key"]]
        assert [k["@id"] for k in key] == [f"{resource['name']}/{c}" for c in schema["primaryKey"]]
        refs = {fk["fields"][0]: fk["reference"] for fk in schema.get("foreignKeys", [])}
        for f, spec in zip(rs["field"], schema["fields"], strict=True):
            assert f["dataType"] == DATA_TYPES[spec["type"]]
            assert f["description"].startswith(spec["description"])
            assert f["source"] == {"fileObject": {"@id": resource["path"]}, "extract": {"column": spec["name"]}}
            if spec["name"] in refs:
                target = refs[spec["name"]]["resource"]
                assert f["references"] == {"field": {"@id": f"{target}{KEY_SET_SUFFIX}/{refs[spec['name']]['fields'][0]}"}}
                assert f"Refers to {target}.{refs[spec['name']]['fields'][0]}." in f["description"]
            else:
                assert "references" not in f


def test_references_point_only_at_key_record_sets_without_joins(document: dict[str, Any]) -> None:
    """The shape that avoids limits (a) and (b): no reference into its own record set or into one with joins."""
    with_joins = {rs["@id"] for rs in document["recordSet"] if any("references" in f for f in rs["field"])}
    targets = {f["references"]["field"]["@id"].split("/")[0] for rs in document["recordSet"] for f in rs["field"] if "references" in f}
    assert targets and not targets & with_joins
    assert {"sources", "stakes", "events", "quotes"} <= with_joins
    assert field(document, "sources/derived_from")["references"] == {"field": {"@id": "sources.keys/source_id"}}
    for name in targets:
        rs = record_set(document, name)
        assert name.endswith(KEY_SET_SUFFIX) and "key" in rs
        table = record_set(document, name.removesuffix(KEY_SET_SUFFIX))
        assert {f["source"]["fileObject"]["@id"] for f in rs["field"]} == {f["source"]["fileObject"]["@id"] for f in table["field"]}


def test_the_generator_refuses_a_file_that_differs_from_its_recorded_hash(package: Path, tmp_path: Path) -> None:
    copy = copy_package(package, tmp_path)
    with (copy / "data" / "parties.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    with pytest.raises(ValueError, match=r"data/parties.csv: its sha256 is [0-9a-f]{64}, datapackage.json records"):
        croissant(copy)


def test_the_generator_refuses_an_archived_file_that_is_missing(package: Path, tmp_path: Path) -> None:
    copy = copy_package(package, tmp_path)
    next((copy / "archive").glob("*.txt")).unlink()
    with pytest.raises(ValueError, match=r"sources.archive_path names files that the package does not have"):
        croissant(copy)


def test_a_copy_without_the_archive_lists_no_archived_file(package: Path, tmp_path: Path) -> None:
    copy = copy_package(package, tmp_path)
    shutil.rmtree(copy / "archive")
    assert not [i for i in croissant(copy)["distribution"] if i["contentUrl"].startswith("archive/")]


# --- mlcroissant -----------------------------------------------------------------------------------------


def test_the_mlcroissant_processes_are_offline(venv_env: dict[str, str], tmp_path: Path) -> None:
    done = run([str(PYTHON), "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9', timeout=5)"], venv_env, tmp_path)
    assert done.returncode != 0 and "network access refused" in done.stderr


def validate(path: Path, env: dict[str, str]) -> tuple[int, str]:
    done = run([str(MLCROISSANT), "validate", "--jsonld", path.name], env, path.parent)
    return done.returncode, done.stdout + done.stderr


def test_mlcroissant_validate_reports_no_error_and_no_warning(package: Path, venv_env: dict[str, str]) -> None:
    status, output = validate(package / "croissant.json", venv_env)
    assert status == 0, output
    lines = [line for line in output.splitlines() if line.strip()]
    problems = [
        line
        for line in lines
        if (line[:1] in "WEF" and line[1:5].isdigit()) or "warning(s)" in line or "error(s)" in line or line.lstrip().startswith("- ")
    ]
    unexpected = [line for line in problems if not any(accepted in line for accepted in ACCEPTED_WARNINGS)]
    assert not unexpected, output
    assert lines[-1].endswith("] Done."), output


def test_mlcroissant_validate_fails_a_broken_croissant(package: Path, document: dict[str, Any], venv_env: dict[str, str]) -> None:
    status, output = validate(save(broken(document, "data-type"), package / "croissant-data-type.json"), venv_env)
    assert status == 1, output
    assert "Found the following 1 error(s)" in output and "does not specify a valid" in output, output


def test_every_record_set_loads_the_csv_values(loaded: dict[str, Any], document: dict[str, Any]) -> None:
    fresh = loaded["fresh"]
    assert not fresh["errors"], json.dumps(fresh["errors"], indent=1)
    want = expected_records(ROOT)
    assert list(fresh["record_sets"]) == [rs["@id"] for rs in document["recordSet"]] and sorted(want) == sorted(fresh["record_sets"])
    differences = {name: first_difference(fresh["record_sets"][name], rows) for name, rows in want.items()}
    assert not {k: v for k, v in differences.items() if v}, differences
    assert sum(len(rows) for rows in fresh["record_sets"].values()) > 0


def test_one_dataset_object_reads_every_record_set_in_either_order(loaded: dict[str, Any]) -> None:
    for order in ("forward", "backward"):
        assert not loaded[order]["errors"], (order, loaded[order]["errors"])
        assert loaded[order]["record_sets"] == loaded["fresh"]["record_sets"], order


def test_the_parquet_files_load_the_same_records(loaded: dict[str, Any]) -> None:
    assert not loaded["parquet"]["errors"], loaded["parquet"]["errors"]
    assert loaded["parquet"]["record_sets"] == loaded["fresh"]["record_sets"]


def test_the_mlcroissant_cli_loads_every_record_of_a_joined_record_set(package: Path, venv_env: dict[str, str]) -> None:
    done = run(
        [str(MLCROISSANT), "load", "--jsonld", "croissant.json", "--record_set", "citations", "--num_records", "-1"], venv_env, package
    )
    assert done.returncode == 0, done.stderr[-3000:]
    records = [line for line in done.stdout.splitlines() if line.startswith("{'citations/citation_id': b'")]
    citations = next(r for r in descriptor(ROOT)["resources"] if r["name"] == "citations")
    assert len(records) == len(read_csv(ROOT, citations)) > 0
    assert done.stdout.rstrip().endswith("Done.")


def test_the_readmes_snippet_loads_the_stakes_as_printed(runs: dict[str, dict[str, Any]]) -> None:
    result = runs["readme"]
    assert not result["errors"], result["errors"]
    stakes = next(r for r in descriptor(ROOT)["resources"] if r["name"] == "stakes")
    ids = [record["stakes/stake_id"] for record in result["record_sets"]["snippet"]]
    assert ids == [["bytes", row["stake_id"]] for row in read_csv(ROOT, stakes)]


def test_a_wrong_sha256_fails_the_load(probes: dict[str, Any]) -> None:
    chain = " | ".join(probes["sha256"]["errors"].get("parties", []))
    assert "Hash of downloaded file" in chain and "is not identical with the reference" in chain, probes["sha256"]


def test_a_field_on_a_missing_column_fails_the_load(probes: dict[str, Any]) -> None:
    chain = " | ".join(probes["column"]["errors"].get("parties", []))
    assert 'Column "no_such_column" does not exist' in chain, probes["column"]


def test_limit_a_a_direct_self_reference_breaks_the_loader(probes: dict[str, Any]) -> None:
    """Why references go to key record sets: mlcroissant 1.1.1 cannot load a record set that references itself."""
    result = probes["self-reference"]
    assert "NetworkXUnfeasible: Graph contains a cycle" in " | ".join(result["errors"].get("sources", [])), result["errors"]
    assert len(result["record_sets"]["parties"]) > 0


def test_limit_b_direct_references_break_a_shared_dataset_object(probes: dict[str, Any]) -> None:
    """Why references go to key record sets: with references to the tables themselves, one Dataset object fails."""
    first = probes["events-then-event_parties"]
    assert len(first["record_sets"]["events"]) == len(
        read_csv(ROOT, next(r for r in descriptor(ROOT)["resources"] if r["name"] == "events"))
    )
    assert "'generator' object has no attribute 'columns'" in " | ".join(first["errors"].get("event_parties", [])), first
    second = probes["event_parties-then-events"]
    assert not second["errors"], second["errors"]
    assert second["record_sets"]["events"] and all(r[0] == "not a record" for r in second["record_sets"]["events"])


# --- a package with tables this one does not have ----------------------------------------------------------

SYNTHETIC = {
    "name": "synthetic",
    "title": "Synthetic package.",
    "description": "Tables the generator has not seen.",
    "version": "0.1.0",
    "created": "2030-01-02T00:00:00Z",
    "homepage": "https://example.org/synthetic",
    "licenses": [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
    "contributors": [{"title": "A", "roles": ["contributor"]}, {"title": "B", "roles": ["creator"]}],
    "resources": [
        {
            "name": "groups",
            "path": "data/groups.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "schema": {
                "fields": [
                    {"name": "group_id", "type": "string", "description": "Id.", "provenance": "key"},
                    {"name": "parent_id", "type": "string", "description": "Parent group.", "provenance": "stated"},
                    {"name": "founded", "type": "year", "description": "Year."},
                    {"name": "span", "type": "duration", "description": "How long."},
                ],
                "missingValues": [""],
                "primaryKey": ["group_id"],
                "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "", "fields": ["group_id"]}}],
            },
        },
        {
            "name": "group_stakes",
            "path": "data/group_stakes.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "schema": {
                "fields": [
                    {"name": "group_id", "type": "string", "description": "Holder.", "provenance": "derived"},
                    {"name": "held_id", "type": "string", "description": "Held.", "provenance": "editorial"},
                    {"name": "share", "type": "number", "description": "Percent."},
                    {"name": "on", "type": "date", "description": "Day."},
                    {"name": "active", "type": "boolean", "description": "Active."},
                    {"name": "n", "type": "integer", "description": "Count."},
                ],
                "missingValues": [""],
                "primaryKey": ["group_id", "held_id"],
                "foreignKeys": [
                    {"fields": ["group_id"], "reference": {"resource": "groups", "fields": ["group_id"]}},
                    {"fields": ["held_id"], "reference": {"resource": "groups", "fields": ["group_id"]}},
                ],
            },
        },
    ],
}
SYNTHETIC_CSV = {
    "data/groups.csv": "group_id,parent_id,founded,span\nroot,,1999,P1Y\nleaf,root,2018,\nmid,root,,P2M\n",
    "data/group_stakes.csv": (
        "group_id,held_id,share,on,active,n\nroot,leaf,48.5,2018-09-11,true,3\nroot,mid,,2019-01-31,false,0\nmid,leaf,100,,true,\n"
    ),
}


def test_a_package_with_other_tables_validates_and_loads(tmp_path: Path, venv_env: dict[str, str]) -> None:
    root = tmp_path / "synthetic"
    (root / "data").mkdir(parents=True)
    for path, text in SYNTHETIC_CSV.items():
        (root / path).write_text(text, encoding="utf-8")
    package_json = copy.deepcopy(SYNTHETIC)
    for resource in package_json["resources"]:
        resource["hash"] = "sha256:" + hashlib.sha256((root / resource["path"]).read_bytes()).hexdigest()
    (root / "datapackage.json").write_text(json.dumps(package_json, indent=2), encoding="utf-8")
    write_croissant(root, root, root / "croissant.json")
    document = json.loads((root / "croissant.json").read_text(encoding="utf-8"))

    assert document["url"] == "https://example.org/synthetic" and document["citeAs"].endswith("https://example.org/synthetic")
    assert document["citeAs"] == citation_text(package_json) and [c["name"] for c in document["creator"]] == ["B"]
    assert [rs["@id"] for rs in document["recordSet"]] == ["groups", "group_stakes", "groups.keys"]
    assert field(document, "groups/parent_id")["references"] == {"field": {"@id": "groups.keys/group_id"}}
    assert field(document, "groups/span")["dataType"] == "sc:Text"
    assert "Table Schema type: duration" in field(document, "groups/span")["description"]
    assert "provenance" not in json.dumps(document)
    assert [k["@id"] for k in record_set(document, "group_stakes")["key"]] == ["group_stakes/group_id", "group_stakes/held_id"]

    status, output = validate(root / "croissant.json", venv_env)
    assert status == 0 and "warning" not in output.lower(), output
    (fresh, shared) = load_runs(
        [{"jsonld": root / "croissant.json", "mode": "fresh"}, {"jsonld": root / "croissant.json", "mode": "shared"}], venv_env, root
    )
    assert not fresh["errors"] and not shared["errors"], (fresh["errors"], shared["errors"])
    want = expected_records(root)
    assert {name: first_difference(fresh["record_sets"][name], rows) for name, rows in want.items()} == {name: "" for name in want}
    assert shared["record_sets"] == fresh["record_sets"]
