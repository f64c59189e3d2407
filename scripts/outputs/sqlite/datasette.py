"""Datasette metadata for the SQLite export, written beside it by the same publication (never typed by hand): the
descriptions from datapackage.json, label column, sort and facets from schema.yaml's `present`, three canned queries."""

from pathlib import Path
from typing import Any

from scripts.model import schema
from scripts.model.files import DESCRIPTOR
from scripts.package.evidence import cited_columns
from scripts.package.files import write_json
from scripts.package.reader import csv_resources

PACKAGE_ROUTE = "/-/package/"  # where `python -m scripts serve` serves the published files (the source links)
# The fields citation c states, each once (a field may have several spans), in the package's order
STATES = (
    "(SELECT group_concat(field, ', ') FROM (SELECT field FROM citation_fields AS f WHERE f.citation_id = c.citation_id\n"
    "  GROUP BY field ORDER BY min(f.rowid)))"
)


def table_metadata(descriptor: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    """One table's entry (Datasette shows its keys itself); a sort "-F" is F descending."""
    shown, cited_by = schema.present(resource["name"]), cited_columns(descriptor).get(resource["name"])
    meta: dict[str, Any] = {
        "description": " ".join(resource["description"].split()),
        "source": resource["path"],
        "source_url": PACKAGE_ROUTE + resource["path"],
        "columns": {
            f["name"]: f"{' '.join(f['description'].split())} Provenance: {f['provenance']}." for f in resource["schema"]["fields"]
        },
    }
    if cited_by:
        meta["description"] += f" The words that state a cell: query trace_value with column={cited_by}, the row's id and the field."
    if shown["label"]:
        meta["label_column"] = shown["label"]
    if shown["sort"]:
        meta["sort_desc" if shown["sort"].startswith("-") else "sort"] = shown["sort"].lstrip("-")
    if shown["facets"]:
        meta["facets"] = shown["facets"]
    return meta


OWNERSHIP_SQL = f"""-- who owns what: every stake with holder and subject names, and each excerpt that states its share or its holder
SELECT s.stake_id, holder.name AS holder, subject.name AS subject, s.interest_type,
  s.share_exact, s.share_min, s.share_max, s.status, s.as_of, c.source_id, c.exact AS excerpt, {STATES} AS states, c.citation_id
FROM stakes AS s
JOIN parties AS holder ON holder.party_id = s.holder_id
JOIN parties AS subject ON subject.party_id = s.subject_id
LEFT JOIN citations AS c ON c.stake_id = s.stake_id AND c.citation_id IN
  (SELECT citation_id FROM citation_fields WHERE field IN ('holder_id', 'share_exact', 'share_min', 'share_max'))
ORDER BY s.rowid, c.rowid"""

PARTY_SQL = f"""-- everything about one party: the party, its stakes both ways, its groups, events and roles, its quotes, with the excerpts
SELECT u.section, u.item_id, u.item, u.detail, u.share, u.date, c.source_id, c.exact AS excerpt, {STATES} AS states, c.citation_id
FROM (
  SELECT 1 AS n, p.rowid AS k, 'party' AS section, p.party_id AS item_id, p.name AS item,
    p.party_type AS detail, NULL AS share, NULL AS date, 'party_id' AS cited_by
  FROM parties AS p WHERE p.party_id = :party_id
  UNION ALL
  SELECT 2, s.rowid, 'holds', s.stake_id, o.name, s.interest_type || ', ' || s.status, s.share_exact, s.as_of, 'stake_id'
  FROM stakes AS s JOIN parties AS o ON o.party_id = s.subject_id WHERE s.holder_id = :party_id
  UNION ALL
  SELECT 3, s.rowid, 'held by', s.stake_id, o.name, s.interest_type || ', ' || s.status, s.share_exact, s.as_of, 'stake_id'
  FROM stakes AS s JOIN parties AS o ON o.party_id = s.holder_id WHERE s.subject_id = :party_id
  UNION ALL
  SELECT 4, m.rowid, 'member of', m.party_member_id, o.name, 'group', NULL, NULL, 'party_member_id'
  FROM party_members AS m JOIN parties AS o ON o.party_id = m.group_id WHERE m.member_id = :party_id
  UNION ALL
  SELECT 5, m.rowid, 'has member', m.party_member_id, o.name, 'member', NULL, NULL, 'party_member_id'
  FROM party_members AS m JOIN parties AS o ON o.party_id = m.member_id WHERE m.group_id = :party_id
  UNION ALL
  SELECT 6, g.rowid, 'holds as a group', g.group_stake_id, o.name, g.interest_type || ', ' || g.status, g.share_exact, g.as_of,
    'group_stake_id'
  FROM group_stakes AS g JOIN parties AS o ON o.party_id = g.subject_id WHERE g.group_id = :party_id
  UNION ALL
  SELECT 7, g.rowid, 'held by a group', g.group_stake_id, o.name, g.interest_type || ', ' || g.status, g.share_exact, g.as_of,
    'group_stake_id'
  FROM group_stakes AS g JOIN parties AS o ON o.party_id = g.group_id WHERE g.subject_id = :party_id
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
    """The spans of one cell: citation_fields rows of the field, for the citations of the row (CASE branches from the descriptor)."""
    branches = "\n".join(f"  WHEN '{column}' THEN c.{column}" for column in cited_columns(descriptor).values())
    return f"""-- trace one value: the words that state one cell (column of citations, row id, field), where they are, and the rule
SELECT c.citation_id, c.source_id, s.publisher, f.as_written, f.start, f."end", f.rule, c.exact AS excerpt, c.line, s.archive_path
FROM citations AS c
JOIN citation_fields AS f ON f.citation_id = c.citation_id AND f.field = :field
JOIN sources AS s ON s.source_id = c.source_id
WHERE CASE :column
{branches}
END = :row
ORDER BY c.rowid, f.rowid"""


def queries(descriptor: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The canned queries (Datasette finds their :parameters itself); states: the fields an excerpt states."""
    columns = ", ".join(f"{column} ({table})" for table, column in cited_columns(descriptor).items())
    return {
        "who_owns_what": {
            "title": "Who owns what, with the excerpts",
            "description": "Every stake with its holder, subject, share, status and date; a row per excerpt stating its share or holder.",
            "sql": OWNERSHIP_SQL,
        },
        "party": {
            "title": "Everything about one party",
            "description": "party_id (e.g. alibaba): the party, its stakes both ways, its groups and group stakes, its events with "
            "its role, its quotes; one row per excerpt of each.",
            "sql": PARTY_SQL,
        },
        "trace_value": {
            "title": "Trace one value",
            "description": "The words that state one cell (as_written, at start:end of the source's archived text), the rule that "
            f"proved them and the excerpt. column: one of {columns}; row: the row's id; field: a column of its table "
            "(e.g. column=stake_id, row=alibaba-in-aliexpress-russia, field=share_exact).",
            "sql": trace_sql(descriptor),
        },
    }


def write_metadata(descriptor: dict[str, Any], path: Path, database: str) -> None:
    """The metadata for the database Datasette names `database` (its file's stem): the same inputs give the same bytes."""
    licence, version = descriptor["licenses"][0], descriptor["version"]
    meta = {
        "title": descriptor["title"],
        "description": descriptor["description"],
        "license": licence["name"],
        "license_url": licence["path"],
        "source": f"{descriptor['name']} {version} (Frictionless Data Package: {DESCRIPTOR})",
        "source_url": descriptor.get("homepage") or PACKAGE_ROUTE + DESCRIPTOR,
        "databases": {
            database: {
                "title": descriptor["title"],
                "description": f"{descriptor['description']} Version {version}.",
                "tables": {r["name"]: table_metadata(descriptor, r) for r in csv_resources(descriptor)},
                "queries": queries(descriptor),
            }
        },
    }
    write_json(path, meta)
