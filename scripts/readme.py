"""Regenerate the README's generated blocks from the built tables and the schema, so they cannot drift.

A block runs from `<!-- BEGIN generated: NAME -->` to `<!-- END generated: NAME -->`; all else in
README.md is written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import schema
from .citation import readme_block
from .evidence_index import ROLES, provenance_census
from .normalise import format_number

Tables = dict[str, list[dict[str, Any]]]
BLOCK = re.compile(r"(<!-- BEGIN generated: (?P<name>[a-z-]+) -->\n).*?(<!-- END generated: (?P=name) -->)", re.S)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = format_number(value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def figures(tables: Tables) -> str:
    rows = [[f"`{name}`", len(rows_), schema.table(name)["description"]] for name, rows_ in tables.items()]
    cited = sum(len(tables[t]) for t in schema.cited_tables())
    intro = (
        f"{len(tables['sources'])} sources, {len(tables['citations'])} citations stating {len(tables['citation_fields'])} "
        f"field values of {cited} rows; {len(tables)} tables, each as CSV and as Parquet ({2 * len(tables)} resources).\n\n"
    )
    return intro + _table(["table", "rows", "what a row is"], rows)


def _names(tables: Tables) -> dict[str, str]:
    return {p["party_id"]: p["name"] for p in tables["parties"]}


def _cited_sources(tables: Tables, column: str) -> dict[str, str]:
    """row id -> the sources that cite it, sorted and comma-separated."""
    out: dict[str, set[str]] = {}
    for c in tables["citations"]:
        if c[column]:
            out.setdefault(c[column], set()).add(c["source_id"])
    return {k: ", ".join(sorted(v)) for k, v in out.items()}


def ownership(tables: Tables) -> str:
    names = _names(tables)
    cites = _cited_sources(tables, schema.citation_column("stakes"))
    rows = [
        [
            names[s["holder_id"]],
            names[s["subject_id"]],
            s["interest_type"],
            s["share_exact"] if s["share_exact"] is not None else "not stated",
            s["status"],
            s["as_of"],
            s["basis"],
            cites.get(s["stake_id"], ""),
        ]
        for s in tables["stakes"]
    ]
    return _table(["holder", "in", "interest", "share %", "status", "as of", "basis", "sources"], rows)


def group_ownership(tables: Tables) -> str:
    names = _names(tables)
    cites = _cited_sources(tables, schema.citation_column("group_stakes"))
    members: dict[str, list[str]] = {}
    for m in tables["party_members"]:
        members.setdefault(m["group_id"], []).append(names[m["member_id"]])
    rows = [
        [
            f"{names[g['group_id']]} ({', '.join(members.get(g['group_id'], []))})",
            names[g["subject_id"]],
            g["interest_type"],
            g["share_exact"] if g["share_exact"] is not None else "not stated",
            g["status"],
            g["as_of"],
            cites.get(g["group_stake_id"], ""),
        ]
        for g in tables["group_stakes"]
    ]
    return _table(["group (members)", "in", "interest", "share %", "status", "as of", "sources"], rows)


def provenance(tables: Tables, descriptor: dict[str, Any]) -> str:
    """Non-empty cells of every table by their field's provenance, and the stated cells no citation names."""
    census = provenance_census(tables, descriptor)
    roles = list(ROLES)
    rows = [[f"`{t}`", *(counts[r] for r in roles), counts["unsupported"]] for t, counts in census.items()]
    total = [sum(c[r] for c in census.values()) for r in [*roles, "unsupported"]]
    rows.append(["**all tables**", *(f"**{n}**" for n in total)])
    return _table(["table", *roles, "stated cells without support"], rows)


def timeline(tables: Tables) -> str:
    events = sorted(tables["events"], key=lambda e: (e["date_end"], e["date_start"] or e["date_end"], e["event_id"]))
    rows = [[f"`{e['date']}`", e["date_precision"], e["date_basis"], e["summary"]] for e in events]
    return _table(["date (EDTF)", "precision", "basis", "what happened"], rows)


def disagreements(tables: Tables) -> str:
    return "".join(f"- **{d['topic']}** (`{d['disagreement_id']}`): {d['summary']}\n" for d in tables["disagreements"])


def sources(tables: Tables) -> str:
    rows = [
        [
            f"`{s['source_id']}`",
            s["title"],
            s["publisher"],
            s["attributed_to"],
            f"`{s['published']}`",
            s["published_basis"],
            f"`{s['archive_path']}`",
        ]
        for s in tables["sources"]
    ]
    return _table(["id", "title", "publisher", "credited to", "published", "basis", "archived text"], rows)


def duckdb_views(_tables: Tables) -> str:
    views = "".join(f"CREATE VIEW {name} AS FROM 'data/{name}.parquet';\n" for name in schema.table_names())
    return f"```sql\n-- DuckDB, from the package's top folder: one view per table over its Parquet file\n{views}```\n"


def dictionary(_tables: Tables) -> str:
    out = []
    for name in schema.table_names():
        spec = schema.table(name)
        keys = [f"primary key ({', '.join(spec['primaryKey'])})"]
        keys += [f"{', '.join(fk['fields'])} → {fk['reference']['resource']}" for fk in spec.get("foreignKeys", [])]
        out.append(f"### `{name}`\n\n{spec['description']} Keys: {'; '.join(keys)}.\n\n")
        rows = [
            [
                f"`{f['name']}`",
                f["type"],
                f["provenance"],
                "yes" if f.get("constraints", {}).get("required") else "",
                schema.constraints_text(f, code=lambda v: f"`{v}`"),
                f["description"],
            ]
            for f in schema.fields(name)
        ]
        out.append(_table(["column", "type", "provenance", "required", "constraints", "description"], rows) + "\n")
    return "".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[Tables], str]] = {
    "figures": figures,
    "ownership": ownership,
    "group-ownership": group_ownership,
    "timeline": timeline,
    "disagreements": disagreements,
    "sources": sources,
    "dictionary": dictionary,
    "duckdb-views": duckdb_views,
}


def render_readme(text: str, tables: Tables, descriptor: dict[str, Any]) -> str:
    """README.md with every generated block rendered; `citation` comes from the validated descriptor."""
    renderers = {**RENDERERS, "citation": lambda _tables: readme_block(descriptor), "provenance": lambda t: provenance(t, descriptor)}

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in renderers:
            raise KeyError(f"README.md has a generated block {name!r} that no renderer knows")
        return match.group(1) + renderers[name](tables) + match.group(3)

    return BLOCK.sub(replace, text)
