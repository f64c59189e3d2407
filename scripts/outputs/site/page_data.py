"""The data the page's script works from: every table's rows, and what backs each cell.

The evidence of a stated cell is computed here from citations and citation_fields, by
scripts/package/evidence.py (cell_spans), never from the row itself: a cell shows exactly the
excerpts whose citation names its field, each with the words (the span) that state the value marked. A
derived cell shows its field's rule (the description in datapackage.json) and the fields of the row that the
rule names; editorial and key cells say what they are. All of it is read from the published package.
"""

from __future__ import annotations

import re
from typing import Any

from scripts.outputs.site.provenance import PROVENANCE
from scripts.package.evidence import cell_spans, cited_columns
from scripts.package.reader import Package

EXCERPT = ("source_id", "exact", "citation_id", "start", "end")  # the citations columns an excerpt is shown with


def excerpt_index(package: Package) -> dict[str, int]:
    """citation_id -> its excerpt's index: the citations row of that index (the script reads the excerpt from it)."""
    return {c["citation_id"]: i for i, c in enumerate(package.tables["citations"])}


def row_evidence(package: Package, index: dict[str, int]) -> tuple[dict[str, list[list[int]]], dict[str, str | None]]:
    """Per table and row, the excerpts that row rests on (its citations), and for tables without citations of
    their own, which column leads to the evidence: a citations row is its own excerpt, a citation_fields row
    its citation's."""
    tables = package.tables
    columns = cited_columns(package.descriptor)
    by_target: dict[tuple[str, Any], list[int]] = {}
    for c in tables["citations"]:
        for table, column in columns.items():
            if c.get(column) is not None:
                by_target.setdefault((table, c[column]), []).append(index[c["citation_id"]])
    evidence: dict[str, list[list[int]]] = {}
    via: dict[str, str | None] = {}
    for resource in package.csv_resources():
        name, schema = resource["name"], resource["schema"]
        via[name] = None
        if name in columns:
            pk = schema["primaryKey"][0]
            evidence[name] = [by_target.get((name, r[pk]), []) for r in tables[name]]
        elif name == "citations":
            evidence[name] = [[index[c["citation_id"]]] for c in tables[name]]
        else:
            fk = next(fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] == "citations")
            field = fk["fields"][0]
            evidence[name] = [[index[r[field]]] for r in tables[name]]
            via[name] = f"citations ({field})"
    return evidence, via


def cells(package: Package, index: dict[str, int]) -> dict[str, list[list[Any]]]:
    """Per table, [row index, field index, [[excerpt index, span start, span end, rule], ...]] for every cell that
    citations state (cell_spans): the words of each excerpt that state the value, offsets into the excerpt."""
    row_of: dict[str, dict[Any, int]] = {}
    fields_of: dict[str, list[str]] = {}
    out: dict[str, list[list[Any]]] = {}
    for resource in package.csv_resources():
        name, schema = resource["name"], resource["schema"]
        key = schema["primaryKey"][0]
        row_of[name] = {row[key]: i for i, row in enumerate(package.tables[name])}
        fields_of[name] = [f["name"] for f in schema["fields"]]
        out[name] = []
    starts = {c["citation_id"]: c["start"] for c in package.tables["citations"]}
    for (table, row_id, field), spans in cell_spans(package.tables, package.descriptor).items():
        shown = [
            [index[s["citation_id"]], s["start"] - starts[s["citation_id"]], s["end"] - starts[s["citation_id"]], s["rule"]] for s in spans
        ]
        out[table].append([row_of[table][row_id], fields_of[table].index(field), shown])
    for triples in out.values():
        triples.sort()
    return out


def rule_inputs(resource: dict[str, Any]) -> dict[str, list[int]]:
    """For each derived field, the other fields of its table that its description (the rule) names, in the order named."""
    fields = [f["name"] for f in resource["schema"]["fields"]]
    out: dict[str, list[int]] = {}
    for f in resource["schema"]["fields"]:
        if f["provenance"] != "derived":
            continue
        words = re.findall(r"[A-Za-z0-9_]+", f.get("description", ""))
        named = [w for w in dict.fromkeys(words) if w in fields and w != f["name"]]
        out[f["name"]] = [fields.index(w) for w in named]
    return out


def links(package: Package, resource: dict[str, Any]) -> dict[str, list[str]]:
    """Cells that link somewhere: a foreign key to the row it names, a URL to itself, an archive path to its page."""
    out: dict[str, list[str]] = {}
    for fk in resource["schema"].get("foreignKeys", []):
        target = package.resource(fk["reference"]["resource"])
        if len(fk["fields"]) == 1 and len(target["schema"]["primaryKey"]) == 1:
            out[fk["fields"][0]] = ["row", target["name"]]
    for f in resource["schema"]["fields"]:
        pattern = f.get("constraints", {}).get("pattern", "")
        if pattern.startswith("^https?://"):
            out[f["name"]] = ["url"]
        elif f["name"] == "archive_path":
            out[f["name"]] = ["archive"]
    return out


def page_data(package: Package) -> dict[str, Any]:
    """Everything the script needs, as JSON-ready values (deterministic: same package, same data)."""
    index = excerpt_index(package)
    citations = [f["name"] for f in package.resource("citations")["schema"]["fields"]]
    evidence, via = row_evidence(package, index)
    stated = cells(package, index)
    tables = []
    for resource in package.csv_resources():
        name, schema = resource["name"], resource["schema"]
        fields = [f["name"] for f in schema["fields"]]
        tables.append(
            {
                "name": name,
                "title": resource["title"],
                "fields": fields,
                "types": [f["type"] for f in schema["fields"]],
                "provenance": [f["provenance"] for f in schema["fields"]],
                "descriptions": [f.get("description", "") for f in schema["fields"]],
                "rules": rule_inputs(resource),
                "key": schema["primaryKey"],
                "links": links(package, resource),
                "rows": [[row[f] for f in fields] for row in package.tables[name]],
                "evidence": evidence[name],
                "via": via[name],
                "cells": stated[name],
            }
        )
    sources = {s["source_id"]: [s["publisher"], s["title"], s["published"]] for s in package.tables["sources"]}
    return {
        "tables": tables,
        "excerpt": {name: citations.index(name) for name in EXCERPT},
        "sources": sources,
        "provenance": PROVENANCE,
    }
