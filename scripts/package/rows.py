"""Turn checked records into table rows: normalised prose, derived values, citations and the fields they support."""

from scripts.inputs.archive import ArchivedText
from scripts.inputs.checks import Bounds, Locations
from scripts.inputs.located_yaml import LocatedDict
from scripts.inputs.spans import Spans
from scripts.model import schema
from scripts.model.schema import Row, Tables
from scripts.model.text import normalise_text


def _row(table: str, rec: LocatedDict) -> Row:
    """The record's fields in schema order; prose normalised, lists joined, absent values None."""
    row: Row = {}
    for field in schema.fields(table):
        name = field["name"]
        value = rec.get(name)
        if field.get("input_list"):
            value = schema.LIST_SEPARATOR.join(value) if value else None
        elif isinstance(value, str) and not field.get("verbatim"):
            value = normalise_text(value)
        row[name] = value
    return row


def _citations(
    table: str, rec: LocatedDict, locations: Locations, spans: Spans, archive: dict[str, ArchivedText]
) -> tuple[list[Row], list[Row]]:
    """The record's citations, and the words that state each field they support (in schema order)."""
    rid = rec[schema.key_field(table)]
    order = schema.field_names(table)
    citations, fields, counts = [], [], dict[str, int]()
    for n, item in enumerate(rec["evidence"], 1):
        source_id = item["source_id"]
        counts[source_id] = counts.get(source_id, 0) + 1
        where = locations[(table, rid, n)]
        row: Row = dict.fromkeys(schema.field_names("citations"))
        row.update(
            citation_id=f"{schema.row_kind(table)}.{rid}.{source_id}.{counts[source_id]}",
            source_id=source_id,
            exact=item["exact"],
            prefix=where.prefix or None,
            suffix=where.suffix or None,
            start=where.start,
            end=where.end,
            line=where.line,
        )
        row[schema.citation_column(table)] = rid
        citations.append(row)
        fields += [
            {
                "citation_id": row["citation_id"],
                "field": s.field,
                "as_written": archive[source_id].text[s.start : s.end],
                "start": s.start,
                "end": s.end,
                "rule": s.rule,
            }
            for s in sorted(spans[(table, rid, n)], key=lambda s: (order.index(s.field), s.start))
        ]
    return citations, fields


def make_tables(
    records: dict[str, list[LocatedDict]], archive: dict[str, ArchivedText], bounds: Bounds, locations: Locations, spans: Spans
) -> Tables:
    tables: Tables = {table: [_row(table, rec) for rec in records.get(table, [])] for table in schema.table_names()}
    for row in tables["sources"]:
        published, text = bounds[("sources", row["source_id"], "published")], archive[row["source_id"]]
        row.update(
            title=row["headline"] or f"[{row['supplied_title']}]",
            published_start=published.start,
            published_end=published.end,
            published_uncertain=published.uncertain,
            sha256=text.sha256,
            bytes=text.bytes,
        )
    for row in tables["events"]:
        date = bounds[("events", row["event_id"], "date")]
        row.update(date_start=date.start, date_end=date.end, date_precision=date.precision, date_uncertain=date.uncertain)
    for table in schema.cited_tables():
        for rec in records.get(table, []):
            citations, fields = _citations(table, rec, locations, spans, archive)
            tables["citations"] += citations
            tables["citation_fields"] += fields
    return tables
