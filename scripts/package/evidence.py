"""Which excerpts state which cell, read from a published package (its descriptor and its tables).

The descriptor says it all: citations point at a row of a cited table through a foreign key column
(every foreign key of citations but `source_id`, the text the excerpt is from); citation_fields names
the fields each citation states; each field's `provenance` says whether it needs one. The README's
census, the data card and the exports compute "the evidence of a cell" here and nowhere else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, get_args

from scripts.model.schema import Provenance, Tables
from scripts.package.reader import resource

ROLES: tuple[str, ...] = get_args(Provenance)  # key, stated, derived, editorial: as schema.yaml's format defines them


def cited_columns(descriptor: dict[str, Any]) -> dict[str, str]:
    """Cited table -> the citations column that points at its rows."""
    keys = resource(descriptor, "citations")["schema"]["foreignKeys"]
    return {fk["reference"]["resource"]: fk["fields"][0] for fk in keys if fk["fields"] != ["source_id"]}


def cell_evidence(tables: Tables, descriptor: dict[str, Any]) -> dict[tuple[str, str, str], list[str]]:
    """(table, row id, field) -> ids of the citations that state that cell, in citation order."""
    columns = cited_columns(descriptor)
    fields_of: dict[str, list[str]] = defaultdict(list)
    for row in tables["citation_fields"]:
        fields_of[row["citation_id"]].append(row["field"])
    out: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for c in tables["citations"]:
        for table, column in columns.items():
            if c[column] is not None:
                for field in fields_of[c["citation_id"]]:
                    out[(table, c[column], field)].append(c["citation_id"])
    return out


def provenance_census(tables: Tables, descriptor: dict[str, Any]) -> dict[str, Counter[str]]:
    """Per table: non-empty cells by provenance, and `unsupported`, the stated cells no citation states."""
    evidence = cell_evidence(tables, descriptor)
    census: dict[str, Counter[str]] = {}
    for name, rows in tables.items():
        schema = resource(descriptor, name)["schema"]
        key = schema["primaryKey"][0]
        counts: Counter[str] = Counter(dict.fromkeys([*ROLES, "unsupported"], 0))
        for field in schema["fields"]:
            role = field["provenance"]
            for row in rows:
                if row[field["name"]] is None:
                    continue
                counts[role] += 1
                if role == "stated" and not evidence.get((name, row[key], field["name"])):
                    counts["unsupported"] += 1
        census[name] = counts
    return census
