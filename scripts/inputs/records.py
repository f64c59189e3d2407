"""Read the facts files and check each record against the schema's field rules: shape, types, constraints, evidence
items; rows typed inside other records (participations, memberships) become records of their own tables."""

import datetime
import json
import math
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from frictionless import Field

from scripts.inputs.located_yaml import LocatedDict, read_yaml
from scripts.model import schema
from scripts.model.dates import parse_date
from scripts.model.problems import BuildError, Problem
from scripts.model.text import text_defects

_TYPE_NAMES = (  # the first that fits: a boolean is also an int
    (bool, "a boolean"),
    (int | float, "a number"),
    (datetime.date, "a date (put quotes around it to give the text)"),
    (str, "text"),
    (list, "a list"),
    (dict, "a mapping"),
)


def _type_name(value: Any) -> str:
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), type(value).__name__)


NATIVE = {"string": (str,), "boolean": (bool,), "number": (int, float), "integer": (int,)}
WHAT = {"string": "text", "boolean": "true or false", "number": "a number", "integer": "a whole number"}
INT64 = 2**63
Records = dict[str, list[LocatedDict]]  # table -> its records, as load_facts returns them


@cache
def _field(descriptor: str) -> Field:
    return Field.from_descriptor(json.loads(descriptor))


def readers(table: str) -> dict[str, Field]:
    """frictionless' own fields of a table, from its Table Schema as datapackage.json publishes it."""
    return {f["name"]: _field(json.dumps(f, sort_keys=True)) for f in schema.table_schema(table)["fields"]}


def _broken(key: str, value: Any, constraints: dict[str, Any]) -> str:
    """Our words for a constraint frictionless found broken."""
    if key == "enum":
        return f"{value!r} is not one of: {', '.join(map(str, constraints['enum']))}"
    words = {"pattern": "does not match the pattern", "minimum": "is below the minimum", "maximum": "is above the maximum"}
    return f"{value!r} {words.get(key, f'breaks the constraint {key}:')} {constraints.get(key, '')}".rstrip()


def check_value(value: Any, field: dict[str, Any], reader: Field) -> list[str]:
    """Messages for one value against its field: its YAML type is the field's (a quoted "24" is text, not a number),
    then frictionless reads it and checks the constraints; an EDTF date must also be a real one."""
    if field.get("input_list"):
        if not isinstance(value, list):
            return [f"expected a list, got {_type_name(value)}"]
        messages = []
        for item in value:
            if not isinstance(item, str):
                messages.append(f"list items must be text, got {_type_name(item)}")
            elif schema.LIST_SEPARATOR.strip() in item:
                messages.append(f"list item {item!r} contains {schema.LIST_SEPARATOR.strip()!r}, the column's separator")
            else:
                messages.extend(text_defects(item))
        return messages + (["list repeats an item"] if len(set(map(str, value))) != len(value) else [])
    ftype = field["type"]
    if not isinstance(value, NATIVE[ftype]) or (ftype != "boolean" and isinstance(value, bool)):
        return [f"expected {WHAT[ftype]}, got {_type_name(value)}"]
    if isinstance(value, float) and not math.isfinite(value):
        return [f"expected a finite number, got {value!r}"]
    if (ftype == "number" and isinstance(value, int) and float(value) != value) or (ftype == "integer" and not -INT64 <= value < INT64):
        holder = "a double" if ftype == "number" else "a 64-bit integer"
        return [f"{value} has more digits than {holder} holds: it would be published changed"]
    messages = text_defects(value) if isinstance(value, str) else []
    if field.get("edtf"):  # its own message says more than the pattern's
        try:
            parse_date(value)
        except ValueError as err:
            return [*messages, str(err)]
    _, notes = reader.read_cell(value)
    return messages + [_broken(key, value, field.get("constraints", {})) for key in notes or {} if key != "required"]


