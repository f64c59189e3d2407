"""Column-wise validation of the written package (CSV and Parquet resources) with pyarrow: the build's validator.

frictionless validates row by row in Python (for Parquet, one pandas iterrows and to_dict per cell),
which made it 80 % of the build and grew with the data; the tests still run the frictionless CLI on
the real package, and a differential test holds this module to frictionless' verdicts.

A fast stand-in for `frictionless validate` on packages like ours: every check runs on whole columns
with pyarrow.compute, and only a failing column is searched for the rows to name (the first
MAX_ROWS_PER_CHECK per field and check, plus a count of the rest). Python runs per *distinct* value
only where Arrow cannot decide alone (non-canonical numbers and dates, pattern candidates that RE2
rejected, duplicate keys).

Guarantee: for the Table Schema features listed in SUPPORTED_CONSTRAINTS and ARROW_TYPES, every
error frictionless 5.21 reports on a resource is reported here too (same resource, same row number
as frictionless counts them: header = row 1); colcheck is stricter in the places listed below, never
looser. A descriptor feature colcheck does not implement is reported as an "unsupported" issue,
never silently skipped.

Deliberately stricter than frictionless 5.21:
- pattern: `re.fullmatch(pattern, value)`. frictionless runs `re.match("^" + pattern + "$")`, whose
  `$` also matches before a trailing newline ("ft\\n" passes `^[a-z]+$`) and whose top-level `|`
  binds looser than the added anchors.
- Parquet physical types must be the schema's: string (or large_string), int64, double, bool, date32.
  frictionless reads Parquet through pandas and accepts an int64 column for a number, a double
  column of whole numbers for an integer, strings for anything they parse as, timestamps at
  midnight for a date.
- the CSV header must equal the field names exactly; frictionless strips white space around labels.
- a CSV is read with the standard dialect (comma, double quote, header); a declared `dialect` must
  be that one. Without a declaration, if frictionless' dialect sniffing (csv.Sniffer on the first 100
  lines) would pick another delimiter, quote character or skipinitialspace, that is reported.
- an integer outside the 64-bit range, a number such as "sNaN" that has no float value, and a
  number beyond float precision exactly at an exclusive bound are errors here.
- a declared `hash` is checked on Parquet resources too (frictionless ignores it there), and with
  any algorithm hashlib knows (frictionless checks only md5 and sha256, ignores the others).
- a null in a Parquet number column with a declared minimum/maximum always fails it. frictionless
  reads such nulls through pandas' iterrows as NaN (which fails every bound) or as None (which
  passes), depending on the other values in the row (`value is np.nan` holds only for the NaN
  singleton), so it fails some of them; colcheck fails all.
- duplicate keys compare typed values as Arrow does (a NaN key equals another NaN key); composite
  keys whose types differ (other than integer/number) never match.

Deliberately mirrored frictionless quirks (so that "colcheck passes" implies "frictionless passes"):
- a null in a Parquet integer column is an error (frictionless reads it via pandas as NaN: type error);
- NaN fails every bound; an empty string in a Parquet string cell is a missing value; a type error
  is reported once (not also as an empty required cell), the cell then counts as null for keys;
- a composite foreign key is skipped only when all its fields are null; a CSV number is compared
  to a minimum/maximum as a decimal (100.0000000000000000001 is above 100);
- integers and numbers may carry surrounding white space, a "+" sign, "_" separators and any
  Unicode decimal digits; numbers may be "1e3", "NaN", "Infinity"; booleans are true/True/TRUE/1
  and false/False/FALSE/0 unless the field declares trueValues/falseValues; dates follow
  `datetime.strptime(value, "%Y-%m-%d")` ("2018-9-1" is a date);
- a row whose cells are all missing values is a blank row; a UTF-8 byte-order mark is tolerated.

Not checked (by design): the descriptor against the Data Package JSON Schema profile (frictionless
does that as metadata validation: `frictionless.Package.metadata_validate(descriptor)`, 0.4 s);
field types other than string/integer/number/boolean/date, string formats other than "default",
field properties such as bareNumber/groupChar/decimalChar, non-standard dialects, remote or multi-file paths,
compression, non-empty missing values on non-string Parquet columns — each reported as an
"unsupported" issue where it appears; `uniqueKeys` (ignored by frictionless 5.21 too).

Beyond frictionless: check_package also proves each resource "X-parquet" holds the same table as
its CSV "X" (same_table: columns, Arrow types, nulls, values), as the build does.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import hashlib
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from scripts.model.problems import Problem
from scripts.package.files import ARROW_TYPES

MAX_ROWS_PER_CHECK = 5  # rows named per field and check; the rest are counted in one more issue
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
SUPPORTED_CONSTRAINTS: dict[str, set[str]] = {
    "string": {"required", "unique", "pattern", "enum", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", *_BOUNDS},
    "number": {"required", "unique", "enum", *_BOUNDS},
    "date": {"required", "unique", "enum", *_BOUNDS},
    "boolean": {"required", "unique", "enum"},
}
# Properties frictionless gives a meaning colcheck does not implement: reported as unsupported where they appear.
# (Other unknown properties are ignored by frictionless and by colcheck alike.)
_UNSUPPORTED_FIELD_KEYS = {
    "bareNumber",
    "floatNumber",
    "decimalChar",
    "groupChar",
    "arrayItem",
    "delimiter",
    "itemType",
    "itemConstraints",
    "categories",
    "categoriesOrdered",
}
_UNSUPPORTED_RESOURCE_KEYS = {"compression", "innerpath", "extrapaths", "data", "scheme", "control", "checklist", "pipeline"}
# The CSV dialect this module reads (Table Dialect properties, Data Package v2); a declared one must agree.
STANDARD_DIALECT: dict[str, Any] = {"header": True, "delimiter": ",", "quoteChar": '"', "doubleQuote": True}
LINE_TERMINATORS = ("\n", "\r\n")
DEFAULT_TRUE_VALUES = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE_VALUES = ["false", "False", "FALSE", "0"]
DEFAULT_MISSING_VALUES = [""]
SNIFF_LINES = 100  # frictionless sniffs the CSV dialect from this many lines
SNIFF_DELIMITERS = ",\t;|"
CSV_THREADS = False  # Arrow's CSV reader on one thread: as fast on two cores, and less memory
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Characters Python's `re` counts as \s in a str pattern (str.isspace()); RE2's \s is only [\t\n\f\r ].
PYTHON_WHITESPACE = r"\t\n\x{0b}\x{0c}\r \x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"


@dataclass(frozen=True)
class Issue:
    resource: str  # resource name in datapackage.json, e.g. "stakes" or "stakes-parquet"
    row: int | None  # 1-based row number as frictionless counts it (header = 1, first data row = 2); None: table level
    field: str | None
    message: str  # what is wrong, with the offending value
    kind: str = ""  # the frictionless error type it corresponds to, e.g. "type-error", "constraint-error", "foreign-key"

    def __str__(self) -> str:
        where = self.resource + (f" row {self.row}" if self.row is not None else "") + (f" field {self.field}" if self.field else "")
        return f"{where}: {self.message}" + (f" [{self.kind}]" if self.kind else "")


# ---------------------------------------------------------------------------------------------------
# Small helpers


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    return str(value)


def _any(mask: pa.Array | pa.ChunkedArray) -> bool:
    return bool(pc.any(mask).as_py())


def _array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _fill(mask: pa.Array) -> pa.Array:
    """A boolean mask with nulls read as False."""
    return pc.fill_null(mask, False)


def _nulls(type_: pa.DataType, n: int) -> pa.Array:
    return pa.nulls(n, type=type_)


def _row_issues(
    resource: str,
    field: str | None,
    mask: pa.Array,
    describe: Callable[[int], str],
    kind: str,
    what: str,
) -> list[Issue]:
    """Issues for the rows where mask is true: the first MAX_ROWS_PER_CHECK named, the rest counted."""
    mask = _fill(mask)
    count = pc.sum(mask).as_py() or 0
    if not count:
        return []
    indices = pc.indices_nonzero(mask)[:MAX_ROWS_PER_CHECK].to_pylist()
    issues = [Issue(resource, i + 2, field, describe(i), kind) for i in indices]
    if count > len(indices):
        issues.append(Issue(resource, None, field, f"{count - len(indices)} more rows: {what} ({count} in all)", kind))
    return issues


def _missing_values(schema: dict, field: dict) -> list[str]:
    values = field.get("missingValues", schema.get("missingValues", DEFAULT_MISSING_VALUES))
    return [v["value"] if isinstance(v, dict) else v for v in values]


def _fields(schema: dict) -> list[dict]:
    """The schema's fields, each with its type (frictionless reads a field without one as a string)."""
    return [f if "type" in f else {**f, "type": "string"} for f in schema.get("fields", [])]


