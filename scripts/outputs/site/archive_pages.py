"""One HTML page per archived text (docs/archive/<source_id>.html): every excerpt on the data card is one link away, in
place. The text is cut at every excerpt boundary and span (the words that state a value); excerpts overlap and cross,
so no element can wrap each one: every cited piece carries its offset (data-s), each excerpt's first piece is wrapped
in an element with the citation_id as id (a jump target without JavaScript), and archive.js highlights the excerpt
named in the URL, and the span of #<citation_id>:<field>."""

import html
import itertools
import json
from pathlib import Path
from string import Template
from typing import Any

from scripts.package.evidence import cited_rows
from scripts.package.reader import Package

ASSETS = Path(__file__).with_name("assets")


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no `</script>`, `<!--` or `&` can close or confuse it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def marked_text(text: str, spans: dict[str, tuple[int, int]], words: list[tuple[int, int]]) -> str:
    """The text, escaped, with each cited piece in <span class="c" data-s=offset> and ids on first pieces, cut also at words."""
    cuts = sorted({0, len(text)} | {p for span in [*spans.values(), *words] for p in span})
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


def write_archive_pages(package: Package, out: Path) -> None:
    """docs/archive/<source_id>.html for every source."""
    tables, esc = package.tables, html.escape
    # citation_id -> the anchor, on the data card, of the row it supports
    row = {cid: f"row-{table}-{row_id}" for cid, (table, row_id) in cited_rows(tables, package.descriptor).items()}
    words: dict[str, dict[str, list[list[Any]]]] = {}  # citation_id -> field -> [[start, end, rule], ...]
    for f in tables["citation_fields"]:
        words.setdefault(f["citation_id"], {}).setdefault(f["field"], []).append([f["start"], f["end"], f["rule"]])
    page = Template((ASSETS / "archive.html").read_text(encoding="utf-8"))
    css, js = (ASSETS / "archive.css").read_text(encoding="utf-8"), (ASSETS / "archive.js").read_text(encoding="utf-8")
    (out / "archive").mkdir(parents=True, exist_ok=True)
    for s in tables["sources"]:
        spans = {c["citation_id"]: (c["start"], c["end"]) for c in tables["citations"] if c["source_id"] == s["source_id"]}
        anchors = {cid: {"start": a, "end": b, "row": row[cid], "spans": words.get(cid, {})} for cid, (a, b) in sorted(spans.items())}
        cuts = [(w[0], w[1]) for cid in spans for ws in words.get(cid, {}).values() for w in ws]
        text = page.substitute(
            {
                k: esc(str(s[k]))
                for k in ("source_id", "title", "publisher", "published", "published_basis", "archive_path", "bytes", "sha256")
            },
            dataset=esc(package.descriptor["title"]),
            credit=f" · credited to {esc(s['attributed_to'])}" if s["attributed_to"] else "",
            original=f' · <a href="{esc(s["url"])}" rel="noopener">original page</a>' if s["url"] else "",
            file=esc(Path(s["archive_path"]).name),
            cited=len(spans),
            text=marked_text(package.texts[s["source_id"]], spans, cuts),
            anchors=script_json(anchors),
            css=css,
            js=js,
        )
        (out / "archive" / f"{s['source_id']}.html").write_text(text, encoding="utf-8", newline="\n")
