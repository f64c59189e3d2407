"""Datasette metadata for the SQLite export, generated from the published descriptor (never typed by hand).

Written beside the database as <stem>-datasette.json by the same publication (`python -m scripts sqlite`),
so the two always describe the same tables; `python -m scripts serve` starts Datasette with both. It holds
the package's title, description, licence and source; per table its description and keys, each column's
description with its provenance, a label column (so that ids show names), facets and a default sort;
and three canned queries: who owns what (with the excerpts), everything about one party, and the
excerpts that state one value. Byte-identical from run to run: the same descriptor gives the same bytes.

Datasette 0.65 reads all of this from metadata (label_column, facets, sort and queries moved to a
separate configuration file only in Datasette 1.0). The full-text search needs no entry: Datasette
finds the export's <table>_fts indexes by their `content=` clause.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scripts.model.files import DESCRIPTOR
from scripts.outputs.sqlite.patterns import sql_string
from scripts.package.evidence import cited_columns
from scripts.package.reader import csv_resources

PACKAGE_ROUTE = "/-/package/"  # where `python -m scripts serve` serves the published files (the source links)

# Presentation, per table: the column that names a row where another table points at it (Datasette shows
# "name (id)" for a foreign key), and the default sort (Datasette's own default is the primary key):
# parties by name, events by the latest day they can have happened (the README's timeline), the largest
# stakes first (a stake without a figure after those with one).
LABEL_COLUMNS = {
    "sources": "title",
    "parties": "name",
    "events": "summary",
    "quotes": "text",
    "disagreements": "topic",
    "citations": "exact",
}
SORT = {"parties": "name", "events": "date_end"}
SORT_DESC = {"stakes": "share_exact"}
# The share and holder fields of a stake: the excerpts of "who owns what" are those that state one of them
STAKE_EVIDENCE_FIELDS = ["holder_id", "share_exact", "share_min", "share_max"]


def metadata_path(database: Path) -> Path:
    """dist/<name>.sqlite -> dist/<name>-datasette.json."""
    return database.with_name(f"{database.stem}-datasette.json")


def column_description(field: dict[str, Any]) -> str:
    """The field's description and its provenance (key, stated, derived or editorial)."""
    return f"{' '.join(field['description'].split())} Provenance: {field['provenance']}."


def table_description(resource: dict[str, Any], cited_by: str | None) -> str:
    """The resource's description and its keys, as the README's dictionary gives them; for a cited table, where
    the excerpts of its stated cells are."""
    schema = resource["schema"]
    keys = [f"primary key ({', '.join(schema['primaryKey'])})"]
    keys += [f"{', '.join(fk['fields'])} → {fk['reference']['resource']}" for fk in schema.get("foreignKeys", [])]
    text = f"{' '.join(resource['description'].split())} Keys: {'; '.join(keys)}."
    if cited_by:
        key = schema["primaryKey"][0]
        text += f" The excerpts that state a cell: query trace_value with column={cited_by}, the row's {key} and the field."
    return text


def facets(resource: dict[str, Any]) -> list[str]:
    """Columns whose values come from a short closed list: enums, and required references to the sources."""
    out = []
    references = {fk["fields"][0]: fk["reference"]["resource"] for fk in resource["schema"].get("foreignKeys", [])}
    for field in resource["schema"]["fields"]:
        required = field.get("constraints", {}).get("required", False)
        if "enum" in field.get("constraints", {}) or (required and references.get(field["name"]) == "sources"):
            out.append(field["name"])
    return out


