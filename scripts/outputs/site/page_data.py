"""The data the page's script works from: every table's rows, and what backs each cell, from the published package.

A stated cell's evidence comes from citations and citation_fields through scripts/package/evidence.py
(cell_spans), never from the row itself: the excerpts whose citation names its field, each with the words (the
span) that state the value. A derived cell shows its field's rule (its description) and the fields it names.
"""

import re
from typing import Any

from scripts.model.schema import provenance
from scripts.package.evidence import cell_spans, cited_columns, cited_rows
from scripts.package.reader import Package, csv_resources, resource

EXCERPT = ("source_id", "exact", "citation_id", "start", "end")  # the citations columns an excerpt is shown with


def _links(fields: list[dict[str, Any]], foreign_keys: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Cells that link somewhere: a foreign key to the row it names, a URL to itself, an archive path to its page."""
    out = {fk["fields"][0]: ["row", fk["reference"]["resource"]] for fk in foreign_keys if len(fk["fields"]) == 1}
    out |= {f["name"]: ["url"] for f in fields if f.get("constraints", {}).get("pattern", "").startswith("^https?://")}
    return out | {f["name"]: ["archive"] for f in fields if f["name"] == "archive_path"}


def page_data(package: Package) -> dict[str, Any]:
    """Everything the script needs, as JSON-ready values: per table its rows, each row's excerpts (indexes into the
    citations rows), and per stated cell [row, field, [[excerpt, span start, span end, rule], ...]] (offsets into the excerpt)."""
    tables, columns = package.tables, cited_columns(package.descriptor)
    excerpt = {c["citation_id"]: i for i, c in enumerate(tables["citations"])}
    start = {c["citation_id"]: c["start"] for c in tables["citations"]}
    rests_on: dict[tuple[str, Any], list[int]] = {}
    for cid, row in cited_rows(tables, package.descriptor).items():
        rests_on.setdefault(row, []).append(excerpt[cid])
    stated = {  # the excerpts that state each cell, with the offsets of their words in the excerpt
        cell: [
            [excerpt[s["citation_id"]], s["start"] - start[s["citation_id"]], s["end"] - start[s["citation_id"]], s["rule"]] for s in spans
        ]
        for cell, spans in cell_spans(tables, package.descriptor).items()
    }
    out = []
    for r in csv_resources(package.descriptor):
        name, fields, schema = r["name"], [f["name"] for f in r["schema"]["fields"]], r["schema"]
        rows, key = tables[name], schema["primaryKey"][0]
        cited = name in columns  # a cited table's rows rest on their citations; citations on themselves, citation_fields on theirs
        cells = [
            [i, j, stated[name, row[key], f]] for i, row in enumerate(rows) for j, f in enumerate(fields) if (name, row[key], f) in stated
        ]
        derived = {f["name"]: f for f in schema["fields"] if f["provenance"] == "derived"}
        out.append(
            {
                "name": name,
                "fields": fields,
                "types": [f["type"] for f in schema["fields"]],
                "provenance": [f["provenance"] for f in schema["fields"]],
                "descriptions": [f.get("description", "") for f in schema["fields"]],
                # for each derived field, the other fields of its table that its rule names, in the order named
                "rules": {
                    n: [fields.index(w) for w in dict.fromkeys(re.findall(r"\w+", f["description"])) if w in fields and w != n]
                    for n, f in derived.items()
                },
                "key": schema["primaryKey"],
                "links": _links(schema["fields"], schema.get("foreignKeys", [])),
                "rows": [[row[f] for f in fields] for row in rows],
                "evidence": [rests_on.get((name, row[key]), []) if cited else [excerpt[row["citation_id"]]] for row in rows],
                "via": None if cited or name == "citations" else "citations (citation_id)",
                "cells": cells,
            }
        )
    sources = {s["source_id"]: [s["publisher"], s["title"], s["published"]] for s in tables["sources"]}
    citations = [f["name"] for f in resource(package.descriptor, "citations")["schema"]["fields"]]
    roles = {role: f"{role.capitalize()} — {meaning}" for role, meaning in provenance().items()}  # schema.yaml's words
    return {"tables": out, "excerpt": {n: citations.index(n) for n in EXCERPT}, "sources": sources, "provenance": roles}
