"""The build's column-wise validator: the real package, differential tests against frictionless 5.21
(each mutation must be reported by both, at the same resource, row and field), CSV = Parquet, patterns.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from scripts.package import validate as colcheck
from tests.conftest import ROOT as PACKAGE

# ---------------------------------------------------------------------------------------------------
# Helpers: a copy of the package, mutations, both validators


def copy_package(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACKAGE / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(PACKAGE / "data", dest / "data")
    return dest


def load(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def save(root: Path, descriptor: dict) -> None:
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def resource_of(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def rehash(root: Path) -> None:
    """Declared bytes and hashes recomputed, so that a mutation tests only the error it means to make."""
    descriptor = load(root)
    for res in descriptor["resources"]:
        data = (root / res["path"]).read_bytes()
        if "bytes" in res:
            res["bytes"] = len(data)
        if "hash" in res:
            res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    save(root, descriptor)


def read_rows(root: Path, table: str) -> list[list[str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(root: Path, table: str, rows: list[list[str]]) -> None:
    with (root / "data" / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(table: str, row: int, field: str, value: str) -> Callable[[Path], None]:
    """Mutation: the CSV cell at frictionless row number `row` (header = 1) of `field` becomes `value`."""

    def mutate(root: Path) -> None:
        rows = read_rows(root, table)
        rows[row - 1][rows[0].index(field)] = value
        write_rows(root, table, rows)

    return mutate


def edit_rows(table: str, edit: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        write_rows(root, table, edit(read_rows(root, table)))

    return mutate


def edit_text(table: str, edit: Callable[[str], str]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / "data" / f"{table}.csv"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")

    return mutate


def edit_parquet(table: str, edit: Callable[[pa.Table], pa.Table]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / "data" / f"{table}.parquet"
        pq.write_table(edit(pq.read_table(path)), path, compression="zstd")

    return mutate


def replace_column(name: str, make: Callable[[pa.ChunkedArray], pa.Array]) -> Callable[[pa.Table], pa.Table]:
    def edit(table: pa.Table) -> pa.Table:
        column = make(table.column(name))
        return table.set_column(table.column_names.index(name), pa.field(name, column.type), column)

    return edit


def set_value(name: str, index: int, value: object) -> Callable[[pa.Table], pa.Table]:
    """A Parquet cell (0-based data index) set to value, keeping the column's type."""

    def make(column: pa.ChunkedArray) -> pa.Array:
        values = column.to_pylist()
        values[index] = value
        return pa.array(values, column.type)

    return replace_column(name, make)


def edit_descriptor(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        descriptor = load(root)
        edit(descriptor)
        save(root, descriptor)

    return mutate


@dataclass(frozen=True)
class Found:
    resource: str
    row: int | None
    field: str | None
    kind: str
    message: str


def frictionless_errors(root: Path) -> list[Found]:
    from frictionless import Package

    report = Package(str(root / "datapackage.json")).validate()
    found = []
    for task in report.tasks:
        for error in task.errors:
            names = getattr(error, "field_names", None)
            field = ", ".join(names) if names else (getattr(error, "field_name", None) or None)
            found.append(Found(task.name, getattr(error, "row_number", None), field, error.type, error.message))
    for error in report.errors:
        found.append(Found("<package>", None, None, error.type, error.message))
    return found


def colcheck_issues(root: Path) -> list[colcheck.Issue]:
    return colcheck.check_package(root, load(root))


def covers(issues: list[colcheck.Issue], error: Found) -> bool:
    """colcheck reports the frictionless error: same resource and row (or a count of further rows of the same kind)."""
    for issue in issues:
        if issue.resource != error.resource:
            continue
        if issue.row == error.row:
            return True
        if issue.row is None and error.row is not None and "more rows" in issue.message and issue.kind == error.kind:
            return True
    return False


# ---------------------------------------------------------------------------------------------------
# 1. The real package


def test_real_package_is_valid_for_both() -> None:
    assert colcheck.check_package(PACKAGE, load(PACKAGE)) == []
    assert frictionless_errors(PACKAGE) == []


# ---------------------------------------------------------------------------------------------------
# 2. Differential tests


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], None] | list[Callable[[Path], None]]
    resource: str | None  # where the intended error is; None: both must find nothing
    row: int | None
    field: str | None
    kind: str  # the frictionless error type expected (and colcheck's kind)
    frictionless: bool = True  # False: frictionless 5.21 accepts it and colcheck is deliberately stricter
    rehash: bool = True


