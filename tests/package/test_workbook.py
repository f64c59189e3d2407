"""Tests of the workbook export: cell-for-cell round trip against the CSVs (typed by the schema, with an
independent reader), no formula ever, byte-reproducible output whatever the clock, the Fields and About
sheets.

The package under test is the repository's published one: the workbook the build wrote into data/,
and fresh ones written by the module.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time as time_module
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from scripts.package.citation import citation_text
from scripts.package.formats import workbook as workbook_module
from scripts.package.reader import csv_resources, read_descriptor
from tests.conftest import ROOT


def write_workbook(root: Path, target: Path) -> None:
    """The module's writer on a package folder (its descriptor read from there)."""
    workbook_module.write_workbook(root, read_descriptor(root), target)


TRICKY = [
    "=1+1",
    "+7",
    "-x",
    "@SUM(A1)",
    "1999",
    "2018-09-11",
    "0012",
    "2018-03?/2018-09-11",
    '=HYPERLINK("http://x","y")',
    "TRUE",
    "1E5",
    "12:30",
    "1/2",
    " padded ",
    "_x0041_",
    "line\nbreak",
    "tab\there",
    "'quoted",
    "€ — ü 中文",
]


# ------------------------------------------------------------------------------------------------
# An independent reader of the cells (not the module's): csv + the schema's types
# ------------------------------------------------------------------------------------------------


def expected_cell(text: str, field: dict[str, Any], missing: list[str]) -> Any:
    if text in missing:
        return None
    kind = field["type"]
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text.lower()] if text.lower() in ("true", "false") else bool(int(text))
    if kind == "date":
        return date.fromisoformat(text)
    return text


def csv_table(root: Path, resource: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    fields = resource["schema"]["fields"]
    missing = resource["schema"].get("missingValues", [""])
    with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [[expected_cell(t, f, missing) for t, f in zip(row, fields, strict=True)] for row in reader]
    return header, rows


def assert_cell_matches(cell: Any, expected: Any, field: dict[str, Any], where: str) -> None:
    kind = field["type"]
    if expected is None:
        assert cell.value is None, f"{where}: expected an empty cell, got {cell.value!r}"
        return
    if kind == "integer":
        assert type(cell.value) is int and cell.value == expected, f"{where}: {cell.value!r} != integer {expected!r}"
        assert cell.data_type == "n"
    elif kind == "number":
        # xlsx stores every number as a double: 48 and 48.0 are one value; a bool is not a number
        assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool), f"{where}: {cell.value!r}"
        assert float(cell.value) == expected, f"{where}: {cell.value!r} != number {expected!r}"
        assert cell.data_type == "n"
    elif kind == "boolean":
        assert cell.value is expected, f"{where}: {cell.value!r} != boolean {expected!r}"
        assert cell.data_type == "b"
    elif kind == "date":
        assert isinstance(cell.value, datetime) and cell.is_date, f"{where}: {cell.value!r} is not a date cell"
        assert cell.value == datetime.combine(expected, datetime.min.time()), f"{where}: {cell.value!r} != {expected}"
        assert cell.number_format == "yyyy-mm-dd", f"{where}: number format {cell.number_format!r}"
    else:
        assert cell.data_type == "s", f"{where}: data_type {cell.data_type!r} for {expected!r}"
        assert type(cell.value) is str and cell.value == expected, f"{where}: {cell.value!r} != string {expected!r}"


def assert_round_trip(root: Path, path: Path) -> None:
    descriptor = read_descriptor(root)
    book = openpyxl.load_workbook(path)  # not read_only: data_type and number_format of every cell
    for resource in csv_resources(descriptor):
        sheet = book[resource["name"]]
        fields = resource["schema"]["fields"]
        header, rows = csv_table(root, resource)
        assert [c.value for c in sheet[1]] == header == [f["name"] for f in fields]
        assert sheet.max_row == len(rows) + 1, f"{resource['name']}: {sheet.max_row - 1} rows for {len(rows)}"
        assert sheet.max_column == len(fields)
        for r, expected_row in enumerate(rows, start=2):
            for c, (expected, field) in enumerate(zip(expected_row, fields, strict=True), start=1):
                assert_cell_matches(sheet.cell(r, c), expected, field, f"{resource['name']}!R{r}C{c} ({field['name']})")


