"""Load the curated facts (YAML) strictly, and check each record against the schema's field rules.

PyYAML silently keeps the last of two equal keys and loses line numbers; this loader refuses
duplicate keys and remembers where every record and key stands, so every problem can name its line.
"""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path
from typing import Any

import yaml

from . import schema
from .dates import parse_date
from .normalise import text_defects
from .problems import BuildError, Problem

Record = dict[str, Any]


class LocatedDict(dict):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when the wheel has it
    pass


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode) -> LocatedDict:
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result.key_lines:
            raise _DuplicateKey(
                None,
                None,
                f"key {key!r} given twice in one record (first on line {result.key_lines[key]})",
                key_node.start_mark,
            )
        result.key_lines[key] = key_node.start_mark.line + 1
        result[key] = loader.construct_object(value_node, deep=True)
    return result


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

EVIDENCE_KEYS = {"source_id", "exact"}
ID_PATTERN = re.compile(schema.spec()["patterns"]["id"])


def read_yaml(path: Path, label: str) -> tuple[Any, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(label, None, None, "facts file is missing")]
    except UnicodeDecodeError as err:
        return None, [Problem(label, None, None, f"not valid UTF-8 ({err.reason} at byte {err.start})")]
    try:
        return yaml.load(text, Loader=StrictLoader), []
    except yaml.MarkedYAMLError as err:
        # The context (where the unclosed bracket or the first key stands) is where a person looks first.
        mark = err.context_mark or err.problem_mark
        message = f"YAML error: {err.problem}"
        if err.context and err.problem_mark:
            message += f" on line {err.problem_mark.line + 1}, {err.context}"
        return None, [Problem(label, None, None, message, mark.line + 1 if mark else None)]
    except yaml.YAMLError as err:
        return None, [Problem(label, None, None, f"YAML error: {err}")]


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date (put quotes around it to give the text)"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def check_value(value: Any, field: schema.Field) -> list[str]:
    """Messages for one value against its field's type and constraints (empty when it is fine)."""
    ftype = field["type"]
    constraints = field.get("constraints", {})
    if field.get("input_list"):
        if not isinstance(value, list):
            return [f"expected a list, got {_type_name(value)}"]
        messages = []
        for item in value:
            if not isinstance(item, str):
                messages.append(f"list items must be text, got {_type_name(item)}")
            elif ";" in item:
                messages.append(f"list item {item!r} contains ';', the column's separator")
            else:
                messages.extend(text_defects(item))
        if len(set(value)) != len(value):
            messages.append("list repeats an item")
        return messages
    if ftype == "string":
        if not isinstance(value, str):
            return [f"expected text, got {_type_name(value)}"]
        messages = text_defects(value)
        if field.get("edtf"):
            try:
                parse_date(value)
            except ValueError as err:
                return [*messages, str(err)]
            return messages
        if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
            messages.append(f"{value!r} does not match the pattern {constraints['pattern']}")
        if "enum" in constraints and value not in constraints["enum"]:
            messages.append(f"{value!r} is not one of: {', '.join(constraints['enum'])}")
        return messages
    if ftype == "boolean":
        return [] if isinstance(value, bool) else [f"expected true or false, got {_type_name(value)}"]
    if ftype in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f"expected a number, got {_type_name(value)}"]
        if ftype == "integer" and not isinstance(value, int):
            return [f"expected a whole number, got {value!r}"]
        if not math.isfinite(value):
            return [f"expected a finite number, got {value!r}"]
        messages = []
        if "minimum" in constraints and value < constraints["minimum"]:
            messages.append(f"{value!r} is below the minimum {constraints['minimum']}")
        if "maximum" in constraints and value > constraints["maximum"]:
            messages.append(f"{value!r} is above the maximum {constraints['maximum']}")
        return messages
    return [f"no input check for type {ftype}"]


def _check_evidence(items: Any, rec: LocatedDict, label: str, rid: str) -> list[Problem]:
    if not isinstance(items, list) or not items:
        return [Problem(label, rid, "evidence", "needs a list of at least one {source_id, exact}", rec.line_of("evidence"))]
    problems = []
    for n, item in enumerate(items, 1):
        line = item.line if isinstance(item, LocatedDict) else rec.line_of("evidence")
        if not isinstance(item, dict) or set(item) != EVIDENCE_KEYS:
            got = sorted(item) if isinstance(item, dict) else _type_name(item)
            problems.append(Problem(label, rid, f"evidence[{n}]", f"needs exactly the keys source_id and exact, got {got}", line))
            continue
        if not isinstance(item["source_id"], str) or not ID_PATTERN.fullmatch(item["source_id"]):
            problems.append(Problem(label, rid, f"evidence[{n}].source_id", f"not a source id: {item['source_id']!r}", line))
        if not isinstance(item["exact"], str) or not item["exact"]:
            problems.append(Problem(label, rid, f"evidence[{n}].exact", "needs the verbatim excerpt as text", line))
    return problems


