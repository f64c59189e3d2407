"""Which excerpts state which cell, read from a published package (its descriptor and its tables).

The descriptor says it all: citations point at a row of a cited table through a foreign key column
(every foreign key of citations but `source_id`, the text the excerpt is from); citation_fields names
the fields each citation states; each field's `provenance` says whether it needs one. The README's
census, the data card and the exports compute "the evidence of a cell" here and nowhere else.
"""

from collections import Counter, defaultdict
from typing import Any

from scripts.model.schema import Row, Tables
from scripts.package.reader import grouped, resource


def cited_columns(descriptor: dict[str, Any]) -> dict[str, str]:
    """Cited table -> the citations column that points at its rows."""
    keys = resource(descriptor, "citations")["schema"]["foreignKeys"]
    return {fk["reference"]["resource"]: fk["fields"][0] for fk in keys if fk["fields"] != ["source_id"]}


def cited_rows(tables: Tables, descriptor: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """citation id -> (table, row id) of the row it supports, in citation order."""
    columns = cited_columns(descriptor).items()
    return {c["citation_id"]: next((t, c[col]) for t, col in columns if c[col] is not None) for c in tables["citations"]}


def cell_spans(tables: Tables, descriptor: dict[str, Any]) -> dict[tuple[str, str, str], list[Row]]:
    """(table, row id, field) -> the citation_fields rows (the spans) that state that cell, each with its citation's
    source_id, in citation order."""
    spans_of = grouped(tables["citation_fields"], "citation_id")
    out: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for c, (table, row_id) in zip(tables["citations"], cited_rows(tables, descriptor).values(), strict=True):
        for span in spans_of.get(c["citation_id"], []):
            out[(table, row_id, span["field"])].append({**span, "source_id": c["source_id"]})
    return out


def cell_evidence(tables: Tables, descriptor: dict[str, Any]) -> dict[tuple[str, str, str], list[str]]:
    """(table, row id, field) -> ids of the citations that state that cell, in citation order."""
    return {cell: list(dict.fromkeys(s["citation_id"] for s in spans)) for cell, spans in cell_spans(tables, descriptor).items()}


def stated_by(tables: Tables, descriptor: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    """(table, row id, field) -> the sources whose spans state that cell, comma-separated: whom a generated table
    credits with a value."""
    return {cell: ", ".join(sorted({s["source_id"] for s in spans})) for cell, spans in cell_spans(tables, descriptor).items()}


def kind_census(tables: Tables, descriptor: dict[str, Any]) -> dict[str, Counter[str]]:
    """Per kind of stated field: its non-empty cells, how many a rule proved (a span by a rule other than judgement),
    how many rest on a judgement only, how many have no span at all (failures: the build refuses them), and spans."""
    spans = cell_spans(tables, descriptor)
    census: dict[str, Counter[str]] = defaultdict(Counter)
    for name, rows in tables.items():
        schema = resource(descriptor, name)["schema"]
        key = schema["primaryKey"][0]
        for field in (f for f in schema["fields"] if f["provenance"] == "stated"):
            for row in rows:
                if row[field["name"]] is None:
                    continue
                found = spans.get((name, row[key], field["name"]), [])
                counts = census[field["kind"]]
                counts["cells"] += 1
                counts["spans"] += len(found)
                rules = {s["rule"] for s in found}
                counts["checked" if rules - {"judgement"} else "judgement" if rules else "failures"] += 1
    return dict(sorted(census.items()))
