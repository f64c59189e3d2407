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
    cited = sum(len(tables[t]) for t in ("parties", "stakes", "events", "quotes", "disagreements"))
    intro = (
        f"{len(tables['sources'])} sources, {len(tables['citations'])} citations supporting {cited} rows; "
        f"{len(tables)} tables, each as CSV and as Parquet ({2 * len(tables)} resources).\n\n"
    )
    return intro + _table(["table", "rows", "what a row is"], rows)


def ownership(tables: Tables) -> str:
    parties = {p["party_id"]: p for p in tables["parties"]}
    cites: dict[str, list[str]] = {}
    for c in tables["citations"]:
        if c["stake_id"]:
            cites.setdefault(c["stake_id"], []).append(c["source_id"])
    rows = [
        [
            parties[s["holder_id"]]["name"],
            parties[s["subject_id"]]["name"],
            s["interest_type"],
            s["share_exact"] if s["share_exact"] is not None else "not stated",
            s["status"],
            s["as_of"],
            ", ".join(sorted(set(cites.get(s["stake_id"], [])))),
        ]
        for s in tables["stakes"]
    ]
    return _table(["holder", "in", "interest", "share %", "status", "as of", "sources"], rows)


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
                "yes" if f.get("constraints", {}).get("required") else "",
                schema.constraints_text(f, code=lambda v: f"`{v}`"),
                f["description"],
            ]
            for f in schema.fields(name)
        ]
        out.append(_table(["column", "type", "required", "constraints", "description"], rows) + "\n")
    return "".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[Tables], str]] = {
    "figures": figures,
    "ownership": ownership,
    "timeline": timeline,
    "disagreements": disagreements,
    "sources": sources,
    "dictionary": dictionary,
}


def render_readme(text: str, tables: Tables, descriptor: dict[str, Any]) -> str:
    """README.md with every generated block rendered; `citation` comes from the validated descriptor."""
    renderers = {**RENDERERS, "citation": lambda _tables: readme_block(descriptor)}

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in renderers:
            raise KeyError(f"README.md has a generated block {name!r} that no renderer knows")
        return match.group(1) + renderers[name](tables) + match.group(3)

    return BLOCK.sub(replace, text)
