"""The whole published package as one spreadsheet workbook (.xlsx), for spreadsheet users.

Reads only the published package at `root`: datapackage.json and the CSV resources it lists, typed by
the package's own Table Schema (the Parquet resources hold the same rows and are skipped). Writes one
.xlsx with a sheet "About" (title, version, description, licence, citation, rows per table, how to
read the workbook), one sheet per table and a sheet "Fields" (the data dictionary).

Guarantees:
- Text stays text: every string value (ids, codes, EDTF dates such as `1999` or `2018-03?/2018-09-11`,
  text starting with `=`, `+`, `-` or `@`) is written with `write_string`, never `write()`, so it is a
  shared-string cell: never a number, a date or a formula.
- Integers and numbers are numbers, booleans are booleans, Table Schema `date` fields are real dates
  shown as yyyy-mm-dd (text when Excel's calendar cannot hold them: before 1900-03-01 or after
  9999-12-31), a missing value is an empty cell.
- Byte-reproducible: the document's created/modified timestamps are the package's `created`, the zip
  members' timestamps are XlsxWriter's fixed 1980-01-01 (in-memory mode), nothing reads the clock.

The build writes it into the staged package and lists it in datapackage.json as a file resource.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from scripts.model.schema import Row, Tables
from scripts.package.citation import citation_text, creators
from scripts.package.dictionary import constraints_text as _constraints
from scripts.package.reader import csv_resources, read_tables

ABOUT_SHEET = "About"
FIELDS_SHEET = "Fields"
MAX_WIDTH = 60  # column width cap, in characters
ABOUT_LABEL_WIDTH = 16
ABOUT_TEXT_WIDTH = 100
MIN_WIDTH = 6
FILTER_BUTTON = 3  # room for the autofilter drop-down in a header cell
MAX_SHEET_NAME = 31
MAX_CELL_TEXT = 32767  # Excel's limit for a cell's text, in UTF-16 code units
MAX_ROWS = 1_048_576
MAX_COLS = 16_384
FIRST_EXCEL_DATE = date(1900, 3, 1)  # Excel and LibreOffice disagree on serials before this day (1900 leap bug)
FALLBACK_CREATED = datetime(1980, 1, 1, tzinfo=UTC)  # when the descriptor has no usable `created`
DATE_FORMAT = "yyyy-mm-dd"
KNOWN_FIELD_KEYS = ("name", "type", "format", "title", "description", "constraints", "provenance")
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _rows(resource: dict[str, Any], table: list[Row]) -> list[list[Any]]:
    """A table's rows as typed lists in field order; Table Schema dates as dates."""
    fields = resource["schema"]["fields"]
    return [
        [date.fromisoformat(row[f["name"]]) if f["type"] == "date" and row[f["name"]] is not None else row[f["name"]] for f in fields]
        for row in table
    ]


def created_timestamp(descriptor: dict[str, Any]) -> datetime:
    """The package's `created` as an aware UTC datetime: the workbook's created/modified time."""
    text = str(descriptor.get("created", ""))
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return FALLBACK_CREATED
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC)


def _plain(value: Any) -> str:
    """A descriptor value as text: strings as they are, anything else as compact JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _references(resource: dict[str, Any]) -> dict[str, str]:
    """field name -> 'table.field' it refers to, from the schema's foreign keys."""
    out: dict[str, str] = {}
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        fields = fk.get("fields", [])
        fields = [fields] if isinstance(fields, str) else fields
        ref = fk.get("reference", {})
        target = ref.get("resource") or resource.get("name", "")
        ref_fields = ref.get("fields", [])
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        for own, other in zip(fields, ref_fields, strict=True):
            label = f"{target}.{other}"
            out[own] = f"{out[own]}; {label}" if own in out else label
    return out


