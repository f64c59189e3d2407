"""Every table of the package in one spreadsheet workbook (.xlsx): an About sheet, one sheet per table, a Fields sheet.

Spreadsheet users open this rather than the CSVs, whose default import garbles UTF-8 and turns ids and dates into numbers.
Text stays text: every string is written with write_string (and XlsxWriter's strings_to_* conversions are off), so an id,
an EDTF date such as 2017-09? or a value starting with = is a text cell, never a number, a date or a formula. Table Schema
dates are real dates. Byte-identical for the same package: in memory, XlsxWriter gives every zip member the same
timestamp, and the document's created time is the package's `created`.
"""

import math
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from scripts.model.problems import BuildError, Problem
from scripts.model.schema import Row, Tables
from scripts.package.citation import citation_text, creators
from scripts.package.dictionary import constraints_text, references
from scripts.package.reader import csv_resources

MIN_WIDTH, MAX_WIDTH, FILTER_BUTTON = 6, 60, 3  # column widths in characters; room for the filter drop-down in a header
ABOUT_WIDTHS = (16, 100)  # the About sheet's label and text columns
FIELDS_COLUMNS = ["table", "field", "type", "required", "constraints", "primary key", "refers to", "description", "provenance", "kind"]
MAX_ROWS = 1_048_576  # of a sheet, its header included


def _shown(value: Any) -> str:
    """How a cell shows a value (for column widths)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return f"{value:.15G}" if isinstance(value, (int, float)) else str(value)


def _width(header: str, values: list[Any]) -> int:
    """Deterministic width: the longest line a cell shows or the header with the filter button, within MIN_WIDTH and MAX_WIDTH."""
    widest = max((len(line) for value in values if value is not None for line in _shown(value).split("\n")), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, max(len(header) + FILTER_BUTTON, widest) + 1))


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column this wide: its row's height, which not every program fits itself."""
    usable = max(1, int(width) - 1)
    return sum(max(1, math.ceil(len(line) / usable)) for line in text.split("\n"))


