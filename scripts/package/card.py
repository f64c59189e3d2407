"""Regenerate the README's generated blocks from the built tables and the schema, so they cannot drift.

A block runs from `<!-- BEGIN generated: NAME -->` to `<!-- END generated: NAME -->`; all else in
README.md is written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scripts.model import schema
from scripts.model.dates import chronological
from scripts.model.schema import Tables
from scripts.model.text import format_number
from scripts.package.citation import readme_block
from scripts.package.dictionary import dictionary as dictionary_docs
from scripts.package.dictionary import constraints_text, figures_line
from scripts.package.evidence import ROLES, kind_census, provenance_census, stated_by

BLOCK = re.compile(r"(<!-- BEGIN generated: (?P<name>[a-z-]+) -->\n).*?(<!-- END generated: (?P=name) -->)", re.S)
WRITTEN_ELSEWHERE = {"benchmark"}  # by `python -m scripts bench --readme`; the build keeps it as it is


def replace_block(text: str, name: str, body: str) -> str:
    """text with the generated block `name` holding body; the one way any block of the README is written."""
    done = [False]

    def replace(match: re.Match[str]) -> str:
        if match.group("name") != name:
            return match.group(0)
        done[0] = True
        return match.group(1) + body + match.group(3)

    out = BLOCK.sub(replace, text)
    if not done[0]:
        raise ValueError(f"README.md has no <!-- BEGIN generated: {name} --> ... <!-- END generated: {name} --> block")
    return out


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


def figures(tables: Tables, descriptor: dict[str, Any]) -> str:
    rows = [[f"`{doc.name}`", len(tables[doc.name]), doc.description] for doc in dictionary_docs(descriptor)]
    return figures_line(tables, descriptor) + "\n\n" + _table(["table", "rows", "what a row is"], rows)


def _names(tables: Tables) -> dict[str, str]:
    return {p["party_id"]: p["name"] for p in tables["parties"]}


def _credited(value: Any, credits: dict[tuple[str, str, str], str], cell: tuple[str, str, str], code: bool = False) -> str:
    """A value with the sources whose spans state it: a generated table credits no text with what it does not say."""
    if value is None:
        return "not stated"
    shown = f"`{_cell(value)}`" if code else _cell(value)
    return f"{shown} ({credits.get(cell, '')})"


def ownership(tables: Tables, descriptor: dict[str, Any]) -> str:
    names = _names(tables)
    credits = stated_by(tables, descriptor)
    rows = [
        [
            names[s["holder_id"]],
            names[s["subject_id"]],
            s["interest_type"],
            _credited(s["share_exact"], credits, ("stakes", s["stake_id"], "share_exact")),
            s["status"],
            _credited(s["as_of"], credits, ("stakes", s["stake_id"], "as_of")),
            s["basis"],
        ]
        for s in tables["stakes"]
    ]
    return _table(["holder", "in", "interest", "share % (stated by)", "status", "as of (stated by)", "basis"], rows)


def group_ownership(tables: Tables, descriptor: dict[str, Any]) -> str:
    names = _names(tables)
    credits = stated_by(tables, descriptor)
    members: dict[str, list[str]] = {}
    for m in tables["party_members"]:
        members.setdefault(m["group_id"], []).append(names[m["member_id"]])
    rows = [
        [
            f"{names[g['group_id']]} ({', '.join(members.get(g['group_id'], []))})",
            names[g["subject_id"]],
            g["interest_type"],
            _credited(g["share_exact"], credits, ("group_stakes", g["group_stake_id"], "share_exact")),
            g["status"],
            _credited(g["as_of"], credits, ("group_stakes", g["group_stake_id"], "as_of")),
            g["basis"],
        ]
        for g in tables["group_stakes"]
    ]
    return _table(["group (members)", "in", "interest", "share % (stated by)", "status", "as of (stated by)", "basis"], rows)


def provenance(tables: Tables, descriptor: dict[str, Any]) -> str:
    """Non-empty cells of every table by their field's provenance, and the stated cells no citation names."""
    census = provenance_census(tables, descriptor)
    roles = list(ROLES)
    rows = [[f"`{t}`", *(counts[r] for r in roles), counts["unsupported"]] for t, counts in census.items()]
    total = [sum(c[r] for c in census.values()) for r in [*roles, "unsupported"]]
    rows.append(["**all tables**", *(f"**{n}**" for n in total)])
    return _table(["table", *roles, "stated cells without support"], rows)


def spans(tables: Tables, descriptor: dict[str, Any]) -> str:
    """The census of the spans: stated cells by kind, how many a rule proved, how many are judgements, and failures."""
    census = kind_census(tables, descriptor)
    rows = [[f"`{kind}`", c["cells"], c["checked"], c["judgement"], c["failures"], c["spans"]] for kind, c in census.items()]
    total = [sum(c[k] for c in census.values()) for k in ("cells", "checked", "judgement", "failures", "spans")]
    rows.append(["**all kinds**", *(f"**{n}**" for n in total)])
    return _table(["kind", "stated cells", "proved by its rule", "judgements (words shown)", "failures", "spans"], rows)


def timeline(tables: Tables, descriptor: dict[str, Any]) -> str:
    credits = stated_by(tables, descriptor)
    events = chronological(tables["events"])
    rows = [
        [
            _credited(e["date"], credits, ("events", e["event_id"], "date"), code=True),
            e["date_precision"],
            e["date_basis"],
            e["summary"],
        ]
        for e in events
    ]
    return _table(["date (EDTF, stated by)", "precision", "basis", "what happened"], rows)


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


def dictionary(descriptor: dict[str, Any]) -> str:
    out = []
    for doc in dictionary_docs(descriptor):
        keys = [f"primary key ({', '.join(doc.primary_key)})"] + [f"{', '.join(fields)} → {target}" for fields, target in doc.references]
        out.append(f"### `{doc.name}`\n\n{doc.description} Keys: {'; '.join(keys)}.\n\n")
        rows = [
            [
                f"`{f['name']}`",
                f["type"],
                f["provenance"],
                "yes" if f.get("constraints", {}).get("required") else "",
                constraints_text(f, code=lambda v: f"`{v}`"),
                f["description"],
            ]
            for f in doc.fields
        ]
        out.append(_table(["column", "type", "provenance", "required", "constraints", "description"], rows) + "\n")
    return "".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[Tables], str]] = {
    "disagreements": disagreements,
    "sources": sources,
    "duckdb-views": duckdb_views,
}


def render_readme(text: str, tables: Tables, descriptor: dict[str, Any]) -> str:
    """README.md with every generated block rendered; `citation` and `provenance` read the validated descriptor."""
    renderers = {
        **RENDERERS,
        "citation": lambda _tables: readme_block(descriptor),
        "provenance": lambda t: provenance(t, descriptor),
        "figures": lambda t: figures(t, descriptor),
        "dictionary": lambda _tables: dictionary(descriptor),
        "ownership": lambda t: ownership(t, descriptor),
        "group-ownership": lambda t: group_ownership(t, descriptor),
        "timeline": lambda t: timeline(t, descriptor),
        "spans": lambda t: spans(t, descriptor),
    }
    for name in dict.fromkeys(m.group("name") for m in BLOCK.finditer(text)):
        if name in WRITTEN_ELSEWHERE:
            continue
        if name not in renderers:
            raise KeyError(f"README.md has a generated block {name!r} that no renderer knows")
        text = replace_block(text, name, renderers[name](tables))
    return text
