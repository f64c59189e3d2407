"""Loading into pandas the three ways the README shows; the README's own code is run."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from frictionless import Package

from scripts.model import schema
from scripts.outputs.site.readme import code_blocks, section
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_pandas_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    """The pandas snippets of "Download, validate, load", in this process (test_downloader runs them in a fresh venv)."""
    blocks = code_blocks(section(README, "Download, validate, load"), "python")
    assert len(blocks) == 1
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out
    assert "Alibaba Group" in printed and "48.0" in printed


@pytest.mark.parametrize("table", schema.table_names())
def test_three_loads_agree(table: str) -> None:
    fields = schema.fields(table)
    key = schema.table(table)["primaryKey"]
    parquet = pd.read_parquet(ROOT / "data" / f"{table}.parquet")
    dtypes = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
    csv = pd.read_csv(
        ROOT / "data" / f"{table}.csv",
        dtype={f["name"]: dtypes[f["type"]] for f in fields if f["type"] in dtypes},
        parse_dates=[f["name"] for f in fields if f["type"] == "date"],
        keep_default_na=False,
        na_values=[""],
    )
    package = Package(str(ROOT / "datapackage.json"))
    via_frictionless = package.get_table_resource(table).to_pandas().reset_index()
    assert len(parquet) == len(csv) == len(via_frictionless) > 0
    ids = [tuple(r) for r in parquet[key].astype(str).itertuples(index=False)]
    assert ids == [tuple(r) for r in csv[key].astype(str).itertuples(index=False)]
    assert sorted(ids) == sorted(tuple(r) for r in via_frictionless[key].astype(str).itertuples(index=False))
    for f in fields:
        if f["type"] == "number":
            assert parquet[f["name"]].dtype == "float64"
            assert csv[f["name"]].astype("float64").equals(parquet[f["name"]]) or (
                csv[f["name"]].isna().tolist() == parquet[f["name"]].isna().tolist()
                and csv[f["name"]].dropna().astype("float64").tolist() == parquet[f["name"]].dropna().tolist()
            )
        if f["type"] == "integer":
            assert parquet[f["name"]].dtype == "int64"
            assert csv[f["name"]].astype("int64").tolist() == parquet[f["name"]].tolist()
        if f["type"] == "date":
            assert (
                csv[f["name"]].dt.date.where(csv[f["name"]].notna(), None).tolist()
                == parquet[f["name"]].where(parquet[f["name"]].notna(), None).tolist()
            )
