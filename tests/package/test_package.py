"""The package as a downloader validates it: frictionless on the whole package, once, and each Parquet file proved
equal to its CSV with types compared (the build's own check, which must catch a changed value or type)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from scripts.model import schema
from scripts.package.validate import parquet_differences, read_csv
from tests.conftest import ROOT

FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))
PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validates_the_whole_package() -> None:
    """The frictionless CLI as the README runs it: every CSV and Parquet resource valid, no error, no warning."""
    done = subprocess.run([FRICTIONLESS, "validate", "--json", "datapackage.json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    assert report["valid"] and report["stats"]["errors"] == report["stats"]["warnings"] == 0, done.stdout[:3000]
    tables = [t for t in report["tasks"] if t["type"] == "table"]
    assert sorted(t["name"] for t in tables) == sorted([*schema.table_names(), *(f"{t}-parquet" for t in schema.table_names())])
    assert all(t["stats"]["rows"] > 0 for t in tables)


def test_the_descriptor_uses_the_v2_profile_and_relative_paths() -> None:
    assert PACKAGE["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json" and "profile" not in PACKAGE
    for table in schema.table_names():
        for name, ext in ((table, "csv"), (f"{table}-parquet", "parquet")):
            (resource,) = [r for r in PACKAGE["resources"] if r["name"] == name]
            assert resource["path"] == f"data/{table}.{ext}" and resource["format"] == ext


def test_each_parquet_file_is_its_csv_typed_and_a_changed_value_or_type_is_caught(tmp_path: Path) -> None:
    for table in schema.table_names():
        assert parquet_differences(ROOT, table, f"data/{table}.csv", f"data/{table}.parquet") == [], table
        assert pq.ParquetFile(ROOT / "data" / f"{table}.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    shutil.copytree(ROOT / "data", tmp_path / "data")
    stakes = pq.read_table(tmp_path / "data" / "stakes.parquet")
    shares = stakes["share_exact"].to_pylist()
    changed = stakes.set_column(stakes.schema.get_field_index("share_exact"), "share_exact", pa.array([54.0, *shares[1:]]))
    pq.write_table(changed, tmp_path / "data" / "stakes.parquet")
    (problem,) = parquet_differences(tmp_path, "stakes", "data/stakes.csv", "data/stakes.parquet")
    assert (problem.record, problem.field, problem.message) == ("row 2", "share_exact", "54.0 in Parquet, 48.0 in the CSV")
    as_int = stakes.set_column(stakes.schema.get_field_index("share_exact"), "share_exact", pa.array([int(s or 0) for s in shares]))
    pq.write_table(as_int, tmp_path / "data" / "stakes.parquet")  # 48 as an integer is not the number 48.0
    assert "types differ" in parquet_differences(tmp_path, "stakes", "data/stakes.csv", "data/stakes.parquet")[0].message
    sources = read_csv(ROOT / "data" / "sources.csv", "sources")  # integers are compared exactly, never as doubles
    at = sources.schema.get_field_index("bytes")
    pacsv.write_csv(sources.set_column(at, "bytes", pa.array([2**53 + 1] * sources.num_rows)), tmp_path / "data" / "sources.csv")
    pq.write_table(sources.set_column(at, "bytes", pa.array([2**53] * sources.num_rows)), tmp_path / "data" / "sources.parquet")
    found = parquet_differences(tmp_path, "sources", "data/sources.csv", "data/sources.parquet")
    assert found and all(p.field == "bytes" for p in found)
