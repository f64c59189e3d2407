"""The package: metadata, keys and constraints that frictionless itself checks, and the Parquet files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scripts.model import schema
from tests.conftest import ROOT

FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))
PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TABLES = schema.table_names()


def resource(name: str) -> dict:
    return next(r for r in PACKAGE["resources"] if r["name"] == name)


def validate(folder: Path) -> dict:
    result = subprocess.run(
        [FRICTIONLESS, "validate", "--json", "datapackage.json"], cwd=folder, capture_output=True, text=True, timeout=120
    )
    return json.loads(result.stdout)


def test_frictionless_validates_every_csv_and_parquet_resource() -> None:
    """The frictionless CLI on the published package (with its declared CSV dialect): no error, no warning."""
    report = validate(ROOT)
    assert report["valid"] and report["stats"]["errors"] == 0 and report["stats"]["warnings"] == 0, json.dumps(report, indent=1)[:3000]
    tables = [t for t in report["tasks"] if t["type"] == "table"]
    assert sorted(t["name"] for t in tables) == sorted([*TABLES, *(f"{t}-parquet" for t in TABLES)])
    assert all(t["stats"]["rows"] > 0 for t in tables)
    assert sorted(t["name"] for t in report["tasks"] if t["type"] == "file") == sorted(schema.files())


def test_package_metadata() -> None:
    assert PACKAGE["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert "profile" not in PACKAGE
    for key in ("name", "title", "description", "version", "licenses", "sources", "contributors", "keywords", "created"):
        assert PACKAGE[key], key
    assert re.fullmatch(r"\d+\.\d+\.\d+", PACKAGE["version"])
    assert PACKAGE["licenses"][0]["name"] == "CC-BY-4.0"
    assert len(PACKAGE["sources"]) == 5


def test_a_resource_per_table_per_format_with_relative_paths() -> None:
    for table in TABLES:
        for name, ext in ((table, "csv"), (f"{table}-parquet", "parquet")):
            res = resource(name)
            assert res["path"] == f"data/{table}.{ext}" and res["format"] == ext
            assert (ROOT / res["path"]).is_file()


@pytest.mark.parametrize("table", TABLES)
def test_keys_descriptions_and_constraints(table: str) -> None:
    for name in (table, f"{table}-parquet"):
        s = resource(name)["schema"]
        assert s["primaryKey"]
        for f in s["fields"]:
            assert f.get("description"), f"{name}.{f['name']} has no description"
            if f["name"].endswith("_id") or f["name"] in ("derived_from", "group_id", "member_id"):
                assert f["constraints"]["pattern"], f"{name}.{f['name']}"


def test_references_are_foreign_keys_within_each_format() -> None:
    expected = {
        ("stakes", "holder_id", "parties"),
        ("stakes", "subject_id", "parties"),
        ("event_parties", "event_id", "events"),
        ("event_parties", "party_id", "parties"),
        ("quotes", "speaker_id", "parties"),
        ("quotes", "event_id", "events"),
        ("citations", "source_id", "sources"),
        ("citations", "party_id", "parties"),
        ("citations", "stake_id", "stakes"),
        ("citations", "event_id", "events"),
        ("citations", "quote_id", "quotes"),
        ("sources", "derived_from", "sources"),
    }
    for suffix in ("", "-parquet"):
        found = {
            (r["name"].removesuffix("-parquet"), fk["fields"][0], fk["reference"]["resource"].removesuffix("-parquet"))
            for r in PACKAGE["resources"]
            if r["name"].endswith("-parquet") == bool(suffix) and "schema" in r
            for fk in r["schema"].get("foreignKeys", [])
            if fk["reference"]["resource"].endswith("-parquet") == bool(suffix)
        }
        assert expected <= found


def test_enums_patterns_and_bounds_are_declared() -> None:
    fields = {(t, f["name"]): f for t in TABLES for f in resource(t)["schema"]["fields"]}
    for key in [
        ("parties", "party_type"),
        ("stakes", "interest_type"),
        ("stakes", "status"),
        ("events", "event_type"),
        ("events", "date_precision"),
        ("events", "date_basis"),
        ("event_parties", "role"),
        ("quotes", "quote_kind"),
    ]:
        assert fields[key]["constraints"]["enum"], key
    assert fields[("sources", "sha256")]["constraints"]["pattern"] == "^[0-9a-f]{64}$"
    assert fields[("events", "currency")]["constraints"]["pattern"] == "^[A-Z]{3}$"
    assert fields[("parties", "country")]["constraints"]["pattern"] == "^[A-Z]{2}$"
    for share in ("share_exact", "share_min", "share_max"):
        assert fields[("stakes", share)]["constraints"] == {"minimum": 0, "maximum": 100}


def _drop_integrity(folder: Path, name: str) -> None:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        if r["name"] == name:
            r.pop("hash", None)
            r.pop("bytes", None)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.fixture(scope="module")
def broken_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """The errors by resource that the frictionless CLI reports for a copy of the package with three defects (one
    run: each defect sits in its own row or format, so that each test below sees its own error)."""
    folder = tmp_path_factory.mktemp("broken")
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copy2(ROOT / "datapackage.json", folder / "datapackage.json")
    # CSV: an unknown holder in one row, a share of 148 in another
    path = folder / "data" / "stakes.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nalibaba-in-aliexpress-russia,alibaba,", "\nalibaba-in-aliexpress-russia,alibabaa,", 1)
    text = text.replace(
        "\nmegafon-in-aliexpress-russia,megafon,aliexpress-russia,equity,24,",
        "\nmegafon-in-aliexpress-russia,megafon,aliexpress-russia,equity,148,",
        1,
    )
    path.write_text(text, encoding="utf-8")
    _drop_integrity(folder, "stakes")
    # Parquet: an unknown holder, a status outside the enum
    path = folder / "data" / "stakes.parquet"
    table = pq.read_table(path)
    holders = table.column("holder_id").to_pylist()
    status = table.column("status").to_pylist()
    holders[0], status[1] = "nobody", "rumoured"
    table = table.set_column(table.schema.get_field_index("holder_id"), "holder_id", pa.array(holders))
    table = table.set_column(table.schema.get_field_index("status"), "status", pa.array(status))
    pq.write_table(table, path, compression="zstd")
    report = validate(folder)
    assert not report["valid"]
    return {t["name"]: t["errors"] for t in report["tasks"]}


def test_frictionless_itself_refuses_an_unknown_reference_in_csv(broken_report: dict[str, list[dict]]) -> None:
    errors = [e for e in broken_report["stakes"] if e["type"] == "foreign-key"]
    assert len(errors) == 1 and errors[0]["cells"][:2] == ["alibaba-in-aliexpress-russia", "alibabaa"], errors


def test_frictionless_itself_refuses_bad_parquet_rows(broken_report: dict[str, list[dict]]) -> None:
    errors = broken_report["stakes-parquet"]
    assert {e["type"] for e in errors} == {"foreign-key", "constraint-error"}, errors
    assert [e["rowNumber"] for e in errors if e["type"] == "constraint-error"] == [3]
    assert any("rumoured" in str(e["cell"]) for e in errors if e["type"] == "constraint-error")


def test_frictionless_refuses_a_share_above_100_in_csv(broken_report: dict[str, list[dict]]) -> None:
    errors = [e for e in broken_report["stakes"] if e["type"] == "constraint-error"]
    assert len(errors) == 1 and errors[0]["fieldName"] == "share_exact" and errors[0]["cell"] == "148", errors
    assert {t for t, e in broken_report.items() if e} == {"stakes", "stakes-parquet"}


@pytest.mark.parametrize("table", TABLES)
def test_parquet_has_native_types_zstd_and_no_index(table: str) -> None:
    parquet = pq.ParquetFile(ROOT / "data" / f"{table}.parquet")
    arrow = parquet.schema_arrow
    expected = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
    assert [(f.name, f.type) for f in arrow] == [(f["name"], expected[f["type"]]) for f in schema.fields(table)]
    assert b"pandas" not in (arrow.metadata or {})
    meta = parquet.metadata
    assert all(meta.row_group(0).column(i).compression == "ZSTD" for i in range(meta.num_columns))


@pytest.mark.parametrize("table", TABLES)
def test_csv_and_parquet_hold_the_same_rows_and_columns(table: str) -> None:
    fields = schema.fields(table)
    parquet = pd.read_parquet(ROOT / "data" / f"{table}.parquet")
    csv = pd.read_csv(ROOT / "data" / f"{table}.csv", dtype=str, keep_default_na=False)
    assert list(parquet.columns) == list(csv.columns) == [f["name"] for f in fields]
    assert len(parquet) == len(csv)
    for f in fields:
        name = f["name"]
        left = parquet[name].tolist()
        right = csv[name].tolist()
        if f["type"] == "number":
            right = [float(v) if v else None for v in right]
            left = [None if pd.isna(v) else v for v in left]
        elif f["type"] == "integer":
            right = [int(v) for v in right]
        elif f["type"] == "boolean":
            right = [v == "true" for v in right]
        elif f["type"] == "date":
            left = ["" if v is None or pd.isna(v) else v.isoformat()[:10] for v in left]
        else:
            left = ["" if v is None or pd.isna(v) else v for v in left]
        assert left == right, f"{table}.{name}"
