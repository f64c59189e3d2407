"""The build's column-wise validator: the real package, differential tests against frictionless 5.21
(each mutation must be reported by both, at the same resource, row and field), CSV = Parquet, patterns.

The differential cases run in batches, so that frictionless (seconds per package) runs a few times,
not once per case: the cases of a batch change one copy of the package together, and each validator
runs once on it. Cases share a copy only where their errors cannot meet (`conflict`), and frictionless
validates only the resources the batch can affect (`Case.cells`): those it changes and, where it
changes key values other resources point to, those resources. frictionless' validation of the whole
real package runs in a process of its own while the other tests run.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import hashlib
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
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


def save(root: Path, descriptor: dict, name: str = "datapackage.json") -> None:
    (root / name).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


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


def _key_fields(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _target(res: dict, fk: dict) -> str:
    return fk.get("reference", {}).get("resource") or res["name"]


assert (PACKAGE / "datapackage.json").is_file(), "build the package first: python -m scripts build"
DESCRIPTOR = load(PACKAGE)
REFERENCED: dict[str, set[str]] = {}  # resource -> its fields that foreign keys (its own too) point to
REFERRERS: dict[str, set[str]] = {}  # resource -> the resources whose foreign keys point to it
for _res in DESCRIPTOR["resources"]:
    for _fk in _res.get("schema", {}).get("foreignKeys", []):
        REFERENCED.setdefault(_target(_res, _fk), set()).update(_key_fields(_fk["reference"]["fields"]))
        REFERRERS.setdefault(_target(_res, _fk), set()).add(_res["name"])


@dataclass(frozen=True)
class Mutation:
    """One change to a copy of the package, and what it can affect."""

    resource: str  # the resource whose file or descriptor entry it changes
    apply: Callable[[Path], None]
    rows: frozenset[int] | None  # the rows it changes (frictionless row numbers, header = 1); None: any row, the header, the file
    keys: bool  # it may change key values that foreign keys point to (or make the table unreadable): referrers are affected
    after_rehash: bool = False  # an edit of the declared bytes or hash, made after rehash()


def set_cell(table: str, row: int, field: str, value: str) -> Mutation:
    """The CSV cell at frictionless row number `row` (header = 1) of `field` becomes `value`."""

    def apply(root: Path) -> None:
        rows = read_rows(root, table)
        rows[row - 1][rows[0].index(field)] = value
        write_rows(root, table, rows)

    return Mutation(table, apply, frozenset({row}), keys=field in REFERENCED.get(table, set()))


def edit_rows(table: str, edit: Callable[[list[list[str]]], list[list[str]]], *, keys: bool) -> Mutation:
    def apply(root: Path) -> None:
        write_rows(root, table, edit(read_rows(root, table)))

    return Mutation(table, apply, None, keys)


def edit_text(table: str, edit: Callable[[str], str], *, keys: bool) -> Mutation:
    def apply(root: Path) -> None:
        path = root / "data" / f"{table}.csv"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")

    return Mutation(table, apply, None, keys)


def edit_parquet(table: str, edit: Callable[[pa.Table], pa.Table], *, keys: bool, rows: frozenset[int] | None = None) -> Mutation:
    def apply(root: Path) -> None:
        path = root / "data" / f"{table}.parquet"
        pq.write_table(edit(pq.read_table(path)), path, compression="zstd")

    return Mutation(f"{table}-parquet", apply, rows, keys)


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


def parquet_cell(table: str, row: int, field: str, value: object) -> Mutation:
    """The Parquet cell at frictionless row number `row` of `field` becomes `value` (the column keeps its type)."""
    keys = field in REFERENCED.get(f"{table}-parquet", set())
    return edit_parquet(table, set_value(field, row - 2, value), keys=keys, rows=frozenset({row}))


def edit_descriptor(resource: str, edit: Callable[[dict], None], *, after_rehash: bool = False) -> Mutation:
    """A change to the descriptor entry of `resource` (its constraints, bytes or hash: no key value changes)."""

    def apply(root: Path) -> None:
        descriptor = load(root)
        edit(resource_of(descriptor, resource))
        save(root, descriptor)

    return Mutation(resource, apply, None, keys=False, after_rehash=after_rehash)


def declare_true_bytes(resource: str) -> Mutation:
    """The resource declares the true size of its file (rehash() leaves a resource without `bytes` so)."""

    def apply(root: Path) -> None:
        descriptor = load(root)
        res = resource_of(descriptor, resource)
        res["bytes"] = (root / res["path"]).stat().st_size
        save(root, descriptor)

    return Mutation(resource, apply, None, keys=False, after_rehash=True)


def constrain(resource: str, field: str, **constraints: object) -> Mutation:
    def edit(res: dict) -> None:
        target = next(f for f in res["schema"]["fields"] if f["name"] == field)
        target.setdefault("constraints", {}).update(constraints)

    return edit_descriptor(resource, edit)


@dataclass(frozen=True)
class Found:
    resource: str
    row: int | None
    field: str | None
    kind: str
    message: str


def frictionless_errors(root: Path, names: set[str]) -> list[Found]:
    """frictionless' errors on the resources `names` of the package in root.

    What `Package.validate` does for each of them (metadata first, then `resource.validate()`), on a
    package of just these resources and the ones their foreign keys point to (for the lookups: present,
    not validated, their own foreign keys dropped). A resource's errors are the same as in a validation
    of the whole package: they depend on its file, its descriptor and the key columns it points to.
    """
    from frictionless import FrictionlessException, Package

    descriptor = load(root)
    kept = [r for r in descriptor["resources"] if r["name"] in names]
    assert {r["name"] for r in kept} == names, "no such resource"
    targets = {_target(r, fk) for r in kept for fk in r.get("schema", {}).get("foreignKeys", [])} - names
    lookups = [r for r in descriptor["resources"] if r["name"] in targets]
    for res in lookups:
        res["schema"] = {k: v for k, v in res["schema"].items() if k != "foreignKeys"}
    save(root, {**descriptor, "resources": [*kept, *lookups]}, "subset.json")
    package = Package(str(root / "subset.json"))
    try:
        package.to_descriptor(validate=True)
    except FrictionlessException as exception:
        return [Found("<package>", None, None, e.type, e.message) for e in exception.to_errors()]
    reports = [package.get_resource(r["name"]).validate() for r in kept]
    tasks = [task for report in reports for task in report.tasks]
    errors = [error for report in reports for error in report.errors]
    found = []
    for task in tasks:
        for error in task.errors:
            fields = getattr(error, "field_names", None)
            field = ", ".join(fields) if fields else (getattr(error, "field_name", None) or None)
            found.append(Found(task.name, getattr(error, "row_number", None), field, error.type, error.message))
    for error in errors:
        found.append(Found("<package>", None, None, error.type, error.message))
    return found


def colcheck_issues(root: Path) -> list[colcheck.Issue]:
    return colcheck.check_package(root, load(root))


def covers(issues: list[colcheck.Issue], error: Found) -> bool:
    """colcheck reports the frictionless error: same resource, row and kind (or a count of further rows of that kind),
    and the same field where both name one (colcheck names a row with missing cells once, frictionless each cell)."""
    for issue in issues:
        if issue.resource != error.resource or issue.kind != error.kind:
            continue
        if issue.field and error.field and issue.field != error.field:
            continue
        if issue.row == error.row or (issue.row is None and error.row is not None and "more rows" in issue.message):
            return True
    return False


# ---------------------------------------------------------------------------------------------------
# 1. The real package


FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))


@pytest.fixture(scope="module", autouse=True)
def frictionless_on_the_package() -> Iterator[Callable[[], dict]]:
    """`frictionless validate` of the real package, started before the module's first test and run in a process of
    its own beside the others (4 s of the second core); test_real_package_is_valid_for_both, the module's last, reads it."""
    process = subprocess.Popen(
        [FRICTIONLESS, "validate", "--json", "datapackage.json"],
        cwd=PACKAGE,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def report() -> dict:
        out, err = process.communicate(timeout=300)
        assert out, err
        return json.loads(out)

    yield report
    if process.poll() is None:
        process.kill()
        process.communicate()


def found_in(report: dict) -> list[Found]:
    """The errors of a frictionless report (the CLI's JSON)."""
    found = [Found("<package>", None, None, e["type"], e["message"]) for e in report["errors"]]
    for task in report["tasks"]:
        for e in task["errors"]:
            field = ", ".join(e["fieldNames"]) if e.get("fieldNames") else e.get("fieldName")
            found.append(Found(task["name"], e.get("rowNumber"), field, e["type"], e["message"]))
    return found


# (test_real_package_is_valid_for_both is the module's last test)


# ---------------------------------------------------------------------------------------------------
# 2. Differential tests


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutation | tuple[Mutation, ...]
    resource: str | None  # where the intended error is; None: both must find nothing
    row: int | None
    field: str | None
    kind: str  # the frictionless error type expected (and colcheck's kind)
    frictionless: bool = True  # False: frictionless 5.21 accepts it and colcheck is deliberately stricter
    exact: bool = True  # colcheck names no row of this resource, field and kind that frictionless does not

    @property
    def mutations(self) -> tuple[Mutation, ...]:
        return self.mutate if isinstance(self.mutate, tuple) else (self.mutate,)

    @property
    def cells(self) -> dict[str, frozenset[int] | None]:
        """Each resource whose errors the case can change, with the rows it changes there (None: any row)."""
        cells: dict[str, frozenset[int] | None] = {}
        for m in self.mutations:
            before = cells.get(m.resource, frozenset())
            cells[m.resource] = None if before is None or m.rows is None else before | m.rows
            if m.keys:
                cells.update(dict.fromkeys(REFERRERS.get(m.resource, ())))
        return cells

    @property
    def silent(self) -> bool:
        """It asserts that frictionless (or both) find nothing where it reaches: no other case may reach there."""
        return self.resource is None or not self.frictionless


def conflict(a: Case, b: Case) -> bool:
    """Whether the errors of the two cases could meet, in a shared copy: same resource and a row of either unknown or shared."""
    if (a.resource is None) != (b.resource is None):
        return True  # a case that expects no error at all shares a copy only with such cases
    cells_a, cells_b = a.cells, b.cells
    shared = cells_a.keys() & cells_b.keys()
    if a.silent or b.silent:
        return bool(shared)
    return any(cells_a[r] is None or cells_b[r] is None or cells_a[r] & cells_b[r] for r in shared)


def batch_cases(cases: list[Case]) -> list[list[Case]]:
    """First fit: each case joins the first batch it conflicts with in nothing (and whose rows of a resource stay
    fewer than colcheck names per field and check), else starts a batch."""
    batches: list[list[Case]] = []
    for case in cases:
        for batch in batches:
            crowded = any(sum(r in other.cells for other in batch) >= colcheck.MAX_ROWS_PER_CHECK for r in case.cells)
            if not crowded and not any(conflict(case, other) for other in batch):
                batch.append(case)
                break
        else:
            batches.append([case])
    return batches


def _swap_columns(a: str, b: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        i, j = rows[0].index(a), rows[0].index(b)
        for row in rows:
            row[i], row[j] = row[j], row[i]
        return rows

    return edit


def table_rows(table: str) -> list[dict[str, str]]:
    """The data rows of a CSV of the package, as dicts by field name."""
    rows = read_rows(PACKAGE, table)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def first_row(table: str, test: Callable[[dict[str, str]], bool]) -> int:
    """The frictionless row number of the first data row of table for which test holds."""
    return next(number for number, row in enumerate(table_rows(table), start=2) if test(row))


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


def composite_fk(drop: tuple[str, str] | None) -> tuple[Mutation, Mutation]:
    """The composite foreign key event_parties (event_id, party_id) -> pairs, pairs holding every pair of the package but `drop`."""

    def add(root: Path) -> None:
        descriptor = load(root)
        _add_composite_fk(descriptor)
        save(root, descriptor)

    def write_pairs(root: Path) -> None:
        pairs = sorted({(r["event_id"], r["party_id"]) for r in EVENT_PARTIES} - {drop})
        write_rows(root, "pairs", [["event_id", "party_id"], *[list(p) for p in pairs]])

    return Mutation("event_parties", add, None, keys=False), Mutation("pairs", write_pairs, None, keys=False)


EVENT_PARTIES = table_rows("event_parties")
PARTIES = table_rows("parties")
CITATIONS = table_rows("citations")
SOURCES = table_rows("sources")
STAKES = table_rows("stakes")
QUOTE_COUNT = len(read_rows(PACKAGE, "quotes")) - 1
CITATION_FIELDS_COUNT = len(read_rows(PACKAGE, "citation_fields")) - 1
FIRST_1990S_EVENT = first_row("events", lambda r: r["date_end"] < "2000-01-01")
SHARES = ("share_exact", "share_min", "share_max")
# a null share_min in a row with another share (pandas hands frictionless NaN there) and a row without any share (None)
NULL_MIN_BESIDE_A_SHARE = first_row("stakes", lambda r: r["share_min"] == "" and any(r[s] for s in SHARES))
FIRST_NULL_SHARE = first_row("stakes", lambda r: not any(r[s] for s in SHARES))
COMPOSITE_DROP = (EVENT_PARTIES[4]["event_id"], EVENT_PARTIES[4]["party_id"])  # the pair of frictionless row 6
COMPOSITE_ROWS = [n for n, r in enumerate(EVENT_PARTIES, start=2) if (r["event_id"], r["party_id"]) == COMPOSITE_DROP]
# an integer enum written as strings: every value of citations.line but the rarest, which then fails
LINES = [int(r["line"]) for r in CITATIONS]
RAREST_LINE = min(set(LINES), key=lambda v: (LINES.count(v), v))
LINE_ENUM = [str(v) for v in sorted(set(LINES) - {RAREST_LINE})]
# spellings frictionless reads as the same values, in rows that hold such values
TRUE_OR_FALSE = {"true": ("True", "1"), "false": ("FALSE", "0")}
SHARE_ROWS = [n for n, r in enumerate(STAKES, start=2) if r["share_exact"]][:2]
SHARE_VALUES = [STAKES[n - 2]["share_exact"] for n in SHARE_ROWS]
ZERO_PADDED_DATE = first_row("sources", lambda r: "-0" in r["published_end"])


def _unpadded(date: str) -> str:
    return "-".join(str(int(part)) for part in date.split("-"))


def _as_exponent(number: str) -> str:
    return f"{decimal.Decimal(number) / 10}e1"  # 48 -> 4.8e1


CASES = [
    # wrong types in CSV
    Case("integer-text", set_cell("citations", 5, "start", "abc"), "citations", 5, "start", "type-error"),
    Case("integer-48.0", set_cell("sources", 3, "bytes", "48.0"), "sources", 3, "bytes", "type-error"),
    Case("number-abc", set_cell("stakes", 2, "share_exact", "abc"), "stakes", 2, "share_exact", "type-error"),
    Case("date-feb-30", set_cell("events", 4, "date_end", "2018-02-30"), "events", 4, "date_end", "type-error"),
    Case("date-not-iso", set_cell("events", 6, "date_end", "11/09/2018"), "events", 6, "date_end", "type-error"),
    Case("boolean-yes", set_cell("sources", 2, "published_uncertain", "yes"), "sources", 2, "published_uncertain", "type-error"),
    Case("boolean-padded", set_cell("sources", 4, "published_uncertain", " true"), "sources", 4, "published_uncertain", "type-error"),
    # constraints in CSV
    Case("required-empty", set_cell("parties", 7, "name", ""), "parties", 7, "name", "constraint-error"),
    Case("pattern", set_cell("parties", 3, "country", "Russia"), "parties", 3, "country", "constraint-error"),
    Case("pattern-citation-id", set_cell("citations", 9, "citation_id", "party.x"), "citations", 9, "citation_id", "constraint-error"),
    Case("enum", set_cell("stakes", 3, "status", "rumoured"), "stakes", 3, "status", "constraint-error"),
    Case("below-minimum", set_cell("citations", 6, "start", "-1"), "citations", 6, "start", "constraint-error"),
    Case("above-maximum", set_cell("stakes", 6, "share_exact", "148"), "stakes", 6, "share_exact", "constraint-error"),
    Case("above-maximum-1e3", set_cell("stakes", 4, "share_exact", "1e3"), "stakes", 4, "share_exact", "constraint-error"),
    Case("nan-fails-bounds", set_cell("stakes", 5, "share_exact", "NaN"), "stakes", 5, "share_exact", "constraint-error"),
    Case(
        "above-maximum-by-1e-19",
        set_cell("stakes", 7, "share_exact", "100.0000000000000000001"),
        "stakes",
        7,
        "share_exact",
        "constraint-error",
    ),
    Case(
        "date-minimum", constrain("events", "date_end", minimum="2000-01-01"), "events", FIRST_1990S_EVENT, "date_end", "constraint-error"
    ),
    Case(
        "unique-constraint",
        (constrain("parties", "name", unique=True), set_cell("parties", 6, "name", PARTIES[3]["name"])),
        "parties",
        6,
        "name",
        "unique-error",
    ),
    Case(
        "integer-enum-from-strings",
        constrain("citations", "line", enum=LINE_ENUM),
        "citations",
        LINES.index(RAREST_LINE) + 2,
        "line",
        "constraint-error",
    ),
    # keys in CSV
    Case(
        "duplicate-primary-key",
        edit_rows("parties", lambda rows: [*rows, rows[4]], keys=False),  # a copy of a row: no key value comes or goes
        "parties",
        len(PARTIES) + 2,
        "party_id",
        "primary-key",
    ),
    Case(
        "duplicate-composite-primary-key",
        edit_rows("citation_fields", lambda rows: [*rows, rows[1]], keys=False),
        "citation_fields",
        CITATION_FIELDS_COUNT + 2,
        "citation_id, field",
        "primary-key",
    ),
    Case(
        "null-composite-primary-key",
        (set_cell("citation_fields", 3, "citation_id", ""), set_cell("citation_fields", 3, "field", "")),
        "citation_fields",
        3,
        "citation_id, field",
        "primary-key",
    ),
    Case(
        "null-primary-key", set_cell("disagreements", 3, "disagreement_id", ""), "disagreements", 3, "disagreement_id", "constraint-error"
    ),
    Case("foreign-key", set_cell("stakes", 8, "holder_id", "nobody"), "stakes", 8, "holder_id", "foreign-key"),
    Case("foreign-key-self", set_cell("sources", 5, "derived_from", "nowhere"), "sources", 5, "derived_from", "foreign-key"),
    Case("foreign-key-composite", composite_fk(COMPOSITE_DROP), "event_parties", COMPOSITE_ROWS[0], "event_id, party_id", "foreign-key"),
    Case(
        "foreign-key-composite-partly-null",
        (*composite_fk(None), set_cell("event_parties", 4, "party_id", "")),
        "event_parties",
        4,
        "event_id, party_id",
        "foreign-key",
    ),
    # structure of CSV
    Case(
        "header-renamed",
        edit_rows("parties", lambda r: [["full_name" if c == "name" else c for c in r[0]], *r[1:]], keys=False),
        "parties",
        None,
        "name",
        "incorrect-label",
    ),
    Case(
        "header-reordered",
        edit_rows("quotes", _swap_columns("speaker_label", "quote_kind"), keys=False),
        "quotes",
        None,
        "speaker_label",
        "incorrect-label",
    ),
    # a header of another width: colcheck does not read the table (nor check foreign keys to it: keys=True)
    Case(
        "extra-column",
        edit_rows("citation_fields", lambda rows: [[*r, "x"] for r in rows], keys=True),
        "citation_fields",
        None,
        "x",
        "extra-label",
    ),
    Case(
        "missing-column",
        edit_rows("citation_fields", lambda rows: [r[:-1] for r in rows], keys=True),
        "citation_fields",
        None,
        resource_of(DESCRIPTOR, "citation_fields")["schema"]["fields"][-1]["name"],
        "missing-label",
    ),
    Case("blank-row", edit_rows("events", lambda rows: [*rows[:3], [], *rows[3:]], keys=False), "events", 4, None, "blank-row"),
    Case(
        "missing-cell", edit_rows("stakes", lambda rows: [*rows[:3], rows[3][:5], *rows[4:]], keys=False), "stakes", 4, None, "missing-cell"
    ),
    Case(
        "short-row-then-type-error",
        (edit_rows("stakes", lambda rows: [*rows[:3], rows[3][:5], *rows[4:]], keys=False), set_cell("stakes", 6, "share_exact", "abc")),
        "stakes",
        6,
        "share_exact",
        "type-error",
    ),
    Case(
        "multiline-cell-then-type-error",
        (set_cell("citations", 3, "exact", "two\nlines"), set_cell("citations", 4, "end", "x")),
        "citations",
        4,
        "end",
        "type-error",
    ),
    Case(
        "extra-cell",
        edit_rows("party_members", lambda rows: [*rows[:2], [*rows[2], "x"], *rows[3:]], keys=False),
        "party_members",
        3,
        None,
        "extra-cell",
    ),
    # file integrity
    Case(
        "wrong-hash",
        edit_descriptor("quotes", lambda r: r.update(hash="sha256:" + "0" * 64), after_rehash=True),
        "quotes",
        None,
        None,
        "hash-count",
    ),
    Case(
        "wrong-bytes",
        edit_descriptor("group_stakes", lambda r: r.update(bytes=12), after_rehash=True),
        "group_stakes",
        None,
        None,
        "byte-count",
    ),
    Case(
        "file-resource-wrong-hash",
        edit_descriptor("workbook", lambda r: r.update(hash="sha256:" + "0" * 64), after_rehash=True),
        "workbook",
        None,
        None,
        "hash-count",
    ),
    Case(
        "file-resource-wrong-bytes",
        edit_descriptor("workbook", lambda r: r.update(bytes=r["bytes"] + 1), after_rehash=True),
        "workbook",
        None,
        None,
        "byte-count",
    ),
    # Parquet
    Case(
        "parquet-double-2.5-for-integer",
        edit_parquet("sources", replace_column("bytes", lambda c: pa.array([2.5] + [float(x) for x in c.to_pylist()[1:]])), keys=False),
        "sources-parquet",
        2,
        "bytes",
        "type-error",
    ),
    Case(
        "parquet-null-in-required-string",
        parquet_cell("sources", 2, "title", None),
        "sources-parquet",
        2,
        "title",
        "constraint-error",
    ),
    Case(
        "parquet-empty-string-in-required",
        parquet_cell("parties", 5, "description", ""),
        "parties-parquet",
        5,
        "description",
        "constraint-error",
    ),
    Case(
        "parquet-null-in-required-integer",
        parquet_cell("sources", 4, "bytes", None),
        "sources-parquet",
        4,
        "bytes",
        "type-error",
    ),
    Case(
        "parquet-null-in-required-date",
        parquet_cell("events", 3, "date_end", None),
        "events-parquet",
        3,
        "date_end",
        "constraint-error",
    ),
    Case("parquet-enum", parquet_cell("stakes", 4, "basis", "guessed"), "stakes-parquet", 4, "basis", "constraint-error"),
    Case("parquet-pattern", parquet_cell("parties", 3, "country", "ru"), "parties-parquet", 3, "country", "constraint-error"),
    Case("parquet-foreign-key", parquet_cell("stakes", 2, "holder_id", "nobody"), "stakes-parquet", 2, "holder_id", "foreign-key"),
    Case("parquet-below-minimum", parquet_cell("sources", 3, "bytes", 0), "sources-parquet", 3, "bytes", "constraint-error"),
    Case(
        "parquet-duplicate-primary-key",
        edit_parquet("quotes", lambda t: pa.concat_tables([t, t.slice(2, 1)]), keys=False),  # a copy of a row: no key value comes or goes
        "quotes-parquet",
        QUOTE_COUNT + 2,
        "quote_id",
        "primary-key",
    ),
    Case(
        "parquet-renamed-column",
        edit_parquet("parties", lambda t: t.rename_columns(["full_name" if c == "name" else c for c in t.column_names]), keys=False),
        "parties-parquet",
        None,
        "name",
        "incorrect-label",
    ),
    Case(
        "parquet-bytes-declared",
        declare_true_bytes("disagreements-parquet"),
        "disagreements-parquet",
        None,
        None,
        "byte-count",
    ),
    Case(
        # frictionless reads these nulls as NaN (pandas), and NaN fails the bound; colcheck fails every null, frictionless
        # only those beside another share (the next case), so colcheck names rows frictionless does not
        "parquet-null-in-bounded-number",
        constrain("stakes-parquet", "share_min", minimum=0),
        "stakes-parquet",
        NULL_MIN_BESIDE_A_SHARE,
        "share_min",
        "constraint-error",
        exact=False,
    ),
    # frictionless 5.21 accepts these; colcheck is deliberately stricter
    Case(
        "parquet-int64-for-number",
        edit_parquet("stakes", replace_column("share_exact", lambda c: pc.cast(c, pa.int64())), keys=False),
        "stakes-parquet",
        None,
        "share_exact",
        "type-error",
        frictionless=False,
    ),
    Case(
        "parquet-whole-double-for-integer",
        edit_parquet("sources", replace_column("bytes", lambda c: pc.cast(c, pa.float64())), keys=False),
        "sources-parquet",
        None,
        "bytes",
        "type-error",
        frictionless=False,
    ),
    Case(
        "parquet-string-for-date",
        edit_parquet("events", replace_column("date_end", lambda c: pc.cast(c, pa.string())), keys=False),
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
        constrain("stakes-parquet", "share_exact", minimum=0),
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
        edit_rows("disagreements", lambda r: [[" topic" if c == "topic" else c for c in r[0]], *r[1:]], keys=False),
        "disagreements",
        None,
        "topic",
        "incorrect-label",
        frictionless=False,
    ),
    Case(
        "parquet-wrong-hash",
        edit_descriptor("disagreements-parquet", lambda r: r.update(hash="sha256:" + "0" * 64), after_rehash=True),
        "disagreements-parquet",
        None,
        None,
        "hash-count",
        frictionless=False,
    ),
    # spellings frictionless accepts: colcheck must accept them too (no false alarm)
    Case("byte-order-mark", edit_text("parties", lambda t: "\ufeff" + t, keys=False), None, None, None, ""),
    Case(
        "accepted-spellings",
        (
            set_cell("sources", 2, "published_uncertain", TRUE_OR_FALSE[SOURCES[0]["published_uncertain"]][0]),
            set_cell("sources", 3, "published_uncertain", TRUE_OR_FALSE[SOURCES[1]["published_uncertain"]][1]),
            set_cell("sources", 2, "bytes", " " + SOURCES[0]["bytes"] + " "),
            set_cell("sources", 3, "bytes", "+" + SOURCES[1]["bytes"]),
            set_cell("stakes", SHARE_ROWS[0], "share_exact", _as_exponent(SHARE_VALUES[0])),
            set_cell("stakes", SHARE_ROWS[1], "share_exact", f" {SHARE_VALUES[1]}{'0' if '.' in SHARE_VALUES[1] else '.0'} "),
            set_cell("sources", ZERO_PADDED_DATE, "published_end", _unpadded(SOURCES[ZERO_PADDED_DATE - 2]["published_end"])),
        ),
        None,
        None,
        None,
        "",
    ),
]


BATCHES = batch_cases(CASES)
BATCH_OF = {case.name: index for index, batch in enumerate(BATCHES) for case in batch}


@dataclass(frozen=True)
class Run:
    ours: list[colcheck.Issue]
    theirs: list[Found]
    validated: set[str]  # the resources frictionless validated


def run_batch(batch: list[Case], root: Path) -> Run:
    copy_package(root)
    mutations = [m for case in batch for m in case.mutations]
    for mutation in mutations:
        if not mutation.after_rehash:
            mutation.apply(root)
    rehash(root)
    for mutation in mutations:
        if mutation.after_rehash:
            mutation.apply(root)
    validated = {name for case in batch for name in case.cells}
    return Run(colcheck_issues(root), frictionless_errors(root, validated), validated)


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Run]:
    """The run of the batch a case belongs to (each batch runs once)."""
    runs: dict[int, Run] = {}

    def run(case: Case) -> Run:
        index = BATCH_OF[case.name]
        if index not in runs:
            runs[index] = run_batch(BATCHES[index], tmp_path_factory.mktemp(f"batch{index}") / "package")
        return runs[index]

    return run


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_differential(case: Case, batch_run: Callable[[Case], Run]) -> None:
    run = batch_run(case)
    ours = run.ours
    theirs = [e for e in run.theirs if e.resource in case.cells or e.resource == "<package>"]
    batch = ", ".join(c.name for c in BATCHES[BATCH_OF[case.name]])
    shown = (
        f"\nbatch: {batch}\ncolcheck:\n  "
        + "\n  ".join(map(str, ours))
        + f"\nfrictionless on {sorted(run.validated)}:\n  "
        + "\n  ".join(map(str, run.theirs))
    )
    # colcheck reports everything frictionless reports where the case reaches (same resource, row and kind)
    missed = [e for e in theirs if not covers(ours, e)]
    assert not missed, f"colcheck missed {missed}" + shown
    if case.resource is None:
        assert ours == [] and run.theirs == [], shown  # (such a case shares its copy only with such cases)
        return
    assert case.resource in run.validated
    # the intended error, at the intended place, from colcheck ...
    hits = [i for i in ours if i.resource == case.resource and i.row == case.row and i.field == case.field and i.kind == case.kind]
    assert hits, f"colcheck: no {case.kind} at {case.resource} row {case.row} field {case.field}" + shown
    # ... and from frictionless (or, for the stricter cases, nothing at all from frictionless)
    if case.frictionless:
        there = [
            e
            for e in theirs
            if e.resource == case.resource and e.kind == case.kind and (case.field is None or e.field is None or e.field == case.field)
        ]
        expected = [e for e in there if case.row is None or e.row == case.row]
        assert expected, f"frictionless: no {case.kind} at {case.resource} row {case.row} field {case.field}" + shown
        if case.exact:
            named = {i.row for i in ours if (i.resource, i.field, i.kind) == (case.resource, case.field, case.kind) and i.row}
            extra = named - {e.row for e in there}
            assert not extra, f"colcheck: {case.kind} at {case.resource} rows {sorted(extra)} field {case.field}, frictionless not" + shown
    else:
        assert not [e for e in theirs if e.resource == case.resource], shown


def test_enough_differential_cases() -> None:
    assert len([c for c in CASES if c.frictionless and c.resource]) >= 20


def test_batches_keep_conflicting_cases_apart() -> None:
    """Every case in one batch; no two cases of a batch whose errors could meet; fewer batches than cases."""
    assert sorted(c.name for batch in BATCHES for c in batch) == sorted(c.name for c in CASES)
    assert len({c.name for c in CASES}) == len(CASES)
    for batch in BATCHES:
        for i, a in enumerate(batch):
            assert not [b.name for b in batch[i + 1 :] if conflict(a, b)], a.name
    assert len(BATCHES) < len(CASES) / 2
    # the rule: a stricter case and a case on the same resource never share a copy, two rows of one resource may
    strict, other = next(c for c in CASES if c.name == "pattern-trailing-newline"), next(c for c in CASES if c.name == "pattern")
    assert conflict(strict, other) and not conflict(other, next(c for c in CASES if c.name == "required-empty"))


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
    row = SHARE_ROWS[1]
    share = csv_table.column("share_exact")[row - 2].as_py()
    diffs = colcheck.same_table(csv_table, set_value("share_exact", row - 2, share + 1)(parquet_table))
    assert diffs == [f"share_exact row {row}: {share:g} in CSV, {share + 1:g} in Parquet"]


def test_same_table_type_difference() -> None:
    csv_table, parquet_table = _pair()
    as_int = replace_column("share_exact", lambda c: pc.cast(c, pa.int64()))(parquet_table)  # 48 vs 48.0
    diffs = colcheck.same_table(csv_table, as_int)
    assert diffs == ["share_exact: type double in CSV, int64 in Parquet"]


def test_same_table_null_difference() -> None:
    csv_table, parquet_table = _pair()
    row = first_row("stakes", lambda r: r["share_exact"] != "" and r["share_min"] == "")
    share = csv_table.column("share_exact")[row - 2].as_py()
    diffs = colcheck.same_table(csv_table, set_value("share_exact", row - 2, None)(set_value("share_min", row - 2, 1.0)(parquet_table)))
    assert diffs == [f"share_exact row {row}: {share:g} in CSV, None in Parquet", f"share_min row {row}: None in CSV, 1 in Parquet"]


def test_same_table_columns_and_rows() -> None:
    csv_table, parquet_table = _pair()
    assert colcheck.same_table(csv_table, parquet_table.drop_columns(["note"]))[0].startswith("columns differ")
    assert (
        colcheck.same_table(csv_table, parquet_table.slice(1))[0]
        == f"{csv_table.num_rows} rows in CSV, {csv_table.num_rows - 1} in Parquet"
    )


def test_check_package_compares_formats(tmp_path: Path) -> None:
    root = copy_package(tmp_path / "package")
    row = SHARE_ROWS[0]
    change = parquet_cell("stakes", row, "share_exact", float(STAKES[row - 2]["share_exact"]) - 0.5)
    change.apply(root)
    rehash(root)
    issues = colcheck_issues(root)
    assert [(i.resource, i.row, i.field, i.kind) for i in issues] == [("stakes-parquet", row, "share_exact", "format-mismatch")], issues
    assert not change.keys
    assert frictionless_errors(root, {change.resource}) == []  # frictionless does not compare the formats


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
    text = "".join(map(chr, itertools.chain(range(0xD800), range(0xE000, 0x110000))))  # every code point but surrogates
    spaces = [c for c in text if c.isspace()]
    # RE2 removes exactly the white space (every character occurs once, so what is left names what matched)
    kept = pc.replace_substring_regex(pa.array([text]), pattern=f"[{colcheck.PYTHON_WHITESPACE}]", replacement="")[0].as_py()
    assert kept == text.translate(dict.fromkeys(map(ord, spaces)))
    assert re.findall(r"\s", text) == spaces and len(spaces) > 20


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
    row = SHARE_ROWS[0]
    set_cell("stakes", row, "share_exact", "148").apply(root)
    rehash(root)
    issues = colcheck_issues(root)
    assert colcheck.Issue("stakes", row, "share_exact", "148 is above the maximum 100", "constraint-error") in issues
    # the Parquet twin still has the share: the comparison of the formats names it too
    share = float(STAKES[row - 2]["share_exact"])
    assert any(i.resource == "stakes-parquet" and f"148 in CSV, {share:g} in Parquet" in i.message for i in issues)


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
                "compression": "gz",
                "schema": {"fields": [{"name": "a", "type": "datetime"}, {"name": "b", "type": "number", "groupChar": ","}]},
            },
            {"name": "w", "type": "file", "path": "w.xlsx", "format": "xlsx"},  # a file resource: checked by bytes and hash
        ]
    }
    issues = colcheck._descriptor_issues(descriptor)
    kinds = [(i.resource, i.field, i.kind) for i in issues]
    assert ("t", None, "unsupported") in kinds and ("t", "a", "unsupported") in kinds and ("t", "b", "unsupported") in kinds
    assert [i for i in issues if i.resource == "w"] == []


def test_only_the_standard_csv_dialect_is_read() -> None:
    declared = resource_of(DESCRIPTOR, "sources")["dialect"]
    assert colcheck._dialect_issues("sources", declared) == []
    for other in ({"delimiter": ";"}, {"quoteChar": "'"}, {"header": False}, {"lineTerminator": "\r"}, {"skipInitialSpace": True}):
        assert [i.kind for i in colcheck._dialect_issues("t", {**declared, **other})] == ["unsupported"], other


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


# ---------------------------------------------------------------------------------------------------
# 1. The real package (last, so that frictionless' run of it goes on beside the other tests)


def test_real_package_is_valid_for_both(frictionless_on_the_package: Callable[[], dict]) -> None:
    assert colcheck.check_package(PACKAGE, DESCRIPTOR) == []
    report = frictionless_on_the_package()
    assert found_in(report) == [] and report["valid"]
    assert sorted(task["name"] for task in report["tasks"]) == sorted(r["name"] for r in DESCRIPTOR["resources"])
