"""Turn checked records into table rows: normalised prose, derived dates, link tables, citations."""

from __future__ import annotations

from typing import Any

from . import schema
from .dates import DateBounds
from .evidence import ArchivedText, locate
from .load_facts import LocatedDict
from .normalise import normalise_text

Row = dict[str, Any]
Tables = dict[str, list[Row]]
CITED_TABLES = {"parties": "party", "stakes": "stake", "events": "event", "quotes": "quote", "disagreements": "disagreement"}


def _row(table: str, rec: LocatedDict) -> Row:
    """The record's input fields in schema order; prose normalised, lists joined, absent values None."""
    row: Row = {}
    for field in schema.fields(table):
        name = field["name"]
        value = rec.get(name)
        if field.get("input_list"):
            value = "; ".join(value) if value else None
        elif isinstance(value, str) and not field.get("verbatim"):
            value = normalise_text(value)
        row[name] = value
    return row


def _citations(table: str, rec: LocatedDict, archive: dict[str, ArchivedText]) -> list[Row]:
    kind = CITED_TABLES[table]
    rid = rec[schema.table(table)["primaryKey"][0]]
    rows, counts = [], {}
    for item in rec["evidence"]:
        source_id = item["source_id"]
        counts[source_id] = counts.get(source_id, 0) + 1
        found = locate(archive[source_id].text, item["exact"])
        assert found is not None, "check_facts.check_evidence runs first"
        row: Row = {name: None for name in schema.field_names("citations")}
        row.update(
            citation_id=f"{kind}.{rid}.{source_id}.{counts[source_id]}",
            source_id=source_id,
            exact=item["exact"],
            start=found.start,
            end=found.end,
            line=found.line,
        )
        row[f"{kind}_id"] = rid
        rows.append(row)
    return rows


def make_tables(
    records: dict[str, list[LocatedDict]], archive: dict[str, ArchivedText], bounds: dict[tuple[str, str], DateBounds]
) -> Tables:
    tables: Tables = {name: [] for name in schema.table_names()}
    for rec in records["sources"]:
        row = _row("sources", rec)
        published = bounds[("sources", rec["source_id"])]
        text = archive[rec["source_id"]]
        row.update(published_start=published.start, published_end=published.end, bytes=text.bytes)
        tables["sources"].append(row)
    for rec in records["parties"]:
        tables["parties"].append(_row("parties", rec))
        for member in rec.get("members") or []:
            tables["party_members"].append({"group_id": rec["party_id"], "member_id": member})
    for rec in records["stakes"]:
        tables["stakes"].append(_row("stakes", rec))
    for rec in records["events"]:
        row = _row("events", rec)
        date = bounds[("events", rec["event_id"])]
        row.update(date_start=date.start, date_end=date.end, date_precision=date.precision)
        tables["events"].append(row)
        for item in rec.get("parties") or []:
            tables["event_parties"].append({"event_id": rec["event_id"], "party_id": item["party_id"], "role": item["role"]})
    for table in ("quotes", "disagreements"):
        tables[table] = [_row(table, rec) for rec in records[table]]
    for table in CITED_TABLES:
        for rec in records[table]:
            tables["citations"].extend(_citations(table, rec, archive))
    return tables