def _constrain(resource: str, field: str, **constraints: object) -> Callable[[Path], None]:
    def edit(descriptor: dict) -> None:
        target = next(f for f in resource_of(descriptor, resource)["schema"]["fields"] if f["name"] == field)
        target.setdefault("constraints", {}).update(constraints)

    return edit_descriptor(edit)


def _swap_columns(a: str, b: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        i, j = rows[0].index(a), rows[0].index(b)
        for row in rows:
            row[i], row[j] = row[j], row[i]
        return rows

    return edit


def _add_composite_fk(descriptor: dict) -> None:
    """A resource `pairs` (event_id, party_id) and a composite foreign key event_parties -> pairs."""
    event_parties = resource_of(descriptor, "event_parties")
    fields = [f for f in event_parties["schema"]["fields"] if f["name"] in ("event_id", "party_id")]
    descriptor["resources"].append(
        {
            "name": "pairs",
            "type": "table",
            "path": "data/pairs.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "missingValues": [""], "primaryKey": ["event_id", "party_id"]},
        }
    )
    event_parties["schema"]["foreignKeys"].append(
        {"fields": ["event_id", "party_id"], "reference": {"resource": "pairs", "fields": ["event_id", "party_id"]}}
    )


def _write_pairs(drop: tuple[str, str] | None) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        rows = read_rows(root, "event_parties")
        pairs = sorted({(r[0], r[1]) for r in rows[1:]} - {drop})
        write_rows(root, "pairs", [["event_id", "party_id"], *[list(p) for p in pairs]])

    return mutate


def _drop_event_party_row(rows: list[list[str]]) -> tuple[str, str]:
    return rows[5][0], rows[5][1]  # frictionless row 6 of event_parties


assert (PACKAGE / "datapackage.json").is_file(), "build the package first: cd repo && ../.venv/bin/python -m scripts.build"
EP_ROWS = read_rows(PACKAGE, "event_parties")
PARTY_ROWS = read_rows(PACKAGE, "parties")
CITATION_ROWS = read_rows(PACKAGE, "citations")
QUOTE_COUNT = len(read_rows(PACKAGE, "quotes")) - 1
EVENT_ROWS = read_rows(PACKAGE, "events")
STAKE_ROWS = read_rows(PACKAGE, "stakes")
FIRST_1990S_EVENT = next(i + 1 for i, r in enumerate(EVENT_ROWS) if i and r[EVENT_ROWS[0].index("date_end")] < "2000-01-01")
FIRST_NULL_SHARE = next(i + 1 for i, r in enumerate(STAKE_ROWS) if i and r[STAKE_ROWS[0].index("share_exact")] == "")
COMPOSITE_DROP = _drop_event_party_row(EP_ROWS)
COMPOSITE_ROWS = [i + 1 for i, r in enumerate(EP_ROWS) if i and (r[0], r[1]) == COMPOSITE_DROP]

CASES = [
    # wrong types in CSV
    Case("integer-text", set_cell("citations", 5, "start", "abc"), "citations", 5, "start", "type-error"),
    Case("integer-48.0", set_cell("sources", 3, "bytes", "48.0"), "sources", 3, "bytes", "type-error"),
    Case("number-abc", set_cell("stakes", 2, "share_exact", "abc"), "stakes", 2, "share_exact", "type-error"),
    Case("date-feb-30", set_cell("events", 4, "date_end", "2018-02-30"), "events", 4, "date_end", "type-error"),
    Case("date-not-iso", set_cell("events", 6, "date_end", "11/09/2018"), "events", 6, "date_end", "type-error"),
    Case("boolean-yes", set_cell("sources", 2, "title_supplied", "yes"), "sources", 2, "title_supplied", "type-error"),
    Case("boolean-padded", set_cell("sources", 4, "title_supplied", " true"), "sources", 4, "title_supplied", "type-error"),
    # constraints in CSV
    Case("required-empty", set_cell("parties", 7, "name", ""), "parties", 7, "name", "constraint-error"),
    Case("pattern", set_cell("parties", 3, "country", "Russia"), "parties", 3, "country", "constraint-error"),
    Case("pattern-citation-id", set_cell("citations", 9, "citation_id", "party.x"), "citations", 9, "citation_id", "constraint-error"),
    Case("enum", set_cell("stakes", 3, "status", "rumoured"), "stakes", 3, "status", "constraint-error"),
    Case("below-minimum", set_cell("citations", 6, "start", "-1"), "citations", 6, "start", "constraint-error"),
    Case("above-maximum", set_cell("stakes", 2, "share_exact", "148"), "stakes", 2, "share_exact", "constraint-error"),
    Case("above-maximum-1e3", set_cell("stakes", 4, "share_exact", "1e3"), "stakes", 4, "share_exact", "constraint-error"),
    Case("nan-fails-bounds", set_cell("stakes", 5, "share_exact", "NaN"), "stakes", 5, "share_exact", "constraint-error"),
    Case(
        "above-maximum-by-1e-19",
        set_cell("stakes", 2, "share_exact", "100.0000000000000000001"),
        "stakes",
        2,
        "share_exact",
        "constraint-error",
    ),
    Case(
        "date-minimum",
        _constrain("events", "date_end", minimum="2000-01-01"),
        "events",
        FIRST_1990S_EVENT,
        "date_end",
        "constraint-error",
    ),
    Case(
        "unique-constraint",
        [_constrain("parties", "name", unique=True), set_cell("parties", 6, "name", PARTY_ROWS[4][1])],
        "parties",
        6,
        "name",
        "unique-error",
    ),
    Case(
        "integer-enum-from-strings",
        [_constrain("citations", "line", enum=["1", "2", "3"])],
        "citations",
        2,
        "line",
        "constraint-error",
    ),
    # keys in CSV
    Case(
        "duplicate-primary-key",
        edit_rows("parties", lambda rows: [*rows, rows[4]]),
        "parties",
        len(PARTY_ROWS) + 1,
        "party_id",
        "primary-key",
    ),
    Case(
        "duplicate-composite-primary-key",
        edit_rows("event_parties", lambda rows: [*rows, rows[1]]),
        "event_parties",
        len(EP_ROWS) + 1,
        "event_id, party_id, role",
        "primary-key",
    ),
    Case(
        "null-composite-primary-key",
        [set_cell("party_members", 3, "group_id", ""), set_cell("party_members", 3, "member_id", "")],
        "party_members",
        3,
        "group_id, member_id",
        "primary-key",
    ),
    Case(
        "null-primary-key", set_cell("disagreements", 3, "disagreement_id", ""), "disagreements", 3, "disagreement_id", "constraint-error"
    ),
    Case("foreign-key", set_cell("stakes", 2, "holder_id", "nobody"), "stakes", 2, "holder_id", "foreign-key"),
    Case("foreign-key-self", set_cell("sources", 3, "derived_from", "nowhere"), "sources", 3, "derived_from", "foreign-key"),
    Case(
        "foreign-key-composite",
        [edit_descriptor(_add_composite_fk), _write_pairs(COMPOSITE_DROP)],
        "event_parties",
        COMPOSITE_ROWS[0],
        "event_id, party_id",
        "foreign-key",
    ),
    Case(
        "foreign-key-composite-partly-null",
        [edit_descriptor(_add_composite_fk), _write_pairs(None), set_cell("event_parties", 4, "party_id", "")],
        "event_parties",
        4,
        "event_id, party_id",
        "foreign-key",
    ),
    # structure of CSV
    Case(
        "header-renamed",
        edit_rows("parties", lambda r: [["full_name" if c == "name" else c for c in r[0]], *r[1:]]),
        "parties",
        None,
        "name",
        "incorrect-label",
    ),
    Case(
        "header-reordered",
        edit_rows("quotes", _swap_columns("speaker_label", "quote_kind")),
        "quotes",
        None,
        "speaker_label",
        "incorrect-label",
    ),
    Case("extra-column", edit_rows("disagreements", lambda rows: [[*r, "x"] for r in rows]), "disagreements", None, "x", "extra-label"),
    Case(
        "missing-column", edit_rows("disagreements", lambda rows: [r[:-1] for r in rows]), "disagreements", None, "summary", "missing-label"
    ),
    Case("blank-row", edit_text("parties", lambda t: t.replace("\n", "\n\n", 3).replace("\n\n", "\n", 2)), "parties", 4, None, "blank-row"),
    Case("missing-cell", edit_rows("stakes", lambda rows: [*rows[:3], rows[3][:5], *rows[4:]]), "stakes", 4, None, "missing-cell"),
    Case(
        "short-row-then-type-error",
        [edit_rows("stakes", lambda rows: [*rows[:3], rows[3][:5], *rows[4:]]), set_cell("stakes", 6, "share_exact", "abc")],
        "stakes",
        6,
        "share_exact",
        "type-error",
    ),
    Case(
        "multiline-cell-then-type-error",
        [set_cell("citations", 3, "exact", "two\nlines"), set_cell("citations", 5, "end", "x")],
        "citations",
        5,
        "end",
        "type-error",
    ),
    Case("extra-cell", edit_rows("stakes", lambda rows: [*rows[:2], [*rows[2], "x"], *rows[3:]]), "stakes", 3, None, "extra-cell"),
    # file integrity
    Case(
        "wrong-hash",
        edit_descriptor(lambda d: resource_of(d, "quotes").update(hash="sha256:" + "0" * 64)),
        "quotes",
        None,
        None,
        "hash-count",
        rehash=False,
    ),
    Case(
        "wrong-bytes",
        edit_descriptor(lambda d: resource_of(d, "quotes").update(bytes=12)),
        "quotes",
        None,
        None,
        "byte-count",
        rehash=False,
    ),
    # Parquet
    Case(
        "parquet-double-2.5-for-integer",
        edit_parquet("citations", replace_column("start", lambda c: pa.array([2.5] + [float(x) for x in c.to_pylist()[1:]]))),
        "citations-parquet",
        2,
        "start",
        "type-error",
    ),
    Case(
        "parquet-null-in-required-string",
        edit_parquet("sources", set_value("title", 0, None)),
        "sources-parquet",
        2,
        "title",
        "constraint-error",
    ),
    Case(
        "parquet-empty-string-in-required",
        edit_parquet("parties", set_value("description", 3, "")),
        "parties-parquet",
        5,
        "description",
        "constraint-error",
    ),
    Case(
        "parquet-null-in-required-integer",
        edit_parquet("citations", set_value("end", 2, None)),
        "citations-parquet",
        4,
        "end",
        "type-error",
    ),
    Case(
        "parquet-null-in-required-date",
        edit_parquet("events", set_value("date_end", 1, None)),
        "events-parquet",
        3,
        "date_end",
        "constraint-error",
    ),
    Case("parquet-enum", edit_parquet("stakes", set_value("basis", 2, "guessed")), "stakes-parquet", 4, "basis", "constraint-error"),
    Case("parquet-pattern", edit_parquet("parties", set_value("country", 1, "ru")), "parties-parquet", 3, "country", "constraint-error"),
    Case(
        "parquet-foreign-key", edit_parquet("stakes", set_value("holder_id", 0, "nobody")), "stakes-parquet", 2, "holder_id", "foreign-key"
    ),
    Case("parquet-below-minimum", edit_parquet("citations", set_value("line", 0, 0)), "citations-parquet", 2, "line", "constraint-error"),
    Case(
        "parquet-duplicate-primary-key",
        edit_parquet("quotes", lambda t: pa.concat_tables([t, t.slice(2, 1)])),
        "quotes-parquet",
        QUOTE_COUNT + 2,
        "quote_id",
        "primary-key",
    ),
    Case(
        "parquet-renamed-column",
        edit_parquet("parties", lambda t: t.rename_columns(["full_name" if c == "name" else c for c in t.column_names])),
        "parties-parquet",
        None,
        "name",
        "incorrect-label",
    ),
    Case(
        "parquet-bytes-declared",
        edit_descriptor(lambda d: resource_of(d, "quotes-parquet").update(bytes=(PACKAGE / "data/quotes.parquet").stat().st_size)),
        "quotes-parquet",
        None,
        None,
        "byte-count",
        rehash=False,
    ),
    Case(
        # frictionless reads these nulls as NaN (pandas), and NaN fails the bound
        "parquet-null-in-bounded-number",
        _constrain("stakes-parquet", "share_min", minimum=0),
        "stakes-parquet",
        2,
        "share_min",
        "constraint-error",
    ),
    # frictionless 5.21 accepts these; colcheck is deliberately stricter
    Case(
        "parquet-int64-for-number",
        edit_parquet("stakes", replace_column("share_exact", lambda c: pc.cast(c, pa.int64()))),
        "stakes-parquet",
        None,
        "share_exact",
        "type-error",
        frictionless=False,
    ),
    Case(
        "parquet-whole-double-for-integer",
        edit_parquet("citations", replace_column("start", lambda c: pc.cast(c, pa.float64()))),
        "citations-parquet",
        None,
        "start",
        "type-error",
        frictionless=False,
    ),
    Case(
        "parquet-string-for-date",
        edit_parquet("events", replace_column("date_end", lambda c: pc.cast(c, pa.string()))),
        "events-parquet",
        None,
        "date_end",
        "type-error",
        frictionless=False,
    ),
    Case(
        # frictionless sees these nulls as None, not NaN: pandas' iterrows hands over the np.nan singleton when a row's
        # whole float block is NaN, and frictionless tests `value is np.nan`. colcheck fails every null of a bounded
        # Parquet number.
        "parquet-null-in-bounded-number-seen-as-none",
        _constrain("stakes-parquet", "share_exact", minimum=0),
        "stakes-parquet",
        FIRST_NULL_SHARE,
        "share_exact",
        "constraint-error",
        frictionless=False,
    ),
    Case(
        "pattern-trailing-newline",
        set_cell("parties", 3, "country", "RU\n"),
        "parties",
        3,
        "country",
        "constraint-error",
        frictionless=False,
    ),
    Case(
        "header-label-with-space",
        edit_rows("parties", lambda r: [[" name" if c == "name" else c for c in r[0]], *r[1:]]),
        "parties",
        None,
        "name",
        "incorrect-label",
        frictionless=False,
    ),
    Case(
        "parquet-wrong-hash",
        edit_descriptor(lambda d: resource_of(d, "quotes-parquet").update(hash="sha256:" + "0" * 64)),
        "quotes-parquet",
        None,
        None,
        "hash-count",
        frictionless=False,
        rehash=False,
    ),
    # spellings frictionless accepts: colcheck must accept them too (no false alarm)
    Case("byte-order-mark", edit_text("parties", lambda t: "\ufeff" + t), None, None, None, ""),
    Case(
        "accepted-spellings",
        [
            set_cell("sources", 2, "title_supplied", "True"),
            set_cell("sources", 3, "title_supplied", "1"),
            set_cell("citations", 2, "start", " " + CITATION_ROWS[1][8] + " "),
            set_cell("citations", 3, "end", "+" + CITATION_ROWS[2][9]),
            set_cell("stakes", 2, "share_exact", "4.8e1"),
            set_cell("stakes", 3, "share_exact", " 24.0 "),
            set_cell("sources", 4, "published_end", "2018-9-11"),
        ],
        None,
        None,
        None,
        "",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_differential(case: Case, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    for mutate in case.mutate if isinstance(case.mutate, list) else [case.mutate]:
        mutate(root)
    if case.rehash:
        rehash(root)
    ours = colcheck_issues(root)
    theirs = frictionless_errors(root)
    shown = "\ncolcheck:\n  " + "\n  ".join(map(str, ours)) + "\nfrictionless:\n  " + "\n  ".join(map(str, theirs))
    # colcheck reports everything frictionless reports (same resource, same row)
    missed = [e for e in theirs if not covers(ours, e)]
    assert not missed, f"colcheck missed {missed}" + shown
    if case.resource is None:
        assert ours == [] and theirs == [], shown
        return
    # the intended error, at the intended place, from colcheck ...
    hits = [i for i in ours if i.resource == case.resource and i.row == case.row and i.field == case.field and i.kind == case.kind]
    assert hits, f"colcheck: no {case.kind} at {case.resource} row {case.row} field {case.field}" + shown
    # ... and from frictionless (or, for the stricter cases, nothing at all from frictionless)
    if case.frictionless:
        expected = [
            e
            for e in theirs
            if e.resource == case.resource
            and e.kind == case.kind
            and (case.row is None or e.row == case.row)
            and (case.field is None or e.field is None or e.field == case.field)
        ]
        assert expected, f"frictionless: no {case.kind} at {case.resource} row {case.row} field {case.field}" + shown
    else:
        assert not [e for e in theirs if e.resource == case.resource], shown


def test_enough_differential_cases() -> None:
    assert len([c for c in CASES if c.frictionless and c.resource]) >= 20


# ---------------------------------------------------------------------------------------------------
# 3. same_table


def _pair() -> tuple[pa.Table, pa.Table]:
    schema = resource_of(load(PACKAGE), "stakes")["schema"]
    csv_table, issues = colcheck.read_csv_table(PACKAGE / "data" / "stakes.csv", schema)
    assert issues == [] and csv_table is not None
    return csv_table, pq.read_table(PACKAGE / "data" / "stakes.parquet")


def test_same_table_equal() -> None:
    csv_table, parquet_table = _pair()
    assert colcheck.same_table(csv_table, parquet_table) == []


def test_same_table_value_difference() -> None:
    csv_table, parquet_table = _pair()
    changed = set_value("share_exact", 1, 25.0)(parquet_table)
    diffs = colcheck.same_table(csv_table, changed)
    assert len(diffs) == 1 and "share_exact row 3" in diffs[0] and "24" in diffs[0] and "25" in diffs[0]


def test_same_table_type_difference() -> None:
    csv_table, parquet_table = _pair()
    as_int = replace_column("share_exact", lambda c: pc.cast(c, pa.int64()))(parquet_table)  # 48 vs 48.0
    diffs = colcheck.same_table(csv_table, as_int)
    assert diffs == ["share_exact: type double in CSV, int64 in Parquet"]


def test_same_table_null_difference() -> None:
    csv_table, parquet_table = _pair()
    diffs = colcheck.same_table(csv_table, set_value("share_exact", 0, None)(set_value("share_min", 0, 1.0)(parquet_table)))
    assert diffs == ["share_exact row 2: 48 in CSV, None in Parquet", "share_min row 2: None in CSV, 1 in Parquet"]


def test_same_table_columns_and_rows() -> None:
    csv_table, parquet_table = _pair()
    assert colcheck.same_table(csv_table, parquet_table.drop_columns(["note"]))[0].startswith("columns differ")
    assert (
        colcheck.same_table(csv_table, parquet_table.slice(1))[0]
        == f"{csv_table.num_rows} rows in CSV, {csv_table.num_rows - 1} in Parquet"
    )


def test_check_package_compares_formats(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    edit_parquet("stakes", set_value("share_exact", 0, 47.5))(root)
    rehash(root)
    issues = colcheck_issues(root)
    assert [(i.resource, i.kind) for i in issues] == [("stakes-parquet", "format-mismatch")], issues
    assert frictionless_errors(root) == []  # frictionless does not compare the formats


# ---------------------------------------------------------------------------------------------------
# Patterns: RE2 decides as Python's re.fullmatch, for every pattern of the package


TRICKY = [
    "", "a", "ft", "ft\n", "\nft", "FT", "a-b", "a--b", "-a", "a-", "é", "ab\u00a0cd", "ab\u2003cd", "ab\vcd", "a\x1cb", "a b",
    "https://x.org/a", "https://x.org/\u00a0", "http://", "https:// x", "archive/a.txt", "archive/A.txt", "archive/a.txt\n",
    "0" * 64, "0" * 63, "f" * 64 + "\n", "RU", "R", "RUS", "ru", "USD", "\u0661\u0662", "2018", "2018-09", "2018-09-11", "2018-09-11?",
    "../2018", "2018/..", "2018-03?/2018-09-11", "2018-3", "party.a-b.c.1", "quote.x.y.12", "party.x.y.1a", "stake..x.1",
]  # fmt: skip


def _patterns() -> list[str]:
    found = set()
    for res in (r for r in load(PACKAGE)["resources"] if "schema" in r):
        for field in res["schema"]["fields"]:
            if "pattern" in field.get("constraints", {}):
                found.add(field["constraints"]["pattern"])
    return sorted(found)


@pytest.mark.parametrize("pattern", _patterns())
def test_re2_agrees_with_python(pattern: str) -> None:
    re2 = colcheck._re2_pattern(pattern)
    assert re2 is not None, "every pattern of the package runs vectorised"
    values = list(TRICKY)
    for res in load(PACKAGE)["resources"]:
        if res["format"] == "parquet":
            table = pq.read_table(PACKAGE / res["path"])
            for field in res["schema"]["fields"]:
                if field["type"] == "string":
                    values += [v for v in table.column(field["name"]).to_pylist() if v is not None]
    array = pa.array(values, pa.string())
    by_re2 = pc.match_substring_regex(array, re2).to_pylist()
    by_python = [re.fullmatch(pattern, v) is not None for v in values]
    # RE2 never accepts what Python rejects; where it rejects what Python accepts, Python re-checks the value
    assert not [v for v, a, b in zip(values, by_re2, by_python, strict=True) if a and not b]
    failures = colcheck.pattern_failures(array, pattern).to_pylist()
    assert [not f for f in failures] == by_python


def test_python_whitespace_class_is_complete() -> None:
    """RE2's [PYTHON_WHITESPACE] matches exactly the characters Python's re counts as \\s (str.isspace)."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    matched = pc.match_substring_regex(pa.array(chars), f"^[{colcheck.PYTHON_WHITESPACE}]$").to_pylist()
    assert [c for c, m in zip(chars, matched, strict=True) if m != c.isspace()] == []
    assert [c for c in chars if c.isspace()] == [c for c in chars if re.fullmatch(r"\s", c)]


def test_unsafe_patterns_fall_back_to_python() -> None:
    for pattern in (r"\D+", r"\W", r"\bx", "(?i)ab", r"[^\s]+", "a{,2}", "(?=a)a", r"(a)\1"):
        values = pa.array(["ab", "AB", "12", "\u0661", "a", "aa", "x y", None])
        compiled = re.compile(pattern)
        expected = [v is not None and compiled.fullmatch(v) is None for v in values.to_pylist()]
        assert colcheck.pattern_failures(values, pattern).to_pylist() == expected, pattern


# ---------------------------------------------------------------------------------------------------
# Typing cells as frictionless does


def test_type_strings_matches_frictionless_readers() -> None:
    from frictionless import fields as ffields

    samples = [
        "48", "-0", "007", "+5", " 5", "5 ", "1_000", "\u0664\u0668", "48.0", "48.5", ".5", "5.", "1e3", "1E-2", "-inf", "Infinity",
        "NaN", "nan", "0x10", "abc", "", "99999999999999999999", "true", "True", "TRUE", "1", "0", "false", "FALSE", "yes", "t",
        "2018-02-28", "2018-02-29", "2016-02-29", "2018-02-30", "2018-9-1", "2018-09- 1", " 2018-09-01", "0999-01-01", "0000-01-01",
        "20180901", "2018-09-01T00:00:00", "\u0661\u0669\u0669\u0669-09-01", "2018-13-01",
    ]  # fmt: skip
    readers = {
        "integer": ffields.IntegerField(name="x"),
        "number": ffields.NumberField(name="x"),
        "boolean": ffields.BooleanField(name="x"),
        "date": ffields.DateField(name="x"),
    }
    for ftype, field in readers.items():
        typed, bad = colcheck.type_strings(pa.array(samples), {"name": "x", "type": ftype}, [""])
        for sample, value, failed in zip(samples, typed.to_pylist(), bad.to_pylist(), strict=True):
            if sample == "":
                assert value is None and not failed
                continue
            theirs, notes = field.read_cell(sample)
            if ftype == "integer" and theirs is not None and not colcheck.INT64_MIN <= theirs <= colcheck.INT64_MAX:
                assert failed, (ftype, sample)  # stricter: beyond int64
                continue
            assert failed == bool(notes), (ftype, sample, theirs, value)
            if not failed:
                if ftype == "number":
                    assert value == float(theirs) or (value != value and theirs.is_nan()), (sample, value, theirs)
                else:
                    assert value == theirs, (ftype, sample, value, theirs)


def test_sniffing_a_semicolon_file() -> None:
    data = "a;b;c\n" + "".join(f'x{i};"y;{i}";z\n' for i in range(10))
    issues = colcheck._sniff_sample_issues("t", data)
    assert issues and "delimiter ';'" in issues[0].message


def test_read_csv_table_reports_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\nx,\xff\n")
    table, issues = colcheck.read_csv_table(path, {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "string"}]})
    assert table is None and [i.kind for i in issues] == ["encoding-error"]


def test_multiline_cells_keep_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n"x\ny",1\nz,abc\n', encoding="utf-8")
    schema = {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]}
    table, issues = colcheck.read_csv_table(path, schema)
    assert table is not None and table.column("a").to_pylist() == ["x\ny", "z"]
    assert [(i.row, i.field, i.kind) for i in issues] == [(3, "b", "type-error")]


def test_dates_before_1000_and_leap_days(tmp_path: Path) -> None:
    typed, bad = colcheck.type_strings(pa.array(["0999-12-31", "2000-02-29", "1900-02-29"]), {"name": "d", "type": "date"}, [""])
    assert typed.to_pylist()[:2] == [datetime.date(999, 12, 31), datetime.date(2000, 2, 29)] and bad.to_pylist() == [False, False, True]


def test_issue_str_names_resource_row_field() -> None:
    issue = colcheck.Issue("stakes", 5, "share_exact", "148 is above the maximum 100", "constraint-error")
    assert str(issue) == "stakes row 5 field share_exact: 148 is above the maximum 100 [constraint-error]"


def test_messages_name_the_value(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    set_cell("stakes", 2, "share_exact", "148")(root)
    rehash(root)
    issues = colcheck_issues(root)
    assert colcheck.Issue("stakes", 2, "share_exact", "148 is above the maximum 100", "constraint-error") in issues
    # the Parquet twin still says 48: the comparison of the formats names it too
    assert any(i.resource == "stakes-parquet" and "148 in CSV, 48 in Parquet" in i.message for i in issues)


def test_many_failures_are_counted_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("n\n" + "x\n" * 100, encoding="utf-8")
    _, issues = colcheck.read_csv_table(path, {"fields": [{"name": "n", "type": "integer"}]})
    assert [i.row for i in issues] == [2, 3, 4, 5, 6, None]
    assert "95 more rows" in issues[-1].message


def test_unsupported_features_are_reported() -> None:
    descriptor = {
        "resources": [
            {
                "name": "t",
                "path": "t.csv",
                "dialect": {"delimiter": ";"},
                "schema": {"fields": [{"name": "a", "type": "datetime"}, {"name": "b", "type": "number", "groupChar": ","}]},
            }
        ]
    }
    kinds = [(i.field, i.kind) for i in colcheck._descriptor_issues(descriptor)]
    assert (None, "unsupported") in kinds and ("a", "unsupported") in kinds and ("b", "unsupported") in kinds


def test_io_of_csv_matches_python_csv() -> None:
    """Arrow's parse of every CSV of the package equals Python's csv module's (which frictionless uses)."""
    for path in sorted((PACKAGE / "data").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        table = colcheck._read_csv_arrow(path, rows[0])
        assert table is not None
        assert [list(r.values()) for r in table.to_pylist()] == rows[1:], path.name


def test_check_table_keys_and_constants() -> None:
    schema = {
        "fields": [
            {"name": "k", "type": "number"},
            {"name": "flag", "type": "boolean", "constraints": {"enum": ["true"]}},
            {"name": "day", "type": "date", "constraints": {"maximum": "2018-12-31"}},
        ],
        "primaryKey": ["k"],
    }
    table = pa.table(
        {
            "k": pa.array([0.0, -0.0, 1.0], pa.float64()),
            "flag": pa.array([True, False, None]),
            "day": pa.array([datetime.date(2018, 1, 1), datetime.date(2019, 1, 1), None]),
        }
    )
    found = {(i.row, i.field, i.kind) for i in colcheck.check_table("t", schema, table)}
    assert found == {(3, "k", "primary-key"), (3, "flag", "constraint-error"), (3, "day", "constraint-error")}


def test_check_foreign_keys_with_key_tables_only() -> None:
    schema = {
        "fields": [{"name": "a"}, {"name": "b"}],
        "foreignKeys": [{"fields": ["a", "b"], "reference": {"resource": "r", "fields": ["x", "y"]}}],
    }
    table = pa.table({"a": ["p", "q", None, None], "b": ["1", "2", "3", None]})
    keys = {"r": pa.table({"x": ["p", "q"], "y": ["1", "9"]})}
    issues = colcheck.check_foreign_keys("t", schema, table, keys)
    assert [(i.row, i.field) for i in issues] == [(3, "a, b"), (4, "a, b")]  # row 5 (all null) is skipped
    assert "('q', '2') is not in r.x, y" in issues[0].message


def test_read_parquet_table_wrong_types(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"n": pa.array([1.0, 2.5]), "s": pa.array(["a", ""]), "i": pa.array([1, None]), "x": ["u", "v"]}), path)
    schema = {
        "fields": [
            {"name": "n", "type": "integer"},
            {"name": "s", "type": "string", "constraints": {"required": True}},
            {"name": "i", "type": "integer"},
            {"name": "x"},
        ]
    }
    table, issues = colcheck.read_parquet_table(path, schema)
    assert table is not None and table.column("n").to_pylist() == [1, None] and table.column("s").to_pylist() == ["a", None]
    assert [(i.row, i.field, i.kind) for i in issues] == [(None, "n", "type-error"), (3, "n", "type-error"), (3, "i", "type-error")]
    assert [(i.row, i.field) for i in colcheck.check_table("t", schema, table)] == [(3, "s")]
