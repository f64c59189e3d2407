"""docs/index.html: the data card, one file (inline CSS, JS, SVG and the data as JSON).

Everything on it is taken from the published package, so the page, the files it links and the
package cannot disagree. It links the package's own files (../datapackage.json, ../data/, ../archive/)
rather than copies: serve the repository root (or an unpacked release, which has the same layout) and
open /docs/. Nothing is loaded from another host: the page also works from a file:// URL.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

from scripts.model.files import DESCRIPTOR
from scripts.outputs.site.archive_pages import script_json
from scripts.outputs.site.charts import Chart
from scripts.outputs.site.jsonld import json_ld
from scripts.outputs.site.page_data import page_data
from scripts.outputs.site.readme import INSTALL_SECTION
from scripts.package.citation import bibtex, citation_text, creators, license_label, release_date
from scripts.package.dictionary import constraints_text, figures_line
from scripts.package.dictionary import dictionary as dictionary_docs
from scripts.package.reader import Package

ASSETS = Path(__file__).with_name("assets")
ROOT_FROM_PAGE = "../"  # docs/index.html -> the package root
MIN_TEXT_PX = 10  # no chart text is drawn smaller: below this width a chart scrolls sideways in its box
esc = html.escape


# --- pieces used in several places ---------------------------------------------------------------------


def scroll_box(inner: str, label: str, hint_id: str, kind: str = "", focusable: bool = True) -> str:
    """A box that scrolls sideways when its content is wider than the screen: named for assistive technology,
    focusable for the keyboard (unless what it holds is), and with a visible hint the script shows while it overflows."""
    tab = ' tabindex="0"' if focusable else ""
    return (
        f'<p class="scroll-hint" id="{esc(hint_id)}" hidden>⇆ Wider than the screen: scroll sideways in the box below.</p>'
        f'<div class="scroll-box {esc(kind)}" role="region" aria-label="{esc(label)}" aria-describedby="{esc(hint_id)}"{tab}>'
        f"{inner}</div>"
    )


def _size(n: int) -> str:
    return f"{n:,} B" if n < 10_000 else f"{n / 1024:,.0f} KiB"


def _code(text: str) -> str:
    return f"<code>{esc(text)}</code>"


# --- download ------------------------------------------------------------------------------------------


def _file_link(path: str, size: int) -> str:
    link = f'<a href="{esc(ROOT_FROM_PAGE + path)}" download>{esc(Path(path).name)}</a>'
    return f'<span class="file">{link} <span class="size">{_size(size)}</span></span>'


def downloads(package: Package, commands: str) -> str:
    """Install and validate commands (the README's own, given), the descriptor, every resource, the archived texts.

    Tabular resources are grouped by file stem (one row per table, one column per format); any other
    resource (a workbook, a JSON file) is listed under its own name with its media type.
    """
    d = package.descriptor
    sizes = {r["path"]: int(r.get("bytes") or (package.root / r["path"]).stat().st_size) for r in d["resources"]}
    tables = {r["name"] for r in package.csv_resources()}
    grouped: dict[str, dict[str, dict[str, Any]]] = {}
    others = []
    for r in d["resources"]:
        if "schema" in r:
            grouped.setdefault(Path(r["path"]).stem, {})[str(r.get("format") or Path(r["path"]).suffix.lstrip("."))] = r
        else:
            others.append(r)
    formats = list(dict.fromkeys(fmt for group in grouped.values() for fmt in group))
    rows = []
    for stem, group in grouped.items():
        name = next((r["name"] for r in group.values() if r["name"] in tables), None)
        head = f'<a href="#t-{esc(name)}">{esc(stem)}</a>' if name else esc(stem)
        cells = "".join(
            f'<td data-label="{esc(fmt.upper())}">{_file_link(group[fmt]["path"], sizes[group[fmt]["path"]]) if fmt in group else ""}</td>'
            for fmt in formats
        )
        rows.append(f'<tr><th scope="row" data-label="table">{head}</th>{cells}</tr>')
    grid = (
        '<table class="plain cards downloads"><thead><tr><th scope="col">table</th>'
        + "".join(f'<th scope="col">{esc(fmt.upper())}</th>' for fmt in formats)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    other = "".join(
        f"<li>{_file_link(r['path'], sizes[r['path']])} — {esc(r.get('title') or r['name'])}"
        f"{' (' + esc(str(r['mediatype'])) + ')' if r.get('mediatype') else ''}</li>"
        for r in others
    )
    texts = " · ".join(
        f'<a href="{esc(ROOT_FROM_PAGE + s["archive_path"])}">{esc(Path(s["archive_path"]).name)}</a> '
        f'(<a href="archive/{esc(s["source_id"])}.html">with excerpts highlighted</a>)'
        for s in package.tables["sources"]
    )
    block = scroll_box(
        f'<pre class="commands" id="install"><code>{esc(commands)}</code></pre>',
        "Install and validate commands",
        "hint-install",
        "code",
    )
    descriptor_size = (package.root / DESCRIPTOR).stat().st_size
    return f"""<p>Download the repository or a release zip: it holds <code>datapackage.json</code>, <code>data/</code> and
<code>archive/</code> beside this page's folder. Then, as the README says (“{esc(INSTALL_SECTION)}”):</p>
{block}
<p class="lead-links"><a class="button" href="{ROOT_FROM_PAGE}{DESCRIPTOR}" download>datapackage.json</a>
<span class="size">{_size(descriptor_size)}</span> — the descriptor: every table's schema, sizes and SHA-256 hashes.</p>
{scroll_box(grid, "Data files, one row per table", "hint-downloads", "fit")}
{f"<ul class='other-files'>{other}</ul>" if other else ""}
<p>Archived texts (third-party, not under the licence; kept for checking excerpts): {texts}.</p>"""


# --- charts --------------------------------------------------------------------------------------------


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """A matplotlib SVG made fit to sit inside HTML beside others: ids prefixed, no prolog, no own style, sized.

    The width follows the column, but never below the width at which its smallest text is MIN_TEXT_PX
    (the box then scrolls) nor above its natural size.
    """
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'<style type="text/css">.*?</style>', "", svg, flags=re.S)  # the page has the rules (and the fonts) once
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    if view is None or not sizes:
        raise ValueError(f"chart {prefix}: no viewBox or no text")
    width = float(view.group(1))  # in points, like the font sizes
    smallest = math.ceil(width * MIN_TEXT_PX / min(sizes))
    natural = max(smallest, math.ceil(width * 4 / 3))
    svg = re.sub(r'<svg ([^>]*?)width="[^"]+" height="[^"]+" ', r"<svg \1", svg, count=1)
    attrs = f'role="img" aria-label="{esc(label)}" class="chart" style="min-width: {smallest}px; max-width: {natural}px" '
    return svg.replace("<svg ", f"<svg {attrs}", 1).strip()


def figures(charts: list[Chart]) -> str:
    out = []
    for chart in charts:
        svg = inline_svg(chart.svg, chart.name, chart.title)
        out.append(
            f'<figure id="chart-{esc(chart.name)}">'
            + scroll_box(svg, f"Chart: {chart.title}", f"hint-chart-{chart.name}", "chart-box")
            + f'<figcaption>{esc(chart.title)} · <a href="charts/{esc(chart.name)}.svg">SVG</a> · '
            f'<a href="charts/{esc(chart.name)}.png">PNG</a>'
            f"<details><summary>Text description</summary><p>{esc(chart.alt)}</p></details></figcaption></figure>"
        )
    return "".join(out)


# --- tables and dictionary -----------------------------------------------------------------------------


def dictionary(package: Package) -> str:
    out = []
    for doc in dictionary_docs(package.descriptor):
        keys = [f"primary key ({esc(', '.join(doc.primary_key))})"]
        keys += [f'{esc(", ".join(fields))} → <a href="#dict-{esc(target)}">{esc(target)}</a>' for fields, target in doc.references]
        rows = "".join(
            f'<tr><th scope="row" data-label="column"><code>{esc(f["name"])}</code></th><td data-label="type">{esc(f["type"])}</td>'
            f'<td data-label="provenance">{esc(f["provenance"])}</td>'
            f'<td data-label="required">{"yes" if f.get("constraints", {}).get("required") else ""}</td>'
            f'<td data-label="constraints">{constraints_text(f, code=_code, plain=esc)}</td>'
            f'<td data-label="description">{esc(f.get("description", ""))}</td></tr>'
            for f in doc.fields
        )
        grid = (
            '<table class="plain cards"><thead><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">provenance</th>'
            '<th scope="col">required</th><th scope="col">constraints</th><th scope="col">description</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        out.append(
            f'<section class="dict" id="dict-{esc(doc.name)}"><h3><code>{esc(doc.name)}</code> — {esc(doc.title)}</h3>'
            f"<p>{esc(doc.description)} Keys: {'; '.join(keys)}.</p>"
            f"{scroll_box(grid, f'Columns of {doc.name}', f'hint-dict-{doc.name}')}</section>"
        )
    return "\n".join(out)


def table_sections(package: Package) -> str:
    """One section per table: the heading, search, the count, and an empty grid the script fills with every row."""
    out = []
    for r in package.csv_resources():
        name = r["name"]
        count = len(package.tables[name])
        columns = len(r["schema"]["fields"]) + 1
        grid = (
            f'<table class="rows cards" role="grid" aria-label="{esc(r["title"])} ({esc(name)})" aria-rowcount="{count + 1}" '
            f'aria-colcount="{columns}"><thead></thead><tbody></tbody></table>'
        )
        out.append(
            f'<section class="data-table" id="t-{esc(name)}" data-table="{esc(name)}">'
            f'<h3>{esc(r["title"])} <code>{esc(name)}</code> <span class="count-total">{count} rows</span></h3>'
            f'<p>{esc(r["description"])} <a href="#dict-{esc(name)}">Columns</a> · '
            f'<a href="{esc(ROOT_FROM_PAGE + r["path"])}" download>CSV</a></p>'
            '<div class="tools"><label>Search <input type="search" class="search" '
            f'placeholder="filter {count} rows" aria-label="Search {esc(r["title"])}"></label>'
            f'<span class="shown" aria-live="polite">{count} of {count} rows</span></div>'
            f"{scroll_box(grid, f'Rows of {name}', f'hint-t-{name}', 'rows-box', focusable=False)}"
            "</section>"
        )
    return "\n".join(out)


# --- the page ------------------------------------------------------------------------------------------


def render_index(package: Package, charts: list[Chart], fonts: str, commands: str) -> str:
    """The whole page as one string (deterministic: same package, same bytes)."""
    d = package.descriptor
    licenses = ", ".join(
        f'<a href="{esc(lic["path"])}" rel="license">{esc(lic.get("title") or lic["name"])}</a> ({esc(lic["name"])})'
        for lic in d["licenses"]
    )
    nav = "".join(f'<a href="#t-{esc(r["name"])}">{esc(r["name"])}</a>' for r in package.csv_resources())
    css = (ASSETS / "page.css").read_text(encoding="utf-8")
    js = (ASSETS / "page.js").read_text(encoding="utf-8")
    keywords = ", ".join(d.get("keywords", []))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(d["title"])}</title>
<meta name="description" content="{esc(d["description"])}">
<meta name="keywords" content="{esc(keywords)}">
<link rel="icon" href="data:,">
<style>
{fonts}
{css}</style>
<noscript><style>.scroll-hint {{ display: block; }}</style></noscript>
<script type="application/ld+json">{script_json(json_ld(package, ROOT_FROM_PAGE))}</script>
</head>
<body>
<header class="top">
<p class="kicker">Data package <code>{esc(d["name"])}</code> · version {esc(d["version"])}</p>
<h1>{esc(d["title"])}</h1>
<p class="lead">{esc(d["description"])}</p>
<p class="figures">{esc(figures_line(package.tables, d))}</p>
<dl class="facts">
<div><dt>Version</dt><dd>{esc(d["version"])}</dd></div>
<div><dt>Licence</dt><dd>{licenses}</dd></div>
<div><dt>Created</dt><dd><time datetime="{esc(str(d["created"]))}">{esc(release_date(d))}</time></dd></div>
<div><dt>Creator</dt><dd>{esc("; ".join(creators(d)))}</dd></div>
</dl>
<section class="cite" aria-labelledby="cite-h"><h2 id="cite-h">How to cite</h2>
<p id="citation">{esc(citation_text(d))}</p>
<details><summary>BibTeX</summary>{scroll_box(f'<pre id="bibtex">{esc(bibtex(d))}</pre>', "BibTeX entry", "hint-bibtex", "code")}</details>
<p class="small">Licence {esc(license_label(d))}: reuse freely with this attribution.</p></section>
<nav class="toc" aria-label="Contents"><a href="#download">Download</a><a href="#charts">Charts</a>{nav}\
<a href="#dictionary">Data dictionary</a></nav>
</header>
<main>
<section id="download"><h2>Download</h2>
{downloads(package, commands)}
</section>
<section id="charts"><h2>Charts</h2>
{figures(charts)}
</section>
<section id="tables"><h2>Tables</h2>
<p>Every table of the package, searchable and sortable (click a column heading). <b>Click any cell</b> to see what backs that one
value: the verbatim excerpts that state it (each linked to the archived text, highlighted at its offsets), the rule that derived
it, or that it is the curators' own. With the keyboard, Tab into a table, move between cells with the arrow keys (Home, End,
Page Up and Page Down too) and press Enter. “Evidence” shows every excerpt a row rests on; → follows an identifier to the row it names.</p>
<noscript><p class="warn">The tables need JavaScript; without it, use the CSV files above.</p></noscript>
{table_sections(package)}
</section>
<section id="dictionary"><h2>Data dictionary</h2>
<p>From the Table Schema in <a href="{ROOT_FROM_PAGE}{DESCRIPTOR}">datapackage.json</a> (the CSV resources; the Parquet ones have the
same columns).</p>
{dictionary(package)}
</section>
</main>
<footer><p>Built from the published package (datapackage.json, data/, archive/ and README.md), version {esc(d["version"])}.
The data is licensed {licenses}; the archived texts are third-party material kept only for checking excerpts.</p></footer>
<script type="application/json" id="package-data">{script_json(page_data(package))}</script>
<script>
{js}</script>
</body>
</html>
"""