class _Formats:
    """The cell formats, made once (their order fixes styles.xml)."""

    def __init__(self, book: Any) -> None:
        self.bold = book.add_format({"bold": True})
        self.bold_wrap = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.text = book.add_format({"num_format": "@"})
        self.wrap = book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
        self.top = book.add_format({"valign": "top"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.link = book.add_format({"num_format": "@", "font_color": "blue", "underline": 1, "valign": "top"})


def _table_sheet(book: Any, f: _Formats, resource: dict[str, Any], rows: list[Row]) -> list[Problem]:
    """One table: header frozen and filtered, strings as text, dates as dates; the cells XlsxWriter could not write whole."""
    sheet, fields, problems = book.add_worksheet(resource["name"]), resource["schema"]["fields"], []
    if len(rows) >= MAX_ROWS:
        return [
            Problem(resource["path"], None, None, f"{len(rows)} rows: more than a workbook sheet holds ({MAX_ROWS - 1} below its header)")
        ]
    for col, field in enumerate(fields):
        name, kind = field["name"], field["type"]
        values = [row[name] for row in rows]
        sheet.set_column(col, col, _width(name, values), f.date if kind == "date" else f.text if kind == "string" else None)
        sheet.write_string(0, col, name, f.bold)
        for r, value in enumerate(values, start=1):
            if value is None:
                continue
            if kind == "string":
                if sheet.write_string(r, col, value, f.text) == -2:  # XlsxWriter would have cut it at Excel's limit
                    record = ".".join(str(rows[r - 1][k]) for k in resource["schema"]["primaryKey"])
                    problems.append(
                        Problem(resource["path"], record, name, "longer than Excel's 32,767 characters: no workbook cell holds it")
                    )
            elif kind == "date":
                sheet.write_datetime(r, col, date.fromisoformat(value), f.date)
            else:
                sheet.write(r, col, value)  # a boolean or a number, written as its Python type
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(fields) - 1)
    sheet.ignore_errors({"number_stored_as_text": f"A1:{xl_rowcol_to_cell(len(rows), len(fields) - 1)}"})
    sheet.repeat_rows(0)
    sheet.set_landscape()
    return problems


def _fields_sheet(book: Any, f: _Formats, resources: list[dict[str, Any]]) -> None:
    """The data dictionary: every field of every table, with its type, constraints, description and provenance."""
    lines = []
    for resource in resources:
        key, refs = resource["schema"]["primaryKey"], references(resource)
        for field in resource["schema"]["fields"]:
            lines.append(
                {
                    "table": resource["name"],
                    "field": field["name"],
                    "type": field["type"],
                    "required": bool(field.get("constraints", {}).get("required", False)),
                    "constraints": constraints_text(field, code=str) or None,
                    "primary key": field["name"] in key,
                    "refers to": ".".join(refs[field["name"]]) if field["name"] in refs else None,
                    "description": field["description"],
                    "provenance": field["provenance"],
                    "kind": field.get("kind"),
                }
            )
    sheet = book.add_worksheet("Fields")
    heights = [1] * len(lines)
    for col, column in enumerate(FIELDS_COLUMNS):
        width = _width(column, [line[column] for line in lines])
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, column, f.bold)
        for r, line in enumerate(lines, start=1):
            value = line[column]
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value, f.top)
            elif value is not None:
                sheet.write_string(r, col, value, f.wrap)
                heights[r - 1] = max(heights[r - 1], _lines(value, width))
    for r, needed in enumerate(heights, start=1):
        if needed > 1:
            sheet.set_row(r, 15.0 * needed)  # points: Excel's default row is 15 for its 11-point font
    sheet.freeze_panes(1, 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.autofilter(0, 0, len(lines), len(FIELDS_COLUMNS) - 1)
    sheet.repeat_rows(0)


def _about_sheet(book: Any, f: _Formats, descriptor: dict[str, Any], resources: list[dict[str, Any]], tables: Tables) -> None:
    """What the package is, how to cite it, its tables with their row counts, and how to read the workbook."""
    sheet = book.add_worksheet("About")
    sheet.set_column(0, 0, ABOUT_WIDTHS[0])
    sheet.set_column(1, 1, ABOUT_WIDTHS[1])
    sheet.set_column(2, 3, 8)
    sheet.fit_to_pages(1, 0)
    row = 0

    def text(value: str) -> None:  # a wrapped text in column B, its row as high as the text needs
        sheet.write_string(row, 1, value, f.wrap)
        if (needed := _lines(value, ABOUT_WIDTHS[1])) > 1:
            sheet.set_row(row, 15.0 * needed)

    def pair(label: str, value: str, url: str | None = None) -> None:
        nonlocal row
        sheet.write_string(row, 0, label, f.bold_wrap)
        if url:
            sheet.write_url(row, 1, url, f.link, string=value)
        else:
            text(value)
        row += 1

    def heading(title: str, size: int) -> None:
        nonlocal row
        sheet.write_string(row, 0, title, book.add_format({"bold": True, "font_size": size}))
        row += 1

    heading(descriptor["title"], 14)
    row += 1
    for key in ("title", "name", "version", "created", "description"):
        pair(key.capitalize(), descriptor[key])
    for lic in descriptor["licenses"]:
        pair("Licence name", lic["name"])
        pair("Licence title", lic["title"])
        pair("Licence URL", lic["path"], url=lic["path"])
    pair("Creators", "; ".join(creators(descriptor)))
    pair("Keywords", "; ".join(descriptor["keywords"]))
    pair("Citation", citation_text(descriptor))
    row += 1
    heading("Tables", 12)
    for col, head in enumerate(["table (sheet)", "what a row is", "rows", "fields"]):
        sheet.write_string(row, col, head, f.bold)
    row += 1
    for resource in resources:
        sheet.write_url(row, 0, f"internal:'{resource['name']}'!A1", f.link, string=resource["name"])
        text(resource["description"])
        sheet.write_number(row, 2, len(tables[resource["name"]]), f.top)
        sheet.write_number(row, 3, len(resource["schema"]["fields"]), f.top)
        row += 1
    row += 1
    heading("How to read this workbook", 12)
    for note in _reading_notes(resources):
        text(note)
        row += 1


def _reading_notes(resources: list[dict[str, Any]]) -> list[str]:
    """The About sheet's guide, with the first foreign key between two tables as its example of a link."""
    own, fk = next(
        (r["name"], fk) for r in resources for fk in r["schema"].get("foreignKeys", []) if fk["reference"]["resource"] != r["name"]
    )
    ref = fk["reference"]
    example = f" For example, {own}.{fk['fields'][0]} holds a {ref['fields'][0]} of the {ref['resource']} sheet."
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


def write_workbook(descriptor: dict[str, Any], target: Path, tables: Tables) -> None:
    """Write the package's tables (as read back from its CSVs) as one .xlsx at target; BuildError names every cell that a
    sheet cannot hold whole, and nothing is written then."""
    resources = csv_resources(descriptor)
    book = xlsxwriter.Workbook(
        target, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties(
        {
            "title": descriptor["title"],
            "author": "; ".join(creators(descriptor)),
            "keywords": ", ".join(descriptor["keywords"]),
            "comments": citation_text(descriptor),
            "created": datetime.fromisoformat(descriptor["created"]).astimezone(UTC).replace(tzinfo=None),  # XlsxWriter adds the Z
        }
    )
    formats = _Formats(book)
    _about_sheet(book, formats, descriptor, resources, tables)
    problems = [p for r in resources for p in _table_sheet(book, formats, r, tables[r["name"]])]
    if problems:
        raise BuildError(problems)
    _fields_sheet(book, formats, resources)
    book.close()