EVIDENCE_KEYS = ("source_id", "exact", "supports")  # required
CONTEXT_KEYS = ("prefix", "suffix")  # optional: text just before and after, to pick one of several occurrences
SPAN_KEYS = ("spans", "refers")  # optional: the words that state a field where no rule finds them; anaphors and their parties


def _check_evidence(table: str, items: Any, rec: LocatedDict, label: str, rid: str) -> Iterator[Problem]:
    if not isinstance(items, list) or not items:
        yield Problem(label, rid, "evidence", "needs a list of at least one {source_id, exact, supports}", rec.line_of("evidence"))
        return
    columns = {f["name"]: f for f in schema.fields(table)}
    for n, item in enumerate(items, 1):
        where = f"evidence[{n}]"
        if not isinstance(item, dict) or not set(EVIDENCE_KEYS) <= set(item) <= {*EVIDENCE_KEYS, *CONTEXT_KEYS, *SPAN_KEYS}:
            got = sorted(item) if isinstance(item, dict) else _type_name(item)
            message = f"needs the keys source_id, exact and supports (and may have prefix, suffix, spans, refers), got {got}"
            yield Problem(label, rid, where, message, item.line if isinstance(item, LocatedDict) else rec.line_of("evidence"))
            continue
        for key in SPAN_KEYS:
            value = item.get(key, {})
            if not isinstance(value, dict) or not all(isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items()):
                what = "{field: words of the excerpt}" if key == "spans" else "{words of the excerpt: party_id}"
                yield Problem(label, rid, f"{where}.{key}", f"needs a mapping {what}", item.line_of(key))
        if not isinstance(item["source_id"], str) or not re.fullmatch(schema.spec()["patterns"]["id"], item["source_id"]):
            yield Problem(label, rid, f"{where}.source_id", f"not a source id: {item['source_id']!r}", item.line_of("source_id"))
        for key in ("exact", *CONTEXT_KEYS):
            if key in item and (not isinstance(item[key], str) or not item[key]):
                yield Problem(label, rid, f"{where}.{key}", "needs verbatim text of the archived source", item.line_of(key))
        supports, line = item["supports"], item.line_of("supports")
        if not isinstance(supports, list) or not supports or not all(isinstance(s, str) for s in supports):
            yield Problem(label, rid, f"{where}.supports", "needs a list of the fields this excerpt states (no default)", line)
            continue
        if len(set(supports)) != len(supports):
            yield Problem(label, rid, f"{where}.supports", "names a field twice", line)
        for name in supports:
            if name not in columns:
                yield Problem(label, rid, f"{where}.supports", f"names {name!r}, which table {table} does not have", line)
            elif columns[name]["provenance"] != "stated":
                why = f"names {name!r}, whose provenance is {columns[name]['provenance']}: an excerpt supports stated fields only"
                yield Problem(label, rid, f"{where}.supports", why, line)


def _check_furniture(value: Any, rec: LocatedDict, label: str, rid: str) -> Iterator[Problem]:
    line = rec.line_of("furniture")
    if not isinstance(value, list):
        yield Problem(label, rid, "furniture", "needs a list of {lines: [first, last], what}", line)
        return
    for n, item in enumerate(value, 1):
        lines = item.get("lines") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or set(item) != {"lines", "what"}
            or not isinstance(lines, list)
            or len(lines) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in lines)
            or lines[0] > lines[1]
            or not isinstance(item["what"], str)
        ):
            yield Problem(label, rid, f"furniture[{n}]", "needs {lines: [first, last], what}, first <= last", line)


def record_id(table: str, rec: LocatedDict) -> str:
    """The id of a loaded record (nested rows have their key by then)."""
    return str(rec.get(schema.key_field(table)))


