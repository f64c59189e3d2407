"""Regenerate the README's generated blocks from the built tables and the descriptor, so they cannot drift.

A block runs from `<!-- BEGIN generated: NAME -->` to `<!-- END generated: NAME -->`; all else in README.md is
written by hand. The markers are checked before anything is written (each known block once, balanced, none
unknown), and every value that reaches the README is escaped for Markdown and HTML, so no fact can open or close
a block, a link or a tag.
"""

import html
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from scripts.model import schema
from scripts.model.dates import chronological
from scripts.model.problems import BuildError, Problem
from scripts.model.schema import Tables
from scripts.model.text import format_number
from scripts.package.citation import bibtex, citation_text, release_date
from scripts.package.dictionary import figures_line
from scripts.package.evidence import kind_census, stated_by
from scripts.package.files import table_path
from scripts.package.reader import csv_resources, grouped

MARKER = re.compile(r"<!-- (BEGIN|END) generated: (\S*) -->")


def md(value: Any) -> str:
    """A value as Markdown text: HTML-escaped, Markdown's punctuation made literal, on one line."""
    text = format_number(value) if isinstance(value, float) else "" if value is None else str(value)
    return re.sub(r"([\\`*_\[\]|#~])", r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def code(value: Any) -> str:
    """A value as inline code, however many backticks it holds."""
    text = md(value).replace("\\", "")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"`{text}`"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows]) + "\n"


def figures(tables: Tables, descriptor: dict[str, Any]) -> str:
    rows = [[code(r["name"]), str(len(tables[r["name"]])), md(r["description"])] for r in csv_resources(descriptor)]
    return md(figures_line(tables, descriptor)) + "\n\n" + _table(["table", "rows", "what a row is"], rows)


def _credited(value: Any, credits: dict[tuple[str, str, str], str], cell: tuple[str, str, str]) -> str:
    """A value with the sources whose spans state it: a generated table credits no text with what it does not say."""
    return "not stated" if value is None else f"{md(value)} ({md(credits.get(cell, ''))})"


def _stakes(tables: Tables, descriptor: dict[str, Any], table: str, holder: str) -> str:
    names = {p["party_id"]: p["name"] for p in tables["parties"]}
    members = {group: [names[m["member_id"]] for m in rows] for group, rows in grouped(tables["party_members"], "group_id").items()}
    credits, key = stated_by(tables, descriptor), schema.key_field(table)
    rows = [
        [
            md(names[s[holder]] + (f" ({', '.join(members[s[holder]])})" if s[holder] in members else "")),
            md(names[s["subject_id"]]),
            md(s["interest_type"]),
            _credited(s["share_exact"], credits, (table, s[key], "share_exact")),
            md(s["status"]),
            _credited(s["as_of"], credits, (table, s[key], "as_of")),
            md(s["basis"]),
        ]
        for s in tables[table]
    ]
    return _table(["holder", "in", "interest", "share % (stated by)", "status", "as of (stated by)", "basis"], rows)


def spans(tables: Tables, descriptor: dict[str, Any]) -> str:
    """The census of the spans: stated cells by kind, how many a rule proved, how many are judgements, and failures."""
    census = kind_census(tables, descriptor)
    keys = ("cells", "checked", "judgement", "failures", "spans")
    rows = [[code(kind), *(str(c[k]) for k in keys)] for kind, c in census.items()]
    rows.append(["**all kinds**", *(f"**{sum(c[k] for c in census.values())}**" for k in keys)])
    return _table(["kind", "stated cells", "proved by its rule", "judgements (words shown)", "failures", "spans"], rows)


def timeline(tables: Tables, descriptor: dict[str, Any]) -> str:
    credits = stated_by(tables, descriptor)
    rows = [
        [
            f"{code(e['date'])} ({md(credits.get(('events', e['event_id'], 'date'), ''))})",
            md(e["date_precision"]),
            md(e["date_basis"]),
            md(e["summary"]),
        ]
        for e in chronological(tables["events"])
    ]
    return _table(["date (EDTF, stated by)", "precision", "basis", "what happened"], rows)


def disagreements(tables: Tables, _descriptor: dict[str, Any]) -> str:
    return "".join(f"- **{md(d['topic'])}** ({code(d['disagreement_id'])}): {md(d['summary'])}\n" for d in tables["disagreements"])