def _field_names(schema: dict) -> list[str]:
    return [f["name"] for f in schema.get("fields", [])]


def _key_fields(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


# ---------------------------------------------------------------------------------------------------
# Patterns: RE2 (vectorised) where it decides exactly like Python's re.fullmatch, Python on the rest


@cache
def _re2_pattern(pattern: str) -> str | None:
    """An RE2 pattern accepting a subset of what re.fullmatch(pattern) accepts, or None if not sure.

    RE2's \\d, \\w, \\s are ASCII-only (a subset of Python's Unicode classes: RE2 rejects more, and
    what it rejects is re-checked in Python); \\S is replaced by the complement of Python's white
    space; anything whose meaning differs between the engines (negated shorthands, \\b, flags,
    lookarounds, POSIX classes, `{,n}`) makes the caller use Python for every distinct value.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = negated = False
    class_start = 0
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = pattern[i + 1]
            if e in "dw":
                if in_class and negated:
                    return None
                out.append("\\" + e)
            elif e == "s":
                if in_class and negated:
                    return None
                out.append(PYTHON_WHITESPACE if in_class else f"[{PYTHON_WHITESPACE}]")
            elif e == "S":
                if in_class:
                    return None
                out.append(f"[^{PYTHON_WHITESPACE}]")
            elif e in "tnrfv":
                out.append("\\" + e)
            elif not e.isalnum() and e.isascii() and e.isprintable():
                out.append("\\" + e)
            else:
                return None
            i += 2
            continue
        if in_class:
            if c == "]" and i > class_start:
                in_class = False
            elif c == "[" and i + 1 < n and pattern[i + 1] in ":=.":
                return None
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            negated = i + 1 < n and pattern[i + 1] == "^"
            j = i + 1 + (1 if negated else 0)
            if j < n and pattern[j] == "]":  # a literal ] first in the class
                j += 1
            out.append(pattern[i:j])
            class_start = j
            i = j
            continue
        if c == "(" and i + 1 < n and pattern[i + 1] == "?":
            if pattern[i + 2 : i + 3] != ":":
                return None
            out.append("(?:")
            i += 3
            continue
        if c == "{":
            m = re.match(r"\{[0-9]+(,[0-9]*)?\}", pattern[i:])
            if not m:
                return None
            out.append(m.group(0))
            i += len(m.group(0))
            continue
        if c in "*+?" and i + 1 < n and pattern[i + 1] == "+":  # possessive quantifier (Python 3.11)
            return None
        out.append(c)
        i += 1
    if in_class:
        return None
    return "^(?:" + "".join(out) + ")$"


def pattern_failures(values: pa.Array, pattern: str) -> pa.Array:
    """Boolean mask: true where a non-null value does not re.fullmatch the pattern."""
    values = _array(values)
    valid = pc.is_valid(values)
    candidates = valid
    re2 = _re2_pattern(pattern)
    if re2 is not None:
        try:
            candidates = pc.and_(valid, pc.invert(_fill(pc.match_substring_regex(values, re2))))
        except pa.ArrowInvalid:  # RE2 cannot compile it: Python decides every value
            candidates = valid
    if not _any(candidates):
        return pc.and_(valid, pa.scalar(False))
    compiled = re.compile(pattern)
    distinct = pc.unique(values.filter(candidates)).to_pylist()
    bad = [v for v in distinct if compiled.fullmatch(v) is None]
    return pc.and_(candidates, pc.is_in(values, value_set=pa.array(bad, pa.string())))


# ---------------------------------------------------------------------------------------------------
# Typing strings per Table Schema (CSV cells, and Parquet columns of the wrong physical type)


def _python_reader(field: dict) -> Callable[[str], Any]:
    """Reads one cell as frictionless 5.21 does (raises on a cell it would report as a type error)."""
    ftype = field["type"]
    if ftype == "integer":

        def read_integer(cell: str) -> int:
            value = int(cell.strip())
            if not INT64_MIN <= value <= INT64_MAX:
                raise ValueError("outside the 64-bit integer range")
            return value

        return read_integer
    if ftype == "number":

        def read_number(cell: str) -> float:
            return float(decimal.Decimal(cell.strip()))

        return read_number
    if ftype == "date":
        return lambda cell: datetime.datetime.strptime(cell, "%Y-%m-%d").date()
    raise ValueError(f"no Python reader for {ftype}")


_CANONICAL = {
    "integer": r"^-?[0-9]{1,18}$",
    "number": r"^-?[0-9]{1,300}(\.[0-9]{1,300})?([eE][+-]?[0-9]{1,2})?$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}


def type_strings(strings: pa.Array, field: dict, missing: list[str]) -> tuple[pa.Array, pa.Array]:
    """Type a string column per the field: (typed array, mask of cells that are not of the type).

    Missing values become null. Canonical spellings are cast by Arrow; every other distinct spelling
    is read by the same Python call frictionless uses.
    """
    strings = _array(strings)
    if strings.type != pa.string():
        strings = pc.cast(strings, pa.string())
    ftype = field["type"]
    target = ARROW_TYPES[ftype]
    is_missing = pc.or_(pc.is_null(strings), pc.is_in(strings, value_set=pa.array(missing, pa.string())))
    present = pc.invert(is_missing)
    if ftype == "string":
        return _with_nulls(strings, is_missing), pc.and_(present, pa.scalar(False))
    if ftype == "boolean":
        trues = pc.is_in(strings, value_set=pa.array(field.get("trueValues", DEFAULT_TRUE_VALUES), pa.string()))
        falses = pc.is_in(strings, value_set=pa.array(field.get("falseValues", DEFAULT_FALSE_VALUES), pa.string()))
        bad = pc.and_(present, pc.invert(pc.or_(trues, falses)))
        typed = pc.if_else(pc.or_(is_missing, bad), pa.scalar(None, pa.bool_()), pc.invert(falses))
        return typed, bad
    canonical = pc.and_(present, _fill(pc.match_substring_regex(strings, _CANONICAL[ftype])))
    if ftype == "date":
        canonical = pc.and_(canonical, pc.invert(pc.starts_with(strings, "0000")))  # year 0 is not a Python date
        candidates = pc.if_else(canonical, strings, pa.scalar(None, pa.string()))
        stamps = pc.strptime(candidates, format="%Y-%m-%d", unit="s", error_is_null=True)
        dates = pc.cast(stamps, pa.date32())
        # Arrow's strptime rolls 2018-02-30 over to 2018-03-02: a real day reads back as written.
        canonical = pc.and_(canonical, _fill(pc.equal(pc.cast(dates, pa.string()), strings)))
        fast = pc.if_else(canonical, dates, pa.scalar(None, pa.date32()))
    else:
        fast = pc.cast(pc.if_else(canonical, strings, pa.scalar(None, pa.string())), target)
    others = pc.and_(present, pc.invert(canonical))
    if not _any(others):
        return fast, pc.and_(present, pa.scalar(False))
    reader = _python_reader(field)
    good: dict[str, Any] = {}
    for cell in pc.unique(strings.filter(others)).to_pylist():
        try:
            good[cell] = reader(cell)
        except Exception:  # frictionless turns any failure into a type error
            continue
    keys = pa.array(list(good), pa.string())
    slow = pc.take(pa.array(list(good.values()), target), pc.index_in(strings, value_set=keys))
    typed = pc.coalesce(fast, slow)
    bad = pc.and_(present, pc.is_null(typed))
    return typed, bad


def _with_nulls(strings: pa.Array, is_missing: pa.Array) -> pa.Array:
    """strings with the cells where is_missing is true set to null (sharing the string data, no copy)."""
    if not _any(is_missing):
        return strings
    valid = pc.invert(is_missing)
    if strings.null_count == 0 and strings.offset == 0 and valid.offset == 0 and valid.null_count == 0:
        _, offsets, data = strings.buffers()
        return pa.Array.from_buffers(pa.string(), len(strings), [valid.buffers()[1], offsets, data])
    return pc.if_else(is_missing, pa.scalar(None, pa.string()), strings)


_TYPE_TEXT = {
    "integer": "an integer",
    "number": "a number",
    "date": "a date (YYYY-MM-DD, a real calendar day)",
    "boolean": "a boolean",
    "string": "a string",
}


def _type_issues(resource: str, field: dict, raw: pa.Array, bad: pa.Array) -> list[Issue]:
    text = _TYPE_TEXT[field["type"]]
    if field["type"] == "boolean":
        text += " (" + "/".join(field.get("trueValues", DEFAULT_TRUE_VALUES) + field.get("falseValues", DEFAULT_FALSE_VALUES)) + ")"
    return _row_issues(resource, field["name"], bad, lambda i: f"{_show(raw[i].as_py())} is not {text}", "type-error", f"not {text}")


def _decimal_bound_issues(resource: str, field: dict, raw: pa.Array, typed: pa.Array) -> list[Issue]:
    """A CSV number equal to a bound as a float may still pass or fail it as a decimal (frictionless reads Decimal)."""
    issues: list[Issue] = []
    constraints = field.get("constraints", {})
    for name, sign in (("minimum", -1), ("maximum", 1)):
        bound = constraints.get(name)
        if bound is None:
            continue
        at_bound = _fill(pc.equal(typed, float(bound)))
        if not _any(at_bound):
            continue
        exact = decimal.Decimal(bound) if isinstance(bound, int) else decimal.Decimal(str(bound))
        bad_cells = [s for s in pc.unique(raw.filter(at_bound)).to_pylist() if (decimal.Decimal(s.strip()) - exact) * sign > 0]
        if bad_cells:
            mask = pc.and_(at_bound, pc.is_in(raw, value_set=pa.array(bad_cells, pa.string())))
            word = "below the minimum" if sign < 0 else "above the maximum"
            issues += _row_issues(
                resource,
                field["name"],
                mask,
                lambda i, w=word, b=bound: f"{raw[i].as_py()!r} is {w} {b}",
                "constraint-error",
                f"{word} {bound}",
            )
    return issues


# ---------------------------------------------------------------------------------------------------
# Header


def _header_issues(resource: str, labels: list[str], names: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for position, label in enumerate(labels, start=1):
        if label in seen:
            issues.append(
                Issue(
                    resource,
                    None,
                    label,
                    f"header label {label!r} at position {position} repeats position {seen[label]}",
                    "duplicate-label",
                )
            )
        seen.setdefault(label, position)
        if position > len(names):
            issues.append(Issue(resource, None, label or None, f"extra header label {label!r} at position {position}", "extra-label"))
        elif label == "":
            issues.append(Issue(resource, None, names[position - 1], f"blank header label at position {position}", "blank-label"))
        elif label != names[position - 1]:
            issues.append(
                Issue(
                    resource,
                    None,
                    names[position - 1],
                    f"header label {label!r} at position {position} should be {names[position - 1]!r}",
                    "incorrect-label",
                )
            )
    for position in range(len(labels) + 1, len(names) + 1):
        issues.append(
            Issue(
                resource, None, names[position - 1], f"missing header label {names[position - 1]!r} at position {position}", "missing-label"
            )
        )
    return issues


# ---------------------------------------------------------------------------------------------------
# CSV


def _sniff_issues(resource: str, path: Path) -> list[Issue]:
    """frictionless guesses the dialect with csv.Sniffer on the first 100 lines; it must be the standard one."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            sample = "".join(itertools.islice(stream, SNIFF_LINES))
    except UnicodeDecodeError:
        return []  # reported by the reader
    return _sniff_sample_issues(resource, sample)


def _sniff_sample_issues(resource: str, sample: str) -> list[Issue]:
    try:
        dialect = csv.Sniffer().sniff(sample, SNIFF_DELIMITERS)
    except csv.Error:
        return []  # frictionless falls back to the standard (excel) dialect
    quote = '"' if dialect.quotechar == "'" else dialect.quotechar
    problems = []
    if dialect.delimiter != ",":
        problems.append(f"delimiter {dialect.delimiter!r}")
    if quote != '"':
        problems.append(f"quote character {quote!r}")
    if dialect.skipinitialspace:
        problems.append("skipinitialspace")
    if not problems:
        return []
    text = ", ".join(problems)
    return [
        Issue(resource, None, None, f"frictionless would sniff a non-standard CSV dialect ({text}) from the first lines", "dialect-error")
    ]


def _read_csv_arrow(source: Path, labels: list[str], block_size: int = 1 << 20) -> pa.Table | None:
    """All cells as non-null strings, or None if Arrow finds a row it cannot take as is (then Python reads the file)."""
    invalid: list[Any] = []

    def handler(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pcsv.read_csv(
            str(source),
            read_options=pcsv.ReadOptions(block_size=block_size, use_threads=CSV_THREADS),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=handler),
            convert_options=pcsv.ConvertOptions(
                column_types={label: pa.string() for label in labels},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowInvalid as err:
        if "straddling" in str(err) and block_size < 1 << 30:  # a row longer than a block
            return _read_csv_arrow(source, labels, block_size * 16)
        return None
    except pa.ArrowException:
        return None
    if invalid or table.column_names != labels or any(t != pa.string() for t in table.schema.types):
        return None
    return table


def _read_csv_python(resource: str, text: str, width: int) -> tuple[list[list[str | None]], list[Issue]]:
    """Rows as frictionless reads them (Python csv), padded or cut to width, with missing/extra cell issues."""
    issues: list[Issue] = []
    columns: list[list[str | None]] = [[] for _ in range(width)]
    counts = {"missing-cell": 0, "extra-cell": 0}
    old_limit = csv.field_size_limit(2**31 - 2)
    try:
        records = csv.reader(io.StringIO(text, newline=""))
        next(records, None)
        for number, cells in enumerate(records, start=2):
            if cells and len(cells) != width:
                kind = "missing-cell" if len(cells) < width else "extra-cell"
                counts[kind] += 1
                if counts[kind] <= MAX_ROWS_PER_CHECK:
                    what = f"has {len(cells)} cells, the header {width}"
                    issues.append(Issue(resource, number, None, f"the row {what}", kind))
            padded: list[str | None] = list(cells[:width]) + [None] * (width - len(cells))
            for column, cell in zip(columns, padded, strict=True):
                column.append(cell)
    finally:
        csv.field_size_limit(old_limit)
    for kind, count in counts.items():
        if count > MAX_ROWS_PER_CHECK:
            issues.append(Issue(resource, None, None, f"{count - MAX_ROWS_PER_CHECK} more rows: {kind} ({count} in all)", kind))
    return columns, issues


def _dialect_issues(resource: str, dialect: dict) -> list[Issue]:
    """A declared dialect must be the one this module (and Python's csv module) reads."""
    wrong = {k: v for k, v in dialect.items() if k in STANDARD_DIALECT and v != STANDARD_DIALECT[k]}
    unknown = set(dialect) - {*STANDARD_DIALECT, "lineTerminator", "$schema"}
    if dialect.get("lineTerminator", "\n") not in LINE_TERMINATORS:
        wrong["lineTerminator"] = dialect["lineTerminator"]
    text = ", ".join([*(f"{k} {v!r}" for k, v in wrong.items()), *(f"{k} (not supported)" for k in sorted(unknown))])
    return [Issue(resource, None, None, f"dialect not supported by the validator: {text}", "unsupported")] if text else []


def read_csv_table(path: Path, schema: dict, *, resource: str = "", dialect: dict | None = None) -> tuple[pa.Table | None, list[Issue]]:
    """Read a CSV resource typed per its Table Schema; type errors are reported per cell.

    Returns the typed table (string/int64/double/bool/date32 per field, missing values and cells that
    are not of their type as null; rows with missing cells padded with nulls) or None when the file
    cannot be read or its header has another number of columns than the schema has fields.
    Arrow parses the file; only if it finds a row of another width (or cannot parse) does Python's
    csv module read it, as frictionless does, to name the rows.
    """
    resource = resource or path.name
    issues: list[Issue] = []
    fields = _fields(schema)
    names = [f["name"] for f in fields]
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if not head.removeprefix(b"\xef\xbb\xbf"):
        return None, [Issue(resource, None, None, "the file is empty (no header)", "source-error")]
    try:
        first = next(csv.reader(io.StringIO(head.decode("utf-8-sig", errors="replace"), newline="")), [])
    except csv.Error as err:
        return None, [Issue(resource, None, None, f"cannot read the header: {err}", "source-error")]
    issues += _dialect_issues(resource, dialect) if dialect is not None else _sniff_issues(resource, path)
    table = _read_csv_arrow(path, first)
    raw_columns: list[pa.Array | None]
    if table is not None:
        labels = table.column_names
        raw_columns = []
        while table.num_columns:  # one column at a time, so that chunks and combined copy do not all coexist
            raw_columns.append(_array(table.column(0)))
            table = table.remove_column(0)
        del table
    else:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as err:
            return None, [*issues, Issue(resource, None, None, f"not valid UTF-8 at byte {err.start}", "encoding-error")]
        labels = next(csv.reader(io.StringIO(text, newline="")), [])
        raw_columns = []
        if len(labels) == len(names):
            try:
                columns, row_issues = _read_csv_python(resource, text, len(labels))
            except csv.Error as err:
                return None, [*issues, Issue(resource, None, None, f"cannot read the CSV: {err}", "source-error")]
            del text
            issues += row_issues
            while columns:
                raw_columns.append(pa.array(columns.pop(0), pa.string()))
    issues += _header_issues(resource, labels, names)
    if len(labels) != len(names):
        return None, issues
    typed_columns = []
    for index, field in enumerate(fields):
        raw = raw_columns[index]
        raw_columns[index] = None
        assert raw is not None
        if field.get("type") not in ARROW_TYPES:
            typed_columns.append(raw)
            continue
        typed, bad = type_strings(raw, field, _missing_values(schema, field))
        if _any(bad):
            issues += _type_issues(resource, field, raw, bad)
        if field["type"] == "number":
            issues += _decimal_bound_issues(resource, field, raw, typed)
        typed_columns.append(typed)
        del raw, typed, bad
    return pa.Table.from_arrays(typed_columns, names=names), issues


# ---------------------------------------------------------------------------------------------------
# Parquet


def _parquet_type_ok(actual: pa.DataType, ftype: str) -> bool:
    if ftype == "string":
        return actual in (pa.string(), pa.large_string())
    return actual == ARROW_TYPES.get(ftype)


def read_parquet_table(path: Path, schema: dict, *, resource: str = "") -> tuple[pa.Table | None, list[Issue]]:
    """Read a Parquet resource; every column's physical type must be the one its field's type maps to.

    A column of another type is reported once (table level) and then read as strings like a CSV
    column, so that its values are still checked (with row numbers for the cells of the wrong kind).
    Also reports the nulls frictionless reads as NaN (in integer columns; in number columns with a
    declared minimum or maximum). Empty strings (the missing values) in string columns become null.
    """
    resource = resource or path.name
    issues: list[Issue] = []
    try:
        table = pq.read_table(path)
    except Exception as err:  # any unreadable file is one issue
        return None, [Issue(resource, None, None, f"cannot read the Parquet file: {err}", "source-error")]
    fields = _fields(schema)
    names = [f["name"] for f in fields]
    labels = table.column_names
    issues += _header_issues(resource, labels, names)
    if len(labels) != len(names):
        return None, issues
    columns = []
    for field, column in zip(fields, table.columns, strict=True):
        ftype = field.get("type")
        name = field["name"]
        column = _array(column)
        if ftype not in ARROW_TYPES:
            columns.append(column)
            continue
        missing = _missing_values(schema, field)
        if ftype != "string" and set(missing) - {""}:
            issues.append(
                Issue(
                    resource,
                    None,
                    name,
                    f"missing values {missing} on a non-string Parquet column are not supported by colcheck",
                    "unsupported",
                )
            )
        if not _parquet_type_ok(column.type, ftype):
            issues.append(
                Issue(
                    resource,
                    None,
                    name,
                    f"the Parquet column is {column.type}; {_TYPE_TEXT[ftype].split(' (')[0]} field needs {ARROW_TYPES[ftype]}",
                    "type-error",
                )
            )
            try:
                raw = pc.cast(column, pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                columns.append(_nulls(ARROW_TYPES[ftype], len(column)))
                continue
            typed, bad = type_strings(raw, field, missing)
            issues += _type_issues(resource, field, raw, bad)
            columns.append(typed)
            continue
        if ftype == "string":
            if column.type != pa.string():
                column = pc.cast(column, pa.string())
            column = _with_nulls(column, _fill(pc.is_in(column, value_set=pa.array(missing, pa.string()))))
        elif ftype == "integer" and column.null_count:
            issues += _row_issues(
                resource,
                name,
                pc.is_null(column),
                lambda i: "null in a Parquet integer column: frictionless reads it (through pandas) as NaN, a type error",
                "type-error",
                "nulls in a Parquet integer column",
            )
        elif ftype == "number" and column.null_count:
            bounds = [b for b in ("minimum", "maximum") if b in field.get("constraints", {})]
            if bounds:
                text = " and ".join(f"the {b} {field['constraints'][b]}" for b in bounds)
                issues += _row_issues(
                    resource,
                    name,
                    pc.is_null(column),
                    lambda i, t=text: f"null in a Parquet number column: frictionless reads it as NaN, which fails {t}",
                    "constraint-error",
                    "nulls in a bounded Parquet number column",
                )
        columns.append(column)
    return pa.Table.from_arrays(columns, names=names), issues


# ---------------------------------------------------------------------------------------------------
# Constraints and keys on a typed table


def _constant(value: Any, field: dict) -> pa.Scalar:
    """A bound or enum value read with the field's reader, as frictionless does (a string "5" for an integer is 5)."""
    type_ = ARROW_TYPES[field["type"]]
    if isinstance(value, str) and field["type"] != "string":
        typed, bad = type_strings(pa.array([value]), field, [])
        if _any(bad):
            raise ValueError(f"{value!r} is not {_TYPE_TEXT[field['type']]}")
        return typed[0]
    try:
        if type_ == pa.float64():
            value = float(value)
        if type_ == pa.int64() and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError
        return pa.scalar(value, type_)
    except (TypeError, ValueError, pa.ArrowException):
        raise ValueError(f"{value!r} is not {_TYPE_TEXT[field['type']]}") from None


def _encode_keys(columns: list[pa.Array]) -> pa.Array:
    """One string per row, equal iff the rows' key tuples are equal (nulls included)."""
    if len(columns) == 1 and columns[0].type == pa.string():
        return columns[0]
    pieces = []
    for column in columns:
        if pa.types.is_floating(column.type):
            column = pc.add(column, pa.scalar(0.0, column.type))  # -0.0 + 0.0 is 0.0: Python's 0 == -0
        text = pc.cast(column, pa.string())
        tagged = pc.binary_join_element_wise("V", pc.cast(pc.utf8_length(text), pa.string()), ":", text, "")
        pieces.append(pc.fill_null(tagged, "N"))
    return pc.binary_join_element_wise(*pieces, "")


def _duplicate_issues(resource: str, label: str, keys: pa.Array, rows: pa.Array, shown: Callable[[int], Any], kind: str) -> list[Issue]:
    """Rows (among `rows`) whose key occurred in an earlier row: each named with the previous occurrence."""
    considered = keys.filter(rows)
    counts = pc.value_counts(considered)
    duplicated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    duplicated = duplicated.filter(pc.is_valid(duplicated))
    if not len(duplicated):
        return []
    mask = pc.and_(rows, pc.is_in(keys, value_set=duplicated))
    indices = pc.indices_nonzero(mask).to_pylist()
    values = keys.take(pa.array(indices, pa.int64())).to_pylist()
    last: dict[Any, int] = {}
    issues: list[Issue] = []
    later = 0
    for index, value in zip(indices, values, strict=True):
        if value in last:
            later += 1
            if later <= MAX_ROWS_PER_CHECK:
                issues.append(
                    Issue(resource, index + 2, label, f"{label} {_show(shown(index))} is the same as in row {last[value] + 2}", kind)
                )
        last[value] = index
    if later > MAX_ROWS_PER_CHECK:
        issues.append(Issue(resource, None, label, f"{later - MAX_ROWS_PER_CHECK} more rows: duplicate {label} ({later} in all)", kind))
    return issues


def check_table(resource: str, schema: dict, table: pa.Table) -> list[Issue]:
    """Constraints of every field (required, pattern, enum, bounds, minLength/maxLength, unique), blank rows, primary key.

    The table must be typed as read_csv_table/read_parquet_table return it (columns in schema order).
    """
    issues: list[Issue] = []
    fields = _fields(schema)
    if table.num_columns != len(fields) or table.num_rows == 0:
        return issues
    columns = [_array(c) for c in table.columns]
    empty = [pc.is_null(c) for c in columns]
    blank = empty[0]
    for mask in empty[1:]:
        blank = pc.and_(blank, mask)
    issues += _row_issues(resource, None, blank, lambda i: "the row is blank (every cell empty)", "blank-row", "blank rows")
    not_blank = pc.invert(blank)
    for field, column, is_empty in zip(fields, columns, empty, strict=True):
        name = field["name"]
        ftype = field.get("type")
        constraints = field.get("constraints", {})
        if ftype not in ARROW_TYPES or column.type != ARROW_TYPES[ftype]:
            continue
        try:
            for key in (*_BOUNDS, "enum"):
                if key in constraints and key in SUPPORTED_CONSTRAINTS[ftype]:
                    for constant in constraints[key] if key == "enum" else [constraints[key]]:
                        _constant(constant, field)
            if ftype == "string" and "pattern" in constraints:
                re.compile(constraints["pattern"])
        except (ValueError, re.error) as err:
            issues.append(Issue(resource, None, name, f"constraints not checked: {err}", "field-error"))
            continue
        present = pc.invert(is_empty)

        def value(i: int, column: pa.Array = column) -> str:
            return _show(column[i].as_py())

        if constraints.get("required"):
            issues += _row_issues(
                resource,
                name,
                pc.and_(is_empty, not_blank),
                lambda i: "a value is required, the cell is empty",
                "constraint-error",
                "empty but required",
            )
        pattern = constraints.get("pattern")
        if pattern is not None and ftype == "string":
            issues += _row_issues(
                resource,
                name,
                pattern_failures(column, pattern),
                lambda i, p=pattern, v=value: f"{v(i)} does not match the pattern {p}",
                "constraint-error",
                f"not matching {pattern}",
            )
        enum = constraints.get("enum")
        if enum is not None:
            allowed = pa.array([_constant(e, field).as_py() for e in enum], column.type)
            shown = ", ".join(_show(e) for e in enum[:12]) + (", ..." if len(enum) > 12 else "")
            issues += _row_issues(
                resource,
                name,
                pc.and_(present, pc.invert(pc.is_in(column, value_set=allowed))),
                lambda i, s=shown, v=value: f"{v(i)} is not one of the allowed values {s}",
                "constraint-error",
                "not in the enum",
            )
        for key, compare, word in (
            ("minimum", pc.less, "below the minimum"),
            ("maximum", pc.greater, "above the maximum"),
            ("exclusiveMinimum", pc.less_equal, "not above the exclusive minimum"),
            ("exclusiveMaximum", pc.greater_equal, "not below the exclusive maximum"),
        ):
            if key not in constraints or ftype not in ("integer", "number", "date"):
                continue
            bound = constraints[key]
            fails = _fill(compare(column, _constant(bound, field)))
            if ftype == "number":
                fails = pc.or_(fails, _fill(pc.is_nan(column)))  # frictionless: NaN fails every bound
            issues += _row_issues(
                resource, name, fails, lambda i, w=word, b=bound, v=value: f"{v(i)} is {w} {b}", "constraint-error", f"{word} {bound}"
            )
        for key, compare, word in (("minLength", pc.less, "shorter than"), ("maxLength", pc.greater, "longer than")):
            if key in constraints and ftype == "string":
                lengths = pc.utf8_length(column)
                limit = constraints[key]
                issues += _row_issues(
                    resource,
                    name,
                    _fill(compare(lengths, limit)),
                    lambda i, w=word, n=limit, v=value, ln=lengths: f"{v(i)} is {w} {n} characters ({ln[i].as_py()})",
                    "constraint-error",
                    f"{word} {limit} characters",
                )
        if constraints.get("unique"):
            issues += _duplicate_issues(resource, name, _encode_keys([column]), present, lambda i, c=column: c[i].as_py(), "unique-error")
    primary = _key_fields(schema.get("primaryKey", []))
    if primary and all(p in table.column_names for p in primary):
        key_columns = [columns[table.column_names.index(p)] for p in primary]
        all_null = pc.is_null(key_columns[0])
        for column in key_columns[1:]:
            all_null = pc.and_(all_null, pc.is_null(column))
        label = ", ".join(primary)
        issues += _row_issues(
            resource, label, all_null, lambda i: f"the primary key ({label}) is empty", "primary-key", "empty primary key"
        )

        def key_value(i: int) -> Any:
            values = tuple(c[i].as_py() for c in key_columns)
            return values[0] if len(values) == 1 else values

        issues += _duplicate_issues(resource, label, _encode_keys(key_columns), pc.invert(all_null), key_value, "primary-key")
    return issues


def _comparable(column: pa.Array, reference: pa.Array) -> tuple[pa.Array, pa.Array] | None:
    if column.type == reference.type:
        return column, reference
    numeric = (pa.int64(), pa.float64())
    if column.type in numeric and reference.type in numeric:
        return pc.cast(column, pa.float64()), pc.cast(reference, pa.float64())
    return None


def check_foreign_keys(resource: str, schema: dict, table: pa.Table, tables: dict[str, pa.Table]) -> list[Issue]:
    """Every foreign key: a row whose key fields are not all null must match a row of the referenced key.

    `tables` maps resource names to tables holding (at least) the referenced key columns; a reference
    to the resource itself (or with no resource) uses `table`. Referenced rows whose key is all null
    are not in the lookup, as in frictionless.
    """
    issues: list[Issue] = []
    for fk in schema.get("foreignKeys", []):
        fields = _key_fields(fk["fields"])
        reference = fk.get("reference", {})
        target = reference.get("resource") or resource
        ref_fields = _key_fields(reference.get("fields", []))
        label = ", ".join(fields)
        ref_label = f"{target}.{', '.join(ref_fields)}"
        ref_table = table if target == resource else tables.get(target)
        if ref_table is None or not all(f in ref_table.column_names for f in ref_fields):
            issues.append(Issue(resource, None, label, f"foreign key not checked: {ref_label} could not be read", "foreign-key"))
            continue
        if not all(f in table.column_names for f in fields) or len(fields) != len(ref_fields):
            issues.append(Issue(resource, None, label, f"foreign key ({label}) -> {ref_label} does not fit the table", "foreign-key"))
            continue
        columns = [_array(table.column(f)) for f in fields]
        ref_columns = [_array(ref_table.column(f)) for f in ref_fields]
        pairs = [_comparable(c, r) for c, r in zip(columns, ref_columns, strict=True)]
        all_null = pc.is_null(columns[0])
        for column in columns[1:]:
            all_null = pc.and_(all_null, pc.is_null(column))
        checked = pc.invert(all_null)
        if any(p is None for p in pairs):
            found = pc.and_(checked, pa.scalar(False))
            note = " (the key types differ, so no value can match)"
        else:
            keys = _encode_keys([p[0] for p in pairs if p is not None])
            ref_keys = _encode_keys([p[1] for p in pairs if p is not None])
            ref_all_null = pc.is_null(ref_columns[0])
            for column in ref_columns[1:]:
                ref_all_null = pc.and_(ref_all_null, pc.is_null(column))
            lookup = pc.unique(ref_keys.filter(pc.invert(ref_all_null)))
            found = _fill(pc.is_in(keys, value_set=lookup))
            note = ""

        def shown(i: int, columns: list[pa.Array] = columns) -> str:
            values = tuple(c[i].as_py() for c in columns)
            return _show(values[0] if len(values) == 1 else values)

        issues += _row_issues(
            resource,
            label,
            pc.and_(checked, pc.invert(found)),
            lambda i, s=shown, r=ref_label, n=note: f"{s(i)} is not in {r}{n}",
            "foreign-key",
            f"not in {ref_label}",
        )
    return issues


# ---------------------------------------------------------------------------------------------------
# CSV == Parquet


def table_differences(csv_table: pa.Table, parquet_table: pa.Table) -> list[tuple[int | None, str | None, str]]:
    """Differences between two tables as (row, field, text): columns, row count, types, nulls, values (NaN equals NaN)."""
    if csv_table.column_names != parquet_table.column_names:
        return [(None, None, f"columns differ: {csv_table.column_names} in CSV, {parquet_table.column_names} in Parquet")]
    diffs: list[tuple[int | None, str | None, str]] = []
    if csv_table.num_rows != parquet_table.num_rows:
        diffs.append((None, None, f"{csv_table.num_rows} rows in CSV, {parquet_table.num_rows} in Parquet"))
    rows = min(csv_table.num_rows, parquet_table.num_rows)
    for name in csv_table.column_names:
        a = _array(csv_table.column(name))[:rows]
        b = _array(parquet_table.column(name))[:rows]
        if a.type != b.type:
            diffs.append((None, name, f"{name}: type {a.type} in CSV, {b.type} in Parquet"))
            continue
        a_null, b_null = pc.is_null(a), pc.is_null(b)
        equal = _fill(pc.equal(a, b))
        if pa.types.is_floating(a.type):
            equal = pc.or_(equal, _fill(pc.and_(pc.is_nan(a), pc.is_nan(b))))
        differ = pc.or_(pc.xor(a_null, b_null), pc.and_(pc.invert(pc.or_(a_null, b_null)), pc.invert(equal)))
        count = pc.sum(differ).as_py() or 0
        for i in pc.indices_nonzero(differ)[:MAX_ROWS_PER_CHECK].to_pylist():
            diffs.append((i + 2, name, f"{name} row {i + 2}: {_show(a[i].as_py())} in CSV, {_show(b[i].as_py())} in Parquet"))
        if count > MAX_ROWS_PER_CHECK:
            diffs.append((None, name, f"{name}: {count - MAX_ROWS_PER_CHECK} more differing rows ({count} in all)"))
    return diffs


def same_table(csv_table: pa.Table, parquet_table: pa.Table) -> list[str]:
    """Differences between the typed CSV table and the Parquet table; [] when they are equal.

    Same columns in the same order, same number of rows, same Arrow types (int64 48 and double 48.0
    differ), same nulls, same values (NaN equals NaN; 0.0 equals -0.0). The first MAX_ROWS_PER_CHECK
    differing rows of a column are named, the rest counted.
    """
    return [text for _, _, text in table_differences(csv_table, parquet_table)]


# ---------------------------------------------------------------------------------------------------
# Package


def _descriptor_issues(descriptor: dict) -> list[Issue]:
    """What colcheck cannot check (reported, never skipped) and descriptor errors frictionless also reports."""
    issues: list[Issue] = []
    resources = descriptor.get("resources", [])
    names = [r.get("name", "") for r in resources]
    for name in {n for n in names if names.count(n) > 1}:
        issues.append(Issue(name, None, None, "two resources have this name", "package-error"))
    by_name = {r.get("name"): r for r in resources}
    for res in resources:
        name = res.get("name", "")
        for key in sorted(set(res) & _UNSUPPORTED_RESOURCE_KEYS):
            issues.append(Issue(name, None, None, f"resource property {key!r} is not supported by colcheck", "unsupported"))
        if res.get("encoding", "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8"):
            issues.append(Issue(name, None, None, f"encoding {res['encoding']!r} is not supported by colcheck", "unsupported"))
        path = res.get("path")
        tabular = res.get("type") == "table" or "schema" in res
        if not isinstance(path, str) or "://" in path:
            issues.append(Issue(name, None, None, f"path {path!r} is not supported by colcheck (one local file only)", "unsupported"))
        elif tabular and _format(res) not in ("csv", "parquet"):
            issues.append(Issue(name, None, None, f"format {_format(res)!r} is not supported by colcheck", "unsupported"))
        if not tabular:
            continue  # a file resource (a workbook, a JSON export): its bytes and hash are checked
        schema = res.get("schema")
        if not isinstance(schema, dict):
            issues.append(Issue(name, None, None, "no inline schema (colcheck needs one)", "unsupported"))
            continue
        if schema.get("fieldsMatch", "exact") != "exact":
            issues.append(Issue(name, None, None, "fieldsMatch other than 'exact' is not supported by colcheck", "unsupported"))
        fields = _fields(schema)
        field_names = _field_names(schema)
        for field in fields:
            issues += _field_issues(name, schema, field)
        for key in _key_fields(schema.get("primaryKey", [])):
            if key not in field_names:
                issues.append(Issue(name, None, key, "primary key field is not in the schema", "schema-error"))
        for fk in schema.get("foreignKeys", []):
            target = fk.get("reference", {}).get("resource") or name
            ref_fields = _key_fields(fk.get("reference", {}).get("fields", []))
            fk_fields = _key_fields(fk.get("fields", []))
            if any(f not in field_names for f in fk_fields) or len(fk_fields) != len(ref_fields):
                issues.append(Issue(name, None, ", ".join(fk_fields), "foreign key fields do not fit the schema", "schema-error"))
            target_res = by_name.get(target)
            if target_res is None:
                issues.append(
                    Issue(name, None, ", ".join(fk_fields), f"foreign key to a resource {target!r} that does not exist", "resource-error")
                )
            elif any(f not in _field_names(target_res.get("schema", {})) for f in ref_fields):
                issues.append(
                    Issue(name, None, ", ".join(fk_fields), f"foreign key to fields {ref_fields} not in {target}", "schema-error")
                )
    return issues


def _field_issues(resource: str, schema: dict, field: dict) -> list[Issue]:
    issues: list[Issue] = []
    name = field.get("name")
    ftype = field.get("type", "string")
    if ftype not in ARROW_TYPES:
        return [Issue(resource, None, name, f"field type {ftype!r} is not supported by colcheck", "unsupported")]
    unsupported = _UNSUPPORTED_FIELD_KEYS | ({"trueValues", "falseValues"} if ftype != "boolean" else set())
    for key in sorted(set(field) & unsupported):
        issues.append(Issue(resource, None, name, f"field property {key!r} is not supported by colcheck", "unsupported"))
    if "required" in field:  # frictionless: '"required" should be set as "constraints.required"' (a metadata error)
        issues.append(Issue(resource, None, name, '"required" must be set as "constraints.required"', "field-error"))
    if field.get("format", "default") != "default":
        issues.append(Issue(resource, None, name, f"format {field['format']!r} is not supported by colcheck", "unsupported"))
    constraints = field.get("constraints", {})
    for key in sorted(set(constraints) - SUPPORTED_CONSTRAINTS[ftype]):
        issues.append(Issue(resource, None, name, f"constraint {key!r} is not supported by type {ftype!r}", "field-error"))
    pattern = constraints.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as err:
            issues.append(Issue(resource, None, name, f"pattern {pattern!r} is not a valid regular expression: {err}", "field-error"))
    for key in (*_BOUNDS, "enum"):
        if key in constraints and key in SUPPORTED_CONSTRAINTS[ftype]:
            for value in constraints[key] if key == "enum" else [constraints[key]]:
                try:
                    _constant(value, field)
                except ValueError as err:
                    issues.append(Issue(resource, None, name, f"{key}: {err}", "field-error"))
    if "example" in field:
        _, bad = type_strings(pa.array([str(field["example"])]), field, [])
        if _any(bad):
            issues.append(Issue(resource, None, name, f"example {field['example']!r} is not a {ftype}", "field-error"))
    return issues


def _format(res: dict) -> str:
    return str(res.get("format") or Path(str(res.get("path", ""))).suffix.lstrip(".")).lower()


def _file_issues(name: str, res: dict, path: Path, fmt: str) -> list[Issue]:
    """Declared bytes and hash (streamed, the file is not held in memory)."""
    issues: list[Issue] = []
    size = path.stat().st_size
    declared = res.get("bytes")
    if declared and fmt == "parquet":
        issues.append(
            Issue(name, None, None, "frictionless 5.21 cannot count the bytes of a Parquet file and fails a declared `bytes`", "byte-count")
        )
    elif declared and declared != size:
        issues.append(Issue(name, None, None, f"the file has {size} bytes, the descriptor says {declared}", "byte-count"))
    declared_hash = res.get("hash")
    if declared_hash:
        algorithm, _, expected = declared_hash.rpartition(":")
        algorithm = algorithm or "md5"
        try:
            with path.open("rb") as handle:
                actual = hashlib.file_digest(handle, algorithm.lower()).hexdigest()
        except ValueError:
            issues.append(Issue(name, None, None, f"hash algorithm {algorithm!r} is not known", "hash-count"))
        else:
            if actual != expected.lower():
                issues.append(Issue(name, None, None, f"the file's {algorithm} is {actual}, the descriptor says {expected}", "hash-count"))
    return issues


def _order(resources: list[dict]) -> list[dict]:
    """Referenced resources first (so foreign keys are checked as soon as a table is read); a Parquet twin right after its CSV."""
    names = [r["name"] for r in resources]
    deps = {}
    for r in resources:
        targets = {fk.get("reference", {}).get("resource") or r["name"] for fk in r.get("schema", {}).get("foreignKeys", [])}
        deps[r["name"]] = {t for t in targets if t != r["name"] and t in names}
    done: list[str] = []
    while len(done) < len(names):
        ready = [n for n in names if n not in done and deps[n] <= set(done)]
        twin = f"{done[-1]}-parquet" if done else None
        if twin in ready:
            done.append(twin)
        elif ready:
            done.append(ready[0])
        else:  # a cycle: read the first one left; its foreign keys to unread resources wait
            done.append(next(n for n in names if n not in done))
    by_name = {r["name"]: r for r in resources}
    return [by_name[n] for n in done]


def check_resource(root: Path, res: dict) -> tuple[pa.Table | None, list[Issue]]:
    """Read one resource (CSV or Parquet), check its file, types and constraints; returns the typed table and the issues."""
    name = res.get("name", "")
    schema = res.get("schema", {})
    path = root / str(res.get("path", ""))
    fmt = _format(res)
    if not path.is_file():
        return None, [Issue(name, None, None, f"no file {res.get('path')!r}", "scheme-error")]
    issues = _file_issues(name, res, path, fmt)
    if fmt == "csv":
        table, read_issues = read_csv_table(path, schema, resource=name, dialect=res.get("dialect"))
    elif fmt == "parquet":
        table, read_issues = read_parquet_table(path, schema, resource=name)
    else:
        return None, issues
    issues += read_issues
    if table is None:
        return None, issues
    for key, actual in (("rows", table.num_rows), ("fields", len(schema.get("fields", [])))):
        if res.get(key) and res[key] != actual:
            issues.append(Issue(name, None, None, f"{actual} {key}, the descriptor says {res[key]}", f"{key[:-1]}-count"))
    type_errors = {(i.row, i.field) for i in read_issues if i.kind == "type-error" and i.row is not None}
    checked = check_table(name, schema, table)
    # frictionless reports a cell that is not of its type once (type error), not also as an empty required cell.
    issues += [i for i in checked if not (i.message.startswith("a value is required") and (i.row, i.field) in type_errors)]
    return table, issues


def check_package(root: Path, descriptor: dict) -> list[Issue]:
    """Everything frictionless validate checks on the package's CSV and Parquet resources, one table at a time.

    Also that each resource "X-parquet" holds the same table as "X"
    (same_table on the typed tables). Only the referenced key columns are kept between tables, and
    a CSV table until its Parquet twin has been read.
    """
    root = Path(root)
    issues = _descriptor_issues(descriptor)
    for res in descriptor.get("resources", []):
        path = root / str(res.get("path", ""))
        if "schema" not in res and res.get("type") != "table":
            issues += (
                _file_issues(res.get("name", ""), res, path, _format(res))
                if path.is_file()
                else [Issue(res.get("name", ""), None, None, f"no file {res.get('path')!r}", "scheme-error")]
            )
    resources = [r for r in descriptor.get("resources", []) if isinstance(r.get("schema"), dict) and r.get("name")]
    referenced: dict[str, set[str]] = {}
    for res in resources:
        for fk in res["schema"].get("foreignKeys", []):
            target = fk.get("reference", {}).get("resource") or res["name"]
            referenced.setdefault(target, set()).update(_key_fields(fk.get("reference", {}).get("fields", [])))
    keys: dict[str, pa.Table] = {}
    read: set[str] = set()
    deferred: list[tuple[str, dict, pa.Table]] = []
    twins: dict[str, pa.Table] = {}
    for res in _order(resources):
        name = res["name"]
        schema = res["schema"]
        table, res_issues = check_resource(root, res)
        issues += res_issues
        read.add(name)
        if table is None:
            continue
        if name in referenced:
            keep = [f for f in sorted(referenced[name]) if f in table.column_names]
            keys[name] = table.select(keep)
        fks = schema.get("foreignKeys", [])
        now = [fk for fk in fks if (fk.get("reference", {}).get("resource") or name) in read | {name}]
        later = [fk for fk in fks if fk not in now]
        issues += check_foreign_keys(name, {**schema, "foreignKeys": now}, table, keys)
        if later:
            fk_fields = sorted({f for fk in later for f in _key_fields(fk["fields"])})
            deferred.append((name, {**schema, "foreignKeys": later}, table.select(fk_fields)))
        if name.endswith("-parquet") and name.removesuffix("-parquet") in twins:
            csv_table = twins.pop(name.removesuffix("-parquet"))
            for row, column, diff in table_differences(csv_table, table):
                issues.append(Issue(name, row, column, f"differs from the CSV: {diff}", "format-mismatch"))
        elif _format(res) == "csv" and f"{name}-parquet" in {r["name"] for r in resources}:
            twins[name] = table
        del table
    for name, schema, table in deferred:
        issues += check_foreign_keys(name, schema, table, keys)
    return issues


def package_problems(root: Path, descriptor: dict, tables: dict[str, list[Any]]) -> list[Problem]:
    """The build's check of the written package: every check above, and every table with its built number of rows."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    problems = [
        Problem(resources.get(i.resource, {}).get("path", i.resource), f"row {i.row}" if i.row else None, i.field, i.message)
        for i in check_package(root, descriptor)
    ]
    for res in descriptor["resources"]:
        name = res["name"].removesuffix("-parquet")
        if name in tables and res.get("schema"):
            rows = pq.ParquetFile(root / res["path"]).metadata.num_rows if _format(res) == "parquet" else None
            if rows is not None and rows != len(tables[name]):
                problems.append(Problem(res["path"], None, None, f"{rows} rows written, {len(tables[name])} built"))
    return problems