def check_records(table: str, data: Any, label: str, parent: tuple[str, str] | None = None) -> Iterator[Problem]:
    """Shape, type and constraint problems of the records of one table: a facts file, or the rows nested in one record
    (then `parent` is the field that takes the parent's id, and that id)."""
    parent_field = parent[0] if parent else None
    if not isinstance(data, list):
        yield Problem(label, None, None, "facts file is empty" if data is None else f"expected a list of records, got {_type_name(data)}")
        return
    spec = schema.table(table)
    inputs = {f["name"]: f for f in schema.fields(table) if f.get("input", True) and f["name"] != parent_field}  # typed by the curator
    fields = readers(table)
    computed = set(schema.field_names(table)) - set(inputs) - {parent_field}
    nested = {under for _t, under, _p in schema.nested_tables(table)}
    allowed = set(inputs) | set(spec.get("extra_inputs", [])) | nested | ({"evidence"} if spec.get("cited_as") else set())
    key_fields = spec.get("key_from") or [schema.key_field(table)]
    for index, rec in enumerate(data, 1):
        if not isinstance(rec, LocatedDict):
            yield Problem(label, f"#{index}", None, f"expected a record (mapping), got {_type_name(rec)}")
            continue
        row = {**rec, **dict([parent])} if parent else rec
        parts = [row.get(f) for f in key_fields]
        rid = ".".join(parts) if all(isinstance(p, str) for p in parts) else f"#{index}"  # key, or what it is made of; or position
        for key in rec:
            if key in computed or key == parent_field:
                why = "is derived by the build" if key in computed else "comes from the record it is nested in"
                yield Problem(label, rid, key, f"{why}; do not type it", rec.line_of(key))
            elif key not in allowed:
                yield Problem(label, rid, key, f"unknown field (known: {', '.join(sorted(allowed))})", rec.line_of(key))
        for name, field in inputs.items():
            value = rec.get(name)
            if value is None or value == []:
                if field.get("constraints", {}).get("required"):
                    yield Problem(label, rid, name, "required field is missing or empty", rec.line_of(name))
                continue
            for message in check_value(value, field, fields[name]):
                yield Problem(label, rid, name, message, rec.line_of(name))
        if spec.get("cited_as"):
            if "evidence" in rec:
                yield from _check_evidence(table, rec["evidence"], rec, label, rid)
            else:
                yield Problem(label, rid, "evidence", "every record needs at least one citation", rec.line)
        if "furniture" in rec:
            yield from _check_furniture(rec["furniture"], rec, label, rid)


def _take_nested(table: str, records: list[LocatedDict], label: str, out: Records) -> list[Problem]:
    """Rows of the tables typed inside these records: checked, given their parent's id and their key, added to out."""
    problems = []
    parent_key = schema.key_field(table)
    for child, under, parent_field in schema.nested_tables(table):
        out.setdefault(child, [])
        key_from = schema.table(child).get("key_from")
        for rec in records:
            items = rec.get(under)
            if items is None or not isinstance(rec.get(parent_key), str):
                continue
            child_problems = list(check_records(child, items, label, (parent_field, rec[parent_key])))
            problems.extend(child_problems)
            if child_problems:  # items that are no list among them
                continue
            for item in items:
                row = LocatedDict(item)
                row.line, row.key_lines, row.file = item.line, {**item.key_lines, parent_field: rec.line}, label
                row[parent_field] = rec[parent_key]
                if key_from:
                    row[schema.key_field(child)] = ".".join(str(row[f]) for f in key_from)
                out[child].append(row)
        problems.extend(_take_nested(child, out[child], label, out))
    return problems


def load_facts(facts_dir: Path) -> Records:
    """The records typed in facts/, by table (nested ones included), each knowing its file and line; BuildError lists every problem."""
    records: Records = {}
    problems: list[Problem] = []
    for table in schema.table_names():
        filename = schema.facts_file(table)
        if not filename:
            continue
        label = f"facts/{filename}"
        data, read_problems = read_yaml(facts_dir / filename, label)
        problems.extend(read_problems)
        if read_problems:
            continue
        problems.extend(check_records(table, data, label))
        records[table] = [r for r in data if isinstance(r, LocatedDict)] if isinstance(data, list) else []
        for rec in records[table]:
            rec.file = label
        problems.extend(_take_nested(table, records[table], label, records))
    if problems:
        raise BuildError(problems)
    return records