def _check_extra(key: str, value: Any, rec: LocatedDict, label: str, rid: str) -> list[Problem]:
    line = rec.line_of(key)
    if key == "evidence":
        return _check_evidence(value, rec, label, rid)
    if key == "members":
        if not isinstance(value, list) or not all(isinstance(v, str) and ID_PATTERN.fullmatch(v) for v in value):
            return [Problem(label, rid, key, "needs a list of party ids", line)]
        return []
    if key == "parties":
        role_field = next(f for f in schema.fields("event_parties") if f["name"] == "role")
        if not isinstance(value, list):
            return [Problem(label, rid, key, "needs a list of {party_id, role}", line)]
        problems = []
        for n, item in enumerate(value, 1):
            if not isinstance(item, dict) or set(item) != {"party_id", "role"}:
                problems.append(Problem(label, rid, f"parties[{n}]", "needs exactly the keys party_id and role", line))
                continue
            if not isinstance(item["party_id"], str) or not ID_PATTERN.fullmatch(item["party_id"]):
                problems.append(Problem(label, rid, f"parties[{n}].party_id", f"not a party id: {item['party_id']!r}", line))
            for message in check_value(item["role"], role_field):
                problems.append(Problem(label, rid, f"parties[{n}].role", message, line))
        return problems
    if key == "capture":
        return [] if isinstance(value, str) and value else [Problem(label, rid, key, "needs the capture's file name", line)]
    return []


def check_records(table: str, data: Any, label: str) -> list[Problem]:
    """Shape, type and constraint problems of one facts file."""
    if data is None:
        return [Problem(label, None, None, "facts file is empty")]
    if not isinstance(data, list):
        return [Problem(label, None, None, f"expected a list of records, got {_type_name(data)}")]
    spec = schema.table(table)
    id_field = spec["primaryKey"][0]
    inputs = {f["name"]: f for f in schema.input_fields(table)}
    derived = {f["name"] for f in schema.fields(table)} - set(inputs)
    allowed = set(inputs) | set(spec.get("extra_inputs", []))
    problems: list[Problem] = []
    for index, rec in enumerate(data, 1):
        if not isinstance(rec, LocatedDict):
            problems.append(Problem(label, f"#{index}", None, f"expected a record (mapping), got {_type_name(rec)}"))
            continue
        rid = rec.get(id_field) if isinstance(rec.get(id_field), str) else f"#{index}"
        for key in rec:
            if key in derived:
                problems.append(Problem(label, rid, key, "is derived by the build; do not type it", rec.line_of(key)))
            elif key not in allowed:
                problems.append(Problem(label, rid, key, f"unknown field (known: {', '.join(sorted(allowed))})", rec.line_of(key)))
        for name, field in inputs.items():
            value = rec.get(name)
            if value is None or value == []:
                if field.get("constraints", {}).get("required"):
                    problems.append(Problem(label, rid, name, "required field is missing or empty", rec.line_of(name)))
                continue
            for message in check_value(value, field):
                problems.append(Problem(label, rid, name, message, rec.line_of(name)))
        for key in spec.get("extra_inputs", []):
            if key in rec:
                problems.extend(_check_extra(key, rec[key], rec, label, rid))
            elif key == "evidence":
                problems.append(Problem(label, rid, "evidence", "every record needs at least one citation", rec.line))
    return problems


def load_facts(facts_dir: Path) -> dict[str, list[LocatedDict]]:
    """Every facts file, checked; raises BuildError listing every problem found."""
    records: dict[str, list[LocatedDict]] = {}
    problems: list[Problem] = []
    for table in schema.table_names():
        filename = schema.table(table).get("facts")
        if not filename:
            continue
        label = f"facts/{filename}"
        data, read_problems = read_yaml(facts_dir / filename, label)
        problems.extend(read_problems)
        if read_problems:
            continue
        shape_problems = check_records(table, data, label)
        problems.extend(shape_problems)
        records[table] = [r for r in data if isinstance(r, LocatedDict)] if isinstance(data, list) else []
    if problems:
        raise BuildError(problems)
    return records
