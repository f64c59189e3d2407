"""The workbook: every cell is the CSV's value with its type, text is never a number, a date or a formula, and a cell Excel
cannot hold is a build problem. tests/package/test_build.py proves the published file is the one the build writes.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from scripts.model import schema
from scripts.model.problems import BuildError
from scripts.package.citation import citation_text
from scripts.package.formats.workbook import write_workbook
from scripts.package.reader import csv_resources, read_descriptor, read_tables
from tests.conftest import ROOT

DESCRIPTOR = read_descriptor(ROOT)
RESOURCES = csv_resources(DESCRIPTOR)
TABLES = read_tables(ROOT, DESCRIPTOR)
PUBLISHED = ROOT / schema.files()["workbook"]["path"]


@pytest.fixture(scope="module")
def book() -> Any:
    return openpyxl.load_workbook(PUBLISHED)  # not read-only: each cell's data_type and number_format


def cell_value(cell: Any, kind: str) -> Any:
    """A cell's value as the reader types the CSV's, after checking the cell is of the spreadsheet type that kind needs."""
    if cell.value is None:
        return None
    if kind == "date":
        assert cell.is_date and cell.number_format == "yyyy-mm-dd", cell.coordinate
        return cell.value.date().isoformat()
    assert cell.data_type == {"string": "s", "boolean": "b"}.get(kind, "n"), (cell.coordinate, cell.value)
    return cell.value


def records(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_cell_is_the_csvs_typed_value(book: Any) -> None:
    """Ids, codes and EDTF dates (1999, 2017-09?) are text cells; date fields are dates; numbers and booleans are theirs."""
    assert book.sheetnames == ["About", *(r["name"] for r in RESOURCES), "Fields"]
    for resource in RESOURCES:
        sheet, fields = book[resource["name"]], resource["schema"]["fields"]
        assert [c.value for c in sheet[1]] == [f["name"] for f in fields]
        got = [{f["name"]: cell_value(c, f["type"]) for f, c in zip(fields, row, strict=True)} for row in sheet.iter_rows(min_row=2)]
        assert got == TABLES[resource["name"]], resource["name"]


def test_text_that_looks_like_a_formula_a_number_or_a_date_stays_that_text(tmp_path: Path) -> None:
    tricky = ["=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+7", "-x", "0012", "1E5", "2018-09-11", "TRUE", "12:30", "1/2"]
    tables = copy.deepcopy(TABLES)
    for row, text in zip(tables["quotes"], tricky, strict=False):
        row["text"] = text
    path = tmp_path / "tricky.xlsx"
    write_workbook(DESCRIPTOR, path, tables)
    sheet = openpyxl.load_workbook(path)["quotes"]
    column = [f["name"] for f in next(r for r in RESOURCES if r["name"] == "quotes")["schema"]["fields"]].index("text") + 1
    cells = [sheet.cell(r, column) for r in range(2, 2 + len(tricky))]
    assert [(c.value, c.data_type) for c in cells] == [(t, "s") for t in tricky]
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_a_cell_longer_than_excel_holds_is_a_build_problem_not_a_truncated_cell(tmp_path: Path) -> None:
    tables = copy.deepcopy(TABLES)
    quote = tables["quotes"][0]
    quote["text"] = "\U0001d538" * 16_384  # 16,384 characters, 32,768 UTF-16 units: one more than a cell holds
    with pytest.raises(BuildError) as caught:
        write_workbook(DESCRIPTOR, tmp_path / "long.xlsx", tables)
    (problem,) = caught.value.problems
    assert (problem.file, problem.record, problem.field) == ("data/quotes.csv", quote["quote_id"], "text")
    assert problem.message == "longer than Excel's 32,767 characters: no workbook cell holds it"
    assert not (tmp_path / "long.xlsx").exists()


def test_the_fields_sheet_describes_every_column_and_the_about_sheet_says_how_to_cite(book: Any) -> None:
    got = [(r["table"], r["field"], r["type"], r["description"], r["provenance"]) for r in records(book["Fields"])]
    assert got == [(r["name"], f["name"], f["type"], f["description"], f["provenance"]) for r in RESOURCES for f in r["schema"]["fields"]]
    refers = {(r["table"], r["field"]): r["refers to"] for r in records(book["Fields"])}
    assert refers[("stakes", "holder_id")] == "parties.party_id"
    about = [row for row in book["About"].iter_rows(values_only=True)]
    assert ("Citation", citation_text(DESCRIPTOR)) in [row[:2] for row in about]
    counts = {row[0]: row[2] for row in about if isinstance(row[2], int)}
    assert counts == {name: len(rows) for name, rows in TABLES.items()}