def table_metadata(descriptor: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    name = resource["name"]
    cited_by = cited_columns(descriptor).get(name)
    fields = resource["schema"]["fields"]
    meta: dict[str, Any] = {
        "description": table_description(resource, cited_by),
        "source": resource["path"],
        "source_url": PACKAGE_ROUTE + resource["path"],
        "columns": {f["name"]: column_description(f) for f in fields},
    }
    if name in LABEL_COLUMNS:
        meta["label_column"] = LABEL_COLUMNS[name]
    if facets(resource):
        meta["facets"] = facets(resource)
    if name in SORT:
        meta["sort"] = SORT[name]
    if name in SORT_DESC:
        meta["sort_desc"] = SORT_DESC[name]
    names = {f["name"] for f in fields}
    for key in ("label_column", "sort", "sort_desc"):
        if key in meta and meta[key] not in names:
            raise ValueError(f"{name}: {key} {meta[key]!r} is not a column")
    return meta


# --- Canned queries ------------------------------------------------------------------------------


def _states(only: list[str] | None = None) -> str:
    """The fields citation c states (only these, when given), in the package's order: group_concat over an ordered subquery."""
    condition = f" AND f.field IN ({', '.join(map(sql_string, only))})" if only else ""
    return (
        "(SELECT group_concat(field, ', ') FROM (\n"
        f"    SELECT f.field FROM citation_fields AS f WHERE f.citation_id = c.citation_id{condition} ORDER BY f.rowid\n"
        "  ))"
    )


OWNERSHIP_SQL = f"""-- who owns what: every stake with holder and subject names, and each excerpt that states its share or its holder
SELECT s.stake_id, holder.name AS holder, subject.name AS subject, s.interest_type,
  s.share_exact, s.share_min, s.share_max, s.status, s.as_of,
  c.source_id, c.exact AS excerpt, {_states(STAKE_EVIDENCE_FIELDS)} AS states, c.citation_id
FROM stakes AS s
JOIN parties AS holder ON holder.party_id = s.holder_id
JOIN parties AS subject ON subject.party_id = s.subject_id
LEFT JOIN citations AS c ON c.stake_id = s.stake_id
  AND c.citation_id IN (SELECT citation_id FROM citation_fields WHERE field IN ({", ".join(map(sql_string, STAKE_EVIDENCE_FIELDS))}))
ORDER BY s.rowid, c.rowid"""

PARTY_SQL = f"""-- everything about one party: the party, its stakes both ways, its groups, events and roles, its quotes, with the excerpts
SELECT u.section, u.item_id, u.item, u.detail, u.share, u.date,
  c.source_id, c.exact AS excerpt, {_states()} AS states, c.citation_id
FROM (
  SELECT 1 AS n, p.rowid AS k, 'party' AS section, p.party_id AS item_id, p.name AS item,
    p.party_type AS detail, NULL AS share, NULL AS date, 'party_id' AS cited_by
  FROM parties AS p WHERE p.party_id = :party_id
  UNION ALL
  SELECT 2, s.rowid, 'holds', s.stake_id, other.name, s.interest_type || ', ' || s.status, s.share_exact, s.as_of, 'stake_id'
  FROM stakes AS s JOIN parties AS other ON other.party_id = s.subject_id WHERE s.holder_id = :party_id
  UNION ALL
  SELECT 3, s.rowid, 'held by', s.stake_id, other.name, s.interest_type || ', ' || s.status, s.share_exact, s.as_of, 'stake_id'
  FROM stakes AS s JOIN parties AS other ON other.party_id = s.holder_id WHERE s.subject_id = :party_id
  UNION ALL
  SELECT 4, m.rowid, 'member of', m.party_member_id, other.name, 'group', NULL, NULL, 'party_member_id'
  FROM party_members AS m JOIN parties AS other ON other.party_id = m.group_id WHERE m.member_id = :party_id
  UNION ALL
  SELECT 5, m.rowid, 'has member', m.party_member_id, other.name, 'member', NULL, NULL, 'party_member_id'
  FROM party_members AS m JOIN parties AS other ON other.party_id = m.member_id WHERE m.group_id = :party_id
  UNION ALL
  SELECT 6, g.rowid, 'holds as a group', g.group_stake_id, other.name, g.interest_type || ', ' || g.status, g.share_exact, g.as_of,
    'group_stake_id'
  FROM group_stakes AS g JOIN parties AS other ON other.party_id = g.subject_id WHERE g.group_id = :party_id
  UNION ALL
  SELECT 7, g.rowid, 'held by a group', g.group_stake_id, other.name, g.interest_type || ', ' || g.status, g.share_exact, g.as_of,
    'group_stake_id'
  FROM group_stakes AS g JOIN parties AS other ON other.party_id = g.group_id WHERE g.subject_id = :party_id
  UNION ALL
  SELECT 8, ep.rowid, 'event', ep.event_party_id, e.summary, ep.role, NULL, e.date, 'event_party_id'
  FROM event_parties AS ep JOIN events AS e ON e.event_id = ep.event_id WHERE ep.party_id = :party_id
  UNION ALL
  SELECT 9, q.rowid, 'quote', q.quote_id, q.text, q.quote_kind, NULL, e.date, 'quote_id'
  FROM quotes AS q LEFT JOIN events AS e ON e.event_id = q.event_id WHERE q.speaker_id = :party_id
) AS u
LEFT JOIN citations AS c ON u.item_id = CASE u.cited_by
  WHEN 'party_id' THEN c.party_id WHEN 'stake_id' THEN c.stake_id WHEN 'party_member_id' THEN c.party_member_id
  WHEN 'group_stake_id' THEN c.group_stake_id WHEN 'event_party_id' THEN c.event_party_id WHEN 'quote_id' THEN c.quote_id END
ORDER BY u.n, u.k, c.rowid"""


def trace_sql(descriptor: dict[str, Any]) -> str:
    """The excerpts that state one cell: the citations of the row (through the column of citations that
    points at its table) that list the field in citation_fields; the branches come from the descriptor."""
    branches = "\n".join(f"  WHEN '{column}' THEN c.{column}" for column in cited_columns(descriptor).values())
    return f"""-- trace one value: the excerpts that state one cell (column of citations, row id, field), with source and offsets
SELECT c.citation_id, c.source_id, s.publisher, c.exact, c.start, c."end", c.line, s.archive_path
FROM citations AS c
JOIN citation_fields AS f ON f.citation_id = c.citation_id AND f.field = :field
JOIN sources AS s ON s.source_id = c.source_id
WHERE CASE :column
{branches}
END = :row
ORDER BY c.rowid"""


def queries(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    columns = ", ".join(f"{column} ({table})" for table, column in cited_columns(descriptor).items())
    return {
        "who_owns_what": {
            "title": "Who owns what, with the excerpts",
            "description": "Every stake with the names of holder and subject, its share, status and date, one row per excerpt "
            "that states its share or its holder (states: which of those fields the excerpt states).",
            "sql": OWNERSHIP_SQL,
        },
        "party": {
            "title": "Everything about one party",
            "description": "party_id (e.g. alibaba): the party, its stakes both ways, its groups and group stakes, the events it "
            "took part in with its role, its quotes; one row per excerpt of each (states: the fields the excerpt states).",
            "sql": PARTY_SQL,
            "params": ["party_id"],
        },
        "trace_value": {
            "title": "Trace one value",
            "description": f"The excerpts that state one cell, with source and character offsets (text[start:end] of the "
            f"archived file is the excerpt). column: the column of citations that points at the row's table, one of {columns}; "
            "row: the row's id; field: the column of that table (e.g. column=stake_id, row=alibaba-in-aliexpress-russia, "
            "field=share_exact).",
            "sql": trace_sql(descriptor),
            "params": ["column", "row", "field"],
        },
    }


def metadata(descriptor: dict[str, Any], database: str) -> dict[str, Any]:
    """Datasette metadata for the database named `database` (Datasette names it after the file's stem)."""
    licence = descriptor["licenses"][0]
    source = f"{descriptor['name']} {descriptor['version']} (Frictionless Data Package: datapackage.json)"
    return {
        "title": descriptor["title"],
        "description": descriptor["description"],
        "license": licence["name"],
        "license_url": licence["path"],
        "source": source,
        "source_url": descriptor.get("homepage") or PACKAGE_ROUTE + DESCRIPTOR,
        "databases": {
            database: {
                "title": descriptor["title"],
                "description": f"{descriptor['description']} Version {descriptor['version']}.",
                "tables": {r["name"]: table_metadata(descriptor, r) for r in csv_resources(descriptor)},
                "queries": queries(descriptor),
            }
        },
    }


def metadata_json(descriptor: dict[str, Any], database: str) -> str:
    return json.dumps(metadata(descriptor, database), indent=2, ensure_ascii=False) + "\n"


def write_metadata(descriptor: dict[str, Any], path: Path, database: str) -> None:
    path.write_bytes(metadata_json(descriptor, database).encode("utf-8"))


def read_metadata(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