def no_formula_anywhere(path: Path) -> None:
    """No cell of any sheet is a formula (openpyxl's data_type 'f'), and no <f> element is in the XML."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def copy_package(source: Path, target: Path) -> Path:
    """datapackage.json and the CSV resources only: what the workbook may read."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "datapackage.json", target / "datapackage.json")
    for resource in csv_resources(read_descriptor(source)):
        (target / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / resource["path"], target / resource["path"])
    return target


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# ------------------------------------------------------------------------------------------------
# Fixtures
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workbook") / "package.xlsx"
    write_workbook(ROOT, path)
    return path


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package whose events.csv text cells hold formula-, number- and date-like strings."""
    root = copy_package(ROOT, tmp_path_factory.mktemp("injected"))
    resource = next(r for r in csv_resources(read_descriptor(root)) if r["name"] == "events")
    path = root / resource["path"]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    text_columns = [header.index(n) for n in ("summary", "date_note", "location")]
    for i, tricky in enumerate(TRICKY):
        row = rows[i % len(rows)]
        row[text_columns[i % len(text_columns)]] = tricky
    write_csv(path, header, rows)
    return root


# ------------------------------------------------------------------------------------------------
# 1. Round trip
# ------------------------------------------------------------------------------------------------


def test_every_cell_of_every_table_round_trips(built: Path) -> None:
    assert_round_trip(ROOT, built)


def test_sheets_are_about_then_tables_then_fields(built: Path) -> None:
    book = openpyxl.load_workbook(built)
    tables = [r["name"] for r in csv_resources(read_descriptor(ROOT))]
    assert book.sheetnames == ["About", *tables, "Fields"]
    assert not any(n.endswith("-parquet") for n in book.sheetnames)


def test_table_sheets_have_a_frozen_bold_filtered_header_and_capped_widths(built: Path) -> None:
    book = openpyxl.load_workbook(built)
    for resource in csv_resources(read_descriptor(ROOT)):
        sheet = book[resource["name"]]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(sheet.max_row, sheet.max_column).coordinate}"
        assert all(cell.font.b for cell in sheet[1])
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(6 <= w <= 61 for w in widths), widths


def test_edtf_and_id_columns_are_text_and_date_columns_are_dates(built: Path) -> None:
    book = openpyxl.load_workbook(built)
    events = book["events"]
    header = [c.value for c in events[1]]
    edtf = [events.cell(r, header.index("date") + 1) for r in range(2, events.max_row + 1)]
    assert "1999" in [c.value for c in edtf] and all(c.data_type == "s" for c in edtf)
    starts = [events.cell(r, header.index("date_end") + 1) for r in range(2, events.max_row + 1)]
    assert all(c.is_date and c.number_format == "yyyy-mm-dd" for c in starts)


# ------------------------------------------------------------------------------------------------
# 2. Never a formula, text stays text
# ------------------------------------------------------------------------------------------------


def test_formula_like_and_number_like_strings_stay_exact_strings(injected: Path, tmp_path: Path) -> None:
    path = tmp_path / "injected.xlsx"
    write_workbook(injected, path)
    assert_round_trip(injected, path)  # every cell, the tricky ones included
    book = openpyxl.load_workbook(path)
    found = {}
    for row in book["events"].iter_rows(min_row=2):
        for cell in row:
            if cell.value in TRICKY:
                found[cell.value] = cell.data_type
    assert found == {t: "s" for t in TRICKY}
    no_formula_anywhere(path)


def test_no_formula_in_the_published_workbook(built: Path) -> None:
    no_formula_anywhere(built)


def test_types_missing_values_and_edge_cases_of_a_small_package(tmp_path: Path) -> None:
    """Every supported type, missing values, dates Excel cannot hold, a long and a clashing table name."""
    long_name = "a-table-with-a-name-longer-than-thirty-one-chars"
    fields = [
        {"name": "id", "type": "string"},
        {"name": "n", "type": "integer"},
        {"name": "x", "type": "number"},
        {"name": "ok", "type": "boolean"},
        {"name": "day", "type": "date"},
        {"name": "when", "type": "year"},
    ]
    rows = [
        ["=1+1", "48", "48", "true", "2018-09-11", "1999"],
        ["0012", "-3", "0.1", "false", "1899-12-31", ""],
        ["", "", "", "", "", ""],
        ["@SUM(A1)", "9007199254740993", "1E-7", "true", "9999-12-31", "2018"],
    ]
    resources = []
    for name in (long_name, "about", "fields"):
        write_csv(tmp_path / f"{name}.csv", [f["name"] for f in fields], rows)
        resources.append({"name": name, "path": f"{name}.csv", "format": "csv", "schema": {"fields": fields, "missingValues": [""]}})
    descriptor = {"name": "tiny", "title": "Tiny.", "version": "0.1.0", "created": "2020-02-29T12:00:00Z", "resources": resources}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    path = tmp_path / "tiny.xlsx"
    write_workbook(tmp_path, path)

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["About", "a-table-with-a-name-longer-than", "about~2", "fields~2", "Fields"]
    sheet = book["a-table-with-a-name-longer-than"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == ["=1+1", 48, 48, True, datetime(2018, 9, 11), "1999"]
    assert values[1] == ["0012", -3, 0.1, False, "1899-12-31", None]  # before 1900-03-01: ISO text
    assert values[2] == [None] * 6
    assert values[3][0] == "@SUM(A1)" and values[3][3] is True and values[3][4] == datetime(9999, 12, 31)
    assert values[3][2] == pytest.approx(1e-7)
    assert type(sheet["B2"].value) is int and sheet["C2"].data_type == "n"
    assert sheet["E3"].data_type == "s" and sheet["F2"].data_type == "s"
    assert book["About"]["A1"].value == "Tiny."


def test_unreadable_cells_are_refused(tmp_path: Path) -> None:
    fields = [{"name": "n", "type": "integer"}]
    write_csv(tmp_path / "t.csv", ["n"], [["4.5"]])
    descriptor = {"name": "bad", "resources": [{"name": "t", "path": "t.csv", "format": "csv", "schema": {"fields": fields}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        write_workbook(tmp_path, tmp_path / "bad.xlsx")
    assert not (tmp_path / "bad.xlsx").exists()  # nothing written when reading fails


# ------------------------------------------------------------------------------------------------
# 3. Byte-reproducible
# ------------------------------------------------------------------------------------------------


def test_two_writes_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    write_workbook(ROOT, again)
    assert again.read_bytes() == built.read_bytes()


def test_output_does_not_depend_on_the_clock(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """XlsxWriter reads datetime.now() (core.py) when no created date is set, and time.mktime/localtime for
    zip timestamps when not in memory: move every clock ten years and a half day on; the bytes stay."""
    import xlsxwriter.core
    import xlsxwriter.workbook

    shift = timedelta(days=3653, hours=13, minutes=7)

    class RealInstances(type):  # a real datetime still passes XlsxWriter's isinstance(value, datetime)
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, datetime)

    class FakeDatetime(datetime, metaclass=RealInstances):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.now(tz) + shift

        @classmethod
        def utcnow(cls):  # type: ignore[override]
            return datetime.utcnow() + shift

    real_time, real_localtime = time_module.time, time_module.localtime
    monkeypatch.setattr(xlsxwriter.core, "datetime", FakeDatetime)
    monkeypatch.setattr(xlsxwriter.workbook, "datetime", FakeDatetime)
    monkeypatch.setattr(time_module, "time", lambda: real_time() + shift.total_seconds())
    monkeypatch.setattr(time_module, "localtime", lambda secs=None: real_localtime(time_module.time() if secs is None else secs))
    assert xlsxwriter.core.datetime.now().year >= datetime.now().year + 9  # the fake clock is in use

    later = tmp_path / "later.xlsx"
    write_workbook(ROOT, later)
    assert later.read_bytes() == built.read_bytes()


def test_timestamps_inside_are_the_package_created_date(built: Path) -> None:
    created = read_descriptor(ROOT)["created"]
    with zipfile.ZipFile(built) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    stamp = created.replace("+00:00", "Z")[:19]
    assert f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}' in core
    assert f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}' in core


def test_same_bytes_in_another_process_and_time_zone(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "tz.xlsx"
    code = (
        "import json, sys; from pathlib import Path; from scripts.package.formats.workbook import write_workbook; "
        "root = Path(sys.argv[1]); write_workbook(root, json.loads((root / 'datapackage.json').read_text()), Path(sys.argv[2]))"
    )
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(ROOT), str(out)], check=True, env=env, cwd=ROOT)
    assert out.read_bytes() == built.read_bytes()


def test_the_published_workbook_is_the_one_the_package_makes(built: Path) -> None:
    """The build wrote data/<name>.xlsx from these tables, and datapackage.json lists it with its hash."""
    descriptor = read_descriptor(ROOT)
    resource = next(r for r in descriptor["resources"] if r["name"] == "workbook")
    assert (resource["type"], resource["format"], resource["path"]) == ("file", "xlsx", f"data/{descriptor['name']}.xlsx")
    assert (ROOT / resource["path"]).read_bytes() == built.read_bytes()


# ------------------------------------------------------------------------------------------------
# 4. Fields and About
# ------------------------------------------------------------------------------------------------


def sheet_records(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_fields_sheet_lists_every_field_of_every_table(built: Path) -> None:
    book = openpyxl.load_workbook(built)
    records = sheet_records(book["Fields"])
    expected = [(r["name"], f["name"]) for r in csv_resources(read_descriptor(ROOT)) for f in r["schema"]["fields"]]
    assert [(rec["table"], rec["field"]) for rec in records] == expected
    by_key = {(rec["table"], rec["field"]): rec for rec in records}
    for resource in csv_resources(read_descriptor(ROOT)):
        key = resource["schema"].get("primaryKey", [])
        for field in resource["schema"]["fields"]:
            rec = by_key[(resource["name"], field["name"])]
            assert rec["type"] == field["type"]
            assert rec["description"] == field.get("description")
            assert rec["required"] is bool(field.get("constraints", {}).get("required", False))
            assert rec["primary key"] is (field["name"] in key)
            if "pattern" in field.get("constraints", {}):
                assert f"pattern: {field['constraints']['pattern']}" in rec["constraints"]
            if "enum" in field.get("constraints", {}):
                assert ", ".join(field["constraints"]["enum"]) in rec["constraints"]
    assert "provenance" in records[0]
    stakes_holder = by_key[("stakes", "holder_id")] if ("stakes", "holder_id") in by_key else None
    if stakes_holder is not None:
        assert stakes_holder["refers to"] == "parties.party_id"


def test_fields_sheet_shows_provenance_and_other_extra_properties(tmp_path: Path) -> None:
    root = copy_package(ROOT, tmp_path / "pkg")
    descriptor = read_descriptor(root)
    values = ["key", "stated", "derived", "editorial"]
    n = 0
    for resource in csv_resources(descriptor):
        for field in resource["schema"]["fields"]:
            field["provenance"] = values[n % 4]
            n += 1
    first = csv_resources(descriptor)[0]["schema"]["fields"][0]
    first["example"] = "abc"
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    path = tmp_path / "prov.xlsx"
    write_workbook(root, path)
    records = sheet_records(openpyxl.load_workbook(path)["Fields"])
    assert [rec["provenance"] for rec in records] == [values[i % 4] for i in range(n)]
    assert records[0]["example"] == "abc" and records[1]["example"] is None


def about_texts(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["About"]
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def test_about_sheet_holds_citation_licence_and_row_counts(built: Path) -> None:
    descriptor = read_descriptor(ROOT)
    texts = about_texts(built)
    creators = [c["title"] for c in descriptor["contributors"] if "creator" in c.get("roles", [])]
    licence = descriptor["licenses"][0]
    sentence = (
        f"{'; '.join(creators)} ({descriptor['created'][:4]}). {descriptor['title'].rstrip('.')}. "
        f"Version {descriptor['version']} [Data set]. Licensed {licence['name']}."
    )
    if descriptor.get("homepage"):
        sentence += f" {descriptor['homepage']}"
    assert sentence in texts
    for key in ("title", "version", "description"):
        assert descriptor[key] in texts
    for key in ("name", "title", "path"):
        assert licence[key] in texts
    sheet = openpyxl.load_workbook(built)["About"]
    counts = {row[0]: row[2] for row in sheet.iter_rows(values_only=True) if isinstance(row[2], int) and not isinstance(row[2], bool)}
    for resource in csv_resources(descriptor):
        assert counts[resource["name"]] == len(csv_table(ROOT, resource)[1])
    assert any("EDTF" in t for t in texts) and any("one sheet per table" in t.lower() for t in texts)


def test_about_citation_is_the_projects_citation(built: Path) -> None:
    assert citation_text(read_descriptor(ROOT)) in about_texts(built)