def sources(tables: Tables, _descriptor: dict[str, Any]) -> str:
    columns = ("title", "publisher", "attributed_to")
    rows = [
        [code(s["source_id"]), *(md(s[c]) for c in columns), code(s["published"]), md(s["published_basis"]), code(s["archive_path"])]
        for s in tables["sources"]
    ]
    return _table(["id", "title", "publisher", "credited to", "published", "basis", "archived text"], rows)


def duckdb_views(_tables: Tables, _descriptor: dict[str, Any]) -> str:
    views = "".join(f"CREATE VIEW {name} AS FROM '{table_path(name, 'parquet')}';\n" for name in schema.table_names())
    return f"```sql\n-- DuckDB, from the package's top folder: one view per table over its Parquet file\n{views}```\n"


def citation(_tables: Tables, descriptor: dict[str, Any]) -> str:
    entry = bibtex(descriptor)
    fence = "`" * max(3, max((len(run) + 1 for run in re.findall(r"`+", entry)), default=0))
    return f"{md(citation_text(descriptor))}\n\n{fence}bibtex\n{entry}{fence}\n"


def version(_tables: Tables, descriptor: dict[str, Any]) -> str:
    licences = ", ".join(f"[{md(lic.get('title') or lic['name'])}]({lic['path']})" for lic in descriptor["licenses"])
    return f"**Version {md(descriptor['version'])}** of {md(release_date(descriptor))}; the data is licensed {licences}.\n"


RENDERERS: dict[str, Callable[[Tables, dict[str, Any]], str]] = {
    "version": version,
    "figures": figures,
    "ownership": lambda t, d: _stakes(t, d, "stakes", "holder_id"),
    "group-ownership": lambda t, d: _stakes(t, d, "group_stakes", "group_id"),
    "timeline": timeline,
    "spans": spans,
    "disagreements": disagreements,
    "sources": sources,
    "duckdb-views": duckdb_views,
    "citation": citation,
}


def blocks(text: str, file: str) -> list[tuple[str, int, int, int]]:
    """(name, start, end, line) of each generated block's body; BuildError for unbalanced or repeated markers."""
    problems, found, opened = [], [], None
    for m in MARKER.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        kind, name = m.groups()
        if kind == "BEGIN" and opened:
            problems.append(Problem(file, None, None, f"BEGIN of {name!r} inside the open block {opened[0]!r}", line))
        elif kind == "END" and (not opened or opened[0] != name):
            problems.append(Problem(file, None, None, f"END of {name!r} without its BEGIN", line))
        elif kind == "BEGIN":
            opened = (name, m.end() + 1, line)
        else:
            found.append((name, opened[1], m.start(), opened[2]))  # type: ignore[index]
            opened = None
    if opened:
        problems.append(Problem(file, None, None, f"the block {opened[0]!r} has no END marker", opened[2]))
    given = Counter(name for name, *_ in found)
    problems += [Problem(file, None, None, f"the block {n!r} is given {count} times") for n, count in sorted(given.items()) if count > 1]
    if problems:
        raise BuildError(problems)
    return found


def replace_block(text: str, name: str, body: str, file: str) -> str:
    """text (of `file`) with the generated block `name` holding body."""
    at = {n: (start, end) for n, start, end, _ in blocks(text, file)}
    if name not in at:
        raise BuildError([Problem(file, None, None, f"no <!-- BEGIN generated: {name} --> ... <!-- END generated: {name} --> block")])
    start, end = at[name]
    return text[:start] + body + text[end:]


def render_readme(text: str, tables: Tables, descriptor: dict[str, Any]) -> str:
    """README.md with every generated block rendered; each known block must be there, once."""
    found = blocks(text, "README.md")
    problems = [
        Problem("README.md", None, None, f"a generated block {n!r} that no renderer knows", line)
        for n, _, _, line in found
        if n not in RENDERERS
    ]
    missing = sorted(set(RENDERERS) - {name for name, *_ in found})
    problems += [Problem("README.md", None, None, f"the generated block {name!r} is missing") for name in missing]
    if problems:
        raise BuildError(problems)
    for name, start, end, _ in sorted(found, key=lambda b: b[1], reverse=True):  # from the end: earlier offsets stay valid
        text = text[:start] + RENDERERS[name](tables, descriptor) + text[end:]
    return text
