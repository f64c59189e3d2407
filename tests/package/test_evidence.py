"""Evidence for every value, as published: the archive is the capture, every row has its excerpts, every stated
cell its span (the census can fail), the README's trace snippet runs as printed, and the descriptor says what
each field is (only `provenance` and `kind` beyond Table Schema)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from scripts.model import schema
from scripts.outputs.site.readme import code_blocks, section
from scripts.package.evidence import cited_columns, kind_census
from scripts.package.reader import load_package
from tests.conftest import ROOT, SHARED_SOURCES

README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = load_package(ROOT)
TABLES, DESCRIPTOR = PACKAGE.tables, PACKAGE.descriptor
TABLE_SCHEMA_FIELD_KEYS = {
    "name", "title", "type", "format", "description", "example", "constraints", "rdfType", "missingValues",
    "categories", "categoriesOrdered", "trueValues", "falseValues", "bareNumber", "groupChar", "decimalChar",
}  # fmt: skip


def test_the_archive_holds_the_sources_texts_and_nothing_else() -> None:
    sources = TABLES["sources"]
    for s in sources:
        assert Path(s["archive_path"]).parts[0] == "archive" and ".." not in Path(s["archive_path"]).parts
    assert sorted(str(p.relative_to(ROOT)) for p in (ROOT / "archive").iterdir()) == sorted(s["archive_path"] for s in sources)


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the captures (../shared/sources) are not beside this checkout")
def test_the_archive_is_the_capture_byte_for_byte() -> None:  # .ci/run refuses to run without the captures
    sources = TABLES["sources"]
    assert sorted(s["capture"] for s in sources) == sorted(p.name for p in SHARED_SOURCES.iterdir())
    for s in sources:
        assert (ROOT / s["archive_path"]).read_bytes() == (SHARED_SOURCES / s["capture"]).read_bytes()


@pytest.mark.parametrize("table", schema.cited_tables())
def test_every_row_of_a_cited_table_has_excerpts_and_each_excerpt_one_row(table: str) -> None:
    column = cited_columns(DESCRIPTOR)[table]
    cited = {c[column] for c in TABLES["citations"] if c[column]}
    assert {r[schema.key_field(table)] for r in TABLES[table]} <= cited
    for c in TABLES["citations"]:
        assert sum(bool(c[col]) for col in cited_columns(DESCRIPTOR).values()) == 1, c["citation_id"]


def test_every_stated_cell_has_a_span_and_the_census_counts_a_lost_one() -> None:
    census = kind_census(TABLES, DESCRIPTOR)
    assert sum(c["failures"] for c in census.values()) == 0 and sum(c["cells"] for c in census.values()) > 500
    assert re.search(r"<!-- BEGIN generated: spans -->.*\| \*\*all kinds\*\* \|( \*\*\d+\*\* \|){3} \*\*0\*\* \|", README, re.S)
    lost = [r for r in TABLES["citation_fields"] if not (r["field"] == "amount" and r["citation_id"].startswith("event.jv-agreement."))]
    census = kind_census({**TABLES, "citation_fields": lost}, DESCRIPTOR)
    assert census["money"]["failures"] == 1 and sum(c["failures"] for c in census.values()) == 1


def test_the_readmes_trace_snippet_runs_as_printed(capsys: pytest.CaptureFixture[str]) -> None:
    (snippet,) = code_blocks(section(README, "How to trace a value"), "python")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(snippet, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert capsys.readouterr().out.splitlines() == [
        "jurnalis: '24 percent by MegaFon' (number), in: It will be 48 percent owned by Alibaba, 24 percent by MegaFon, "
        "15 percent by Mail.ru and 13 percent by the RDIF, the statement said"
    ]


def test_every_field_says_what_it_is_and_stated_ones_their_kind() -> None:
    for resource in (r for r in DESCRIPTOR["resources"] if "schema" in r):
        for field in resource["schema"]["fields"]:
            where = f"{resource['name']}.{field['name']}"
            assert set(field) - {"provenance", "kind"} <= TABLE_SCHEMA_FIELD_KEYS, where
            assert ("kind" in field) == (field["provenance"] == "stated"), where
            assert len(field["description"]) >= 10 and field["description"][-1] in ".)", where
            if field["provenance"] == "derived":  # a derived value says how: the fields (or the file) it comes from
                words = set(re.findall(r"[a-z_0-9]+", field["description"])) - {field["name"]}
                names = {f["name"] for f in resource["schema"]["fields"]}
                assert words & names or "archived" in field["description"] or "excerpt" in field["description"], where


def test_a_quote_printed_by_several_sources_is_one_row_with_a_citation_per_source() -> None:
    (quote,) = [q for q in TABLES["quotes"] if q["text"].startswith("This is an important investment")]
    assert sorted(c["source_id"] for c in TABLES["citations"] if c["quote_id"] == quote["quote_id"]) == ["cpi", "ft", "warc"]
    assert json.dumps(quote["speaker_id"]) == "null"
