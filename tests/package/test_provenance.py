"""Evidence for every value: the provenance census can fail, the README's trace snippet runs as printed,
and the descriptor carries no field property Table Schema does not define but `provenance`."""

from __future__ import annotations

import json
import os
import re

import pandas as pd
import pytest

from scripts.model import schema
from scripts.outputs.site.readme import code_blocks, section
from scripts.package.evidence import cell_evidence, provenance_census
from scripts.package.reader import load_package
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
# Table Schema (v1 and v2) field properties; ours adds only `provenance`.
TABLE_SCHEMA_FIELD_KEYS = {
    "name", "title", "type", "format", "description", "example", "constraints", "rdfType", "missingValues",
    "categories", "categoriesOrdered", "trueValues", "falseValues", "bareNumber", "groupChar", "decimalChar",
}  # fmt: skip
CONSTRAINT_KEYS = {"required", "unique", "pattern", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
CONSTRAINT_KEYS |= {"minLength", "maxLength", "jsonSchema"}


def test_every_field_has_a_provenance_role_and_no_stray_key() -> None:
    for resource in (r for r in DESCRIPTOR["resources"] if "schema" in r):
        for field in resource["schema"]["fields"]:
            where = f"{resource['name']}.{field['name']}"
            assert field.get("provenance") in ("key", "stated", "derived", "editorial"), where
            assert set(field) - {"provenance"} <= TABLE_SCHEMA_FIELD_KEYS, where
            assert set(field.get("constraints", {})) <= CONSTRAINT_KEYS, where
            assert all(value is not None for value in field.values()), where
            assert len(field["description"]) >= 10 and field["description"][-1] in ".)", where


def test_the_descriptions_a_yaml_slip_once_cut_are_whole() -> None:
    fields = {(r["name"], f["name"]): f["description"] for r in DESCRIPTOR["resources"] if "schema" in r for f in r["schema"]["fields"]}
    assert "characters (Unicode code points), not bytes" in fields[("citations", "start")]
    assert fields[("events", "amount")].startswith("Money involved, in units of currency")
    assert "supplied_title in [square brackets]" in fields[("sources", "title")]


def test_no_stated_cell_is_without_support_and_the_readme_says_so() -> None:
    package = load_package(ROOT)
    census = provenance_census(package.tables, package.descriptor)
    assert sum(c["unsupported"] for c in census.values()) == 0
    assert sum(c["stated"] for c in census.values()) > 400
    block = re.search(r"<!-- BEGIN generated: provenance -->\n(.*?)<!-- END", README, re.S).group(1)
    assert block.rstrip().endswith("| **0** |")


def test_a_stated_cell_whose_citation_field_is_lost_is_counted() -> None:
    """The census reads the published tables, independently of the build's own check: it can fail."""
    package = load_package(ROOT)
    tables = {name: list(rows) for name, rows in package.tables.items()}
    amount = cell_evidence(tables, package.descriptor)[("events", "jv-agreement", "amount")]
    assert amount and all(c.startswith("event.jv-agreement.moscowtimes.") for c in amount)
    tables["citation_fields"] = [r for r in tables["citation_fields"] if not (r["citation_id"] in amount and r["field"] == "amount")]
    census = provenance_census(tables, package.descriptor)
    assert census["events"]["unsupported"] == 1 and sum(c["unsupported"] for c in census.values()) == 1


def test_readme_trace_snippet_runs_as_printed(capsys: pytest.CaptureFixture[str]) -> None:
    (snippet,) = code_blocks(section(README, "How to trace a value"), "python")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(snippet, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "jurnalis: It will be 48 percent owned by Alibaba, 24 percent by MegaFon, 15 percent by Mail.ru and 13 percent by the RDIF, "
        "the statement said"
    ]


def test_every_derived_field_says_what_it_is_derived_from() -> None:
    """A derived value says how: its description names the fields of its row (or the archived file) it comes from."""
    for table in schema.table_names():
        names = set(schema.field_names(table))
        for field in schema.fields(table):
            if field["provenance"] == "derived":
                words = set(re.findall(r"[a-z_0-9]+", field["description"]))
                assert (words & names) - {field["name"]} or "archived file" in field["description"], f"{table}.{field['name']}"


def test_parquet_and_csv_agree_on_the_new_tables() -> None:
    for table in ("citation_fields", "group_stakes"):
        parquet = pd.read_parquet(ROOT / "data" / f"{table}.parquet")
        assert len(parquet) == len(pd.read_csv(ROOT / "data" / f"{table}.csv", keep_default_na=False))
