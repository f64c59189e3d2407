"""One HTML page per archived text, so that every excerpt on the data page is one link away, in place.

The page links the archived file itself (../../archive/<file>.txt, in the package), not a copy.

The text is HTML-escaped and split at every excerpt boundary. Excerpts overlap and even cross each
other, so no single element can wrap each one: every cited piece carries its character offset
(data-s), each excerpt's first piece is wrapped in an element whose id is the citation_id (a jump
target without JavaScript), and a small script highlights the whole excerpt named in the URL.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scripts.package.evidence import cited_columns
from scripts.package.reader import Package

ASSETS = Path(__file__).with_name("assets")
PACKAGE_FROM_PAGE = "../../"  # docs/archive/<source_id>.html -> the package root


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no `</script>`, `<!--` or `&` can close or confuse it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def anchors(package: Package, source_id: str) -> dict[str, tuple[int, int]]:
    """Every jump target in one text: its citations."""
    return {c["citation_id"]: (c["start"], c["end"]) for c in package.tables["citations"] if c["source_id"] == source_id}


def marked_text(text: str, spans: dict[str, tuple[int, int]], words: Iterable[tuple[int, int]] = ()) -> str:
    """The text, escaped, with each cited piece in <span class="c" data-s=offset> and ids on first pieces; cut also
    at the words (spans) that state values, so that the script can mark them."""
    cuts = sorted({0, len(text)} | {p for span in spans.values() for p in span} | {p for span in words for p in span})
    starting: dict[int, list[str]] = {}
    for cid, (start, _end) in sorted(spans.items(), key=lambda item: (item[1][0], -item[1][1], item[0])):
        starting.setdefault(start, []).append(cid)
    out = []
    for a, b in itertools.pairwise(cuts):
        piece = html.escape(text[a:b], quote=False)
        if any(s <= a and b <= e for s, e in spans.values()):
            piece = f'<span class="c" data-s="{a}">{piece}</span>'
        for cid in reversed(starting.get(a, [])):
            piece = f'<span class="a" id="{html.escape(cid)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def row_targets(package: Package) -> dict[str, str]:
    """citation_id -> the index page anchor of the row it supports."""
    columns = cited_columns(package.descriptor)
    out = {}
    for c in package.tables["citations"]:
        table, column = next((t, col) for t, col in columns.items() if c.get(col))
        out[c["citation_id"]] = f"row-{table}-{c[column]}"
    return out


def archive_page(package: Package, source_id: str) -> str:
    source = next(s for s in package.tables["sources"] if s["source_id"] == source_id)
    spans = anchors(package, source_id)
    targets = row_targets(package)
    words: dict[str, dict[str, list[list[Any]]]] = {}
    for f in package.tables["citation_fields"]:
        if f["citation_id"] in spans:
            words.setdefault(f["citation_id"], {}).setdefault(f["field"], []).append([f["start"], f["end"], f["rule"]])
    meta = {
        cid: {"start": start, "end": end, "row": targets[cid], "spans": words.get(cid, {})} for cid, (start, end) in sorted(spans.items())
    }
    cuts = [(w[0], w[1]) for fields in words.values() for ws in fields.values() for w in ws]
    title = package.descriptor["title"]
    txt_name = Path(source["archive_path"]).name
    esc = html.escape
    original = f' · <a href="{esc(source["url"])}" rel="noopener">original page</a>' if source["url"] else ""
    cited = len(spans)
    credit = f" · credited to {esc(source['attributed_to'])}" if source["attributed_to"] else ""
    css = (ASSETS / "archive.css").read_text(encoding="utf-8")
    js = (ASSETS / "archive.js").read_text(encoding="utf-8")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(source["title"])} — archived text ({esc(source_id)})</title>
<link rel="icon" href="data:,">
<style>
{css}</style>
</head>
<body>
<header>
<p class="back"><a href="../index.html#row-sources-{esc(source_id)}">← {esc(title)}</a></p>
<h1>{esc(source["title"])}</h1>
<p class="meta"><b>{esc(source_id)}</b> · {esc(source["publisher"])}{credit} · published \
<code>{esc(source["published"])}</code> ({esc(source["published_basis"])}){original}</p>
<p class="meta">Archived text <a href="{esc(PACKAGE_FROM_PAGE + source["archive_path"])}">{esc(txt_name)}</a> ({source["bytes"]} bytes, \
SHA-256 <code>{esc(source["sha256"])}</code>). Highlighted: the {cited} cited excerpts; offsets count characters, \
as in the citations table.</p>
<p class="note">Third-party text, kept only so that every excerpt can be checked; it is not covered by the dataset's licence.</p>
</header>
<p id="status" class="status" aria-live="polite" hidden></p>
<main>
<pre class="text">{marked_text(package.texts[source_id], spans, cuts)}</pre>
</main>
<script type="application/json" id="anchors">{script_json(meta)}</script>
<script>
{js}</script>
</body>
</html>
"""


def write_archive_pages(package: Package, out: Path) -> list[str]:
    """docs/archive/<source_id>.html for every source; returns their paths relative to out."""
    (out / "archive").mkdir(parents=True, exist_ok=True)
    written = []
    for source in package.tables["sources"]:
        rel = f"archive/{source['source_id']}.html"
        (out / rel).write_text(archive_page(package, source["source_id"]), encoding="utf-8")
        written.append(rel)
    return written