def _primary_key(resource: dict[str, Any]) -> list[str]:
    key = resource.get("schema", {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


# ---------------------------------------------------------------------------------------------------
# Layout helpers
# ---------------------------------------------------------------------------------------------------


def sheet_names(resource_names: list[str]) -> list[str]:
    """A valid, unique (case-insensitively) Excel sheet name per table, the fixed sheets reserved."""
    taken = {ABOUT_SHEET.lower(), FIELDS_SHEET.lower(), "history"}  # Excel reserves "History"
    out = []
    for name in resource_names:
        base = INVALID_SHEET_CHARS.sub("_", name).strip("'") or "table"
        candidate, n = _utf16_cut(base, MAX_SHEET_NAME), 1
        while candidate.lower() in taken:
            n += 1
            suffix = f"~{n}"
            candidate = _utf16_cut(base, MAX_SHEET_NAME - len(suffix)) + suffix
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _utf16_cut(text: str, limit: int) -> str:
    while len(text.encode("utf-16-le")) // 2 > limit:
        text = text[:-1]
    return text


def display_width(text: str) -> int:
    """Width of a text in characters, East Asian wide characters counted twice; longest line counts."""
    if text.isascii():  # the common case, without a lookup per character (the build at 1000x has millions of cells)
        return max(map(len, text.split("\n"))) if "\n" in text else len(text)
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n")), default=0)


def _shown(value: Any) -> str:
    """How a cell shows a value (for column widths)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return f"{value:.15G}"
    return str(value)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide (a deterministic estimate)."""
    usable = max(1, int(width) - 1)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def row_height(lines: int) -> float:
    """Points for a row of `lines` lines of the default 11-point font (Excel's default row is 15 points)."""
    return 15.0 * max(1, lines)


def column_width(header: str, values: list[Any], filter_button: bool = True) -> int:
    """Deterministic width: the longest shown value or the header (with room for the filter button), capped."""
    widest = display_width(header) + (FILTER_BUTTON if filter_button else 0)
    for value in values:
        if widest >= MAX_WIDTH:  # capped: no value can change the width any more
            break
        if value is not None:
            widest = max(widest, display_width(value if isinstance(value, str) else _shown(value)))
    return max(MIN_WIDTH, min(MAX_WIDTH, widest + 1))


class _Writer:
    """Writes typed values as typed cells; strings only ever through write_string."""

    def __init__(self, book: Any) -> None:
        self.bold = book.add_format({"bold": True})
        self.bold_wrap = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.text = book.add_format({"num_format": "@"})
        self.wrap = book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
        self.top = book.add_format({"valign": "top"})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.link = book.add_format({"num_format": "@", "font_color": "blue", "underline": 1, "valign": "top"})

    def string(self, sheet: Any, row: int, col: int, text: str, fmt: Any = None) -> None:
        if len(text) * 2 > MAX_CELL_TEXT and len(text.encode("utf-16-le")) // 2 > MAX_CELL_TEXT:  # a code point is 1-2 units
            raise ValueError(f"{sheet.name}!{xl_rowcol_to_cell(row, col)}: text longer than Excel's {MAX_CELL_TEXT} characters")
        if sheet.write_string(row, col, text, fmt or self.text) != 0:
            raise ValueError(f"{sheet.name}!{xl_rowcol_to_cell(row, col)}: could not write {text[:40]!r}")

    def value(self, sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        """One typed value: None leaves the cell empty."""
        if isinstance(value, str):  # first: text is the bulk of the cells
            self.string(sheet, row, col, value, fmt)
        elif value is None:
            return
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                self.string(sheet, row, col, {math.inf: "INF", -math.inf: "-INF"}.get(value, "NaN"), fmt)
            else:
                sheet.write_number(row, col, value, fmt)
        elif isinstance(value, date) and not isinstance(value, datetime):
            if value >= FIRST_EXCEL_DATE:
                sheet.write_datetime(row, col, value, self.date)
            else:
                self.string(sheet, row, col, value.isoformat(), fmt)
        else:
            self.string(sheet, row, col, str(value), fmt)


# ---------------------------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------------------------


def _table_sheet(book: Any, w: _Writer, name: str, resource: dict[str, Any], rows: list[list[Any]]) -> None:
    fields = resource.get("schema", {}).get("fields", [])
    if len(rows) + 1 > MAX_ROWS or len(fields) > MAX_COLS:
        raise ValueError(f"table {resource.get('name')!r} is larger than a worksheet can hold")
    sheet = book.add_worksheet(name)
    for col, field in enumerate(fields):
        kind = field.get("type", "string")
        column_format = w.date if kind == "date" else (None if kind in ("integer", "number", "boolean") else w.text)
        values = [row[col] for row in rows]
        sheet.set_column(col, col, column_width(field["name"], values), column_format)
        w.string(sheet, 0, col, field["name"], w.bold)
        for r, value in enumerate(values, start=1):
            w.value(sheet, r, col, value)
    sheet.freeze_panes(1, 0)
    if fields:
        sheet.autofilter(0, 0, len(rows), len(fields) - 1)
        sheet.ignore_errors({"number_stored_as_text": f"A1:{xl_rowcol_to_cell(len(rows), len(fields) - 1)}"})
    sheet.repeat_rows(0)
    sheet.set_landscape()


def _fields_sheet(book: Any, w: _Writer, resources: list[dict[str, Any]]) -> None:
    extra: list[str] = []  # field properties beyond the known ones, in order of first appearance
    optional = {"title": False, "format": False}
    for resource in resources:
        for field in resource.get("schema", {}).get("fields", []):
            for key in field:
                if key in optional:
                    optional[key] = True
                elif key not in KNOWN_FIELD_KEYS and key not in extra:
                    extra.append(key)
    columns = ["table", "field", "type"]
    columns += ["format"] if optional["format"] else []
    columns += ["required", "constraints", "primary key", "refers to"]
    columns += ["title"] if optional["title"] else []
    columns += ["description", "provenance", *extra]

    lines: list[dict[str, Any]] = []
    for resource in resources:
        key, refs = _primary_key(resource), _references(resource)
        for field in resource.get("schema", {}).get("fields", []):
            line = {
                "table": resource.get("name", ""),
                "field": field["name"],
                "type": field.get("type", "string"),
                "format": field.get("format"),
                "required": bool(field.get("constraints", {}).get("required", False)),
                "constraints": _constraints(field, code=str) or None,
                "primary key": field["name"] in key,
                "refers to": refs.get(field["name"]),
                "title": field.get("title"),
                "description": field.get("description"),
                "provenance": field.get("provenance"),
            }
            for name in extra:
                line[name] = field.get(name)
            lines.append(line)

    sheet = book.add_worksheet(FIELDS_SHEET)
    heights = [1] * len(lines)
    for col, column in enumerate(columns):
        shown = [None if line[column] is None or isinstance(line[column], bool) else _plain(line[column]) for line in lines]
        width = column_width(column, shown)
        sheet.set_column(col, col, width)
        w.string(sheet, 0, col, column, w.bold)
        for r, line in enumerate(lines, start=1):
            value = line[column]
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value, w.top)
            elif value is not None:
                w.string(sheet, r, col, _plain(value), w.wrap)
                heights[r - 1] = max(heights[r - 1], wrapped_lines(_plain(value), width))
    for r, lines_needed in enumerate(heights, start=1):
        if lines_needed > 1:  # wrapped text: the height is set, as not every program fits rows on opening
            sheet.set_row(r, row_height(lines_needed))
    sheet.freeze_panes(1, 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.autofilter(0, 0, len(lines), len(columns) - 1)
    sheet.repeat_rows(0)


def _about_sheet(book: Any, w: _Writer, descriptor: dict[str, Any], tables: list[tuple[str, dict[str, Any], int]]) -> None:
    sheet = book.add_worksheet(ABOUT_SHEET)
    sheet.set_column(0, 0, ABOUT_LABEL_WIDTH)
    sheet.set_column(1, 1, ABOUT_TEXT_WIDTH)
    sheet.set_column(2, 3, 8)
    sheet.fit_to_pages(1, 0)
    row = 0

    def text(value: str) -> None:  # a wrapped text in column B, its row as high as the text needs
        w.string(sheet, row, 1, value, w.wrap)
        if wrapped_lines(value, ABOUT_TEXT_WIDTH) > 1:
            sheet.set_row(row, row_height(wrapped_lines(value, ABOUT_TEXT_WIDTH)))

    def pair(label: str, value: str, url: str | None = None) -> None:
        nonlocal row
        w.string(sheet, row, 0, label, w.bold_wrap)
        if url:
            sheet.write_url(row, 1, url, w.link, string=value)
        else:
            text(value)
        row += 1

    w.string(sheet, row, 0, str(descriptor.get("title", descriptor.get("name", ""))), book.add_format({"bold": True, "font_size": 14}))
    row += 2
    pair("Title", str(descriptor.get("title", "")))
    pair("Name", str(descriptor.get("name", "")))
    pair("Version", str(descriptor.get("version", "")))
    pair("Created", str(descriptor.get("created", "")))
    pair("Description", str(descriptor.get("description", "")))
    for lic in descriptor.get("licenses", []):
        pair("Licence name", str(lic.get("name", "")))
        pair("Licence title", str(lic.get("title", "")))
        if lic.get("path"):
            path = str(lic["path"])
            pair("Licence URL", path, url=path if re.match(r"^https?://\S+$", path) and len(path) <= 2079 else None)
    pair("Creators", "; ".join(creators(descriptor)))
    if descriptor.get("homepage"):
        pair("Homepage", str(descriptor["homepage"]))
    if descriptor.get("keywords"):
        pair("Keywords", "; ".join(map(str, descriptor["keywords"])))
    pair("Citation", citation_text(descriptor))
    row += 1

    w.string(sheet, row, 0, "Tables", book.add_format({"bold": True, "font_size": 12}))
    row += 1
    for col, head in enumerate(["table (sheet)", "what a row is", "rows", "fields"]):
        w.string(sheet, row, col, head, w.bold)
    row += 1
    for sheet_name, resource, count in tables:
        quoted = sheet_name.replace("'", "''")
        sheet.write_url(row, 0, f"internal:'{quoted}'!A1", w.link, string=sheet_name)
        text(str(resource.get("description") or resource.get("title") or ""))
        sheet.write_number(row, 2, count, w.top)
        sheet.write_number(row, 3, len(resource.get("schema", {}).get("fields", [])), w.top)
        row += 1
    row += 1

    w.string(sheet, row, 0, "How to read this workbook", book.add_format({"bold": True, "font_size": 12}))
    row += 1
    for note in _reading_notes(descriptor):
        text(note)
        row += 1


def _reading_notes(descriptor: dict[str, Any]) -> list[str]:
    example = ""
    for resource in csv_resources(descriptor):
        outward = [(own, t) for own, t in _references(resource).items() if not t.startswith(f"{resource.get('name')}.") and ";" not in t]
        if outward:
            own, target = outward[0]
            table, _, field = target.partition(".")
            example = f" For example, {resource.get('name')}.{own} holds a {field} of the {table} sheet."
            break
    return [
        "One sheet per table, named after the table; the sheet 'Fields' describes every column of every table "
        "(type, whether required, constraints, description). The CSV files and datapackage.json of the package are "
        "the reference: this workbook is generated from them and holds the same rows and values.",
        "Row 1 of each table sheet holds the field names; it stays in view when scrolling and carries a filter.",
        "Ids link the tables: a column whose 'refers to' in the Fields sheet names another table's field holds that "
        "table's id." + example + " Look rows up with XLOOKUP, VLOOKUP or INDEX/MATCH on these ids.",
        "Text is kept as text: ids, codes and every string are text cells, never numbers, dates or formulas, even "
        "when they look like one (e.g. a value starting with =, + or -). Dates in EDTF, such as 1999, 2018-09-11, "
        "2017-09? or 2018-03?/2018-09-11, are text and sort as text.",
        "Columns of type date (whole days in the CSV) are real spreadsheet dates shown as yyyy-mm-dd, so they sort, "
        "filter and compute as dates. Integers and numbers are numbers; booleans are TRUE/FALSE.",
        "An empty cell is a missing value (an empty cell in the CSV).",
    ]


# ---------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------


def write_workbook(root: Path, descriptor: dict[str, Any], target: Path, tables: Tables | None = None) -> None:
    """Write the package at `root` (the tables its descriptor lists, as CSV, or those given already read) as one .xlsx
    at `target`."""
    resources = csv_resources(descriptor)
    names = sheet_names([str(r.get("name", "")) for r in resources])
    tables = tables if tables is not None else read_tables(root, descriptor)  # all read before anything is written
    data = [_rows(r, tables[r["name"]]) for r in resources]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,  # zip members get XlsxWriter's fixed 1980-01-01 timestamp
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    stamp = created_timestamp(descriptor)
    book.set_properties(
        {
            "title": str(descriptor.get("title", "")),
            "author": "; ".join(creators(descriptor)),
            "keywords": ", ".join(map(str, descriptor.get("keywords", []))),
            "comments": citation_text(descriptor),
            "created": stamp.replace(tzinfo=None),  # XlsxWriter writes it as given, with a Z
        }
    )
    w = _Writer(book)
    _about_sheet(book, w, descriptor, [(n, r, len(rows)) for n, r, rows in zip(names, resources, data, strict=True)])
    for name, resource, rows in zip(names, resources, data, strict=True):
        _table_sheet(book, w, name, resource, rows)
    _fields_sheet(book, w, resources)
    book.close()
    target.write_bytes(buffer.getvalue())
