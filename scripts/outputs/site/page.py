"""docs/index.html: the data card, one self-contained file (inline CSS, JS, SVG and data as JSON).

Everything on it is taken from the published package, so the page, the files it links and the
package cannot disagree. Nothing is loaded from another host: the page works from a file:// URL and
from any static host.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

from scripts.model.schema import constraints_text
from scripts.outputs.site.archive_pages import script_json
from scripts.outputs.site.charts import Chart
from scripts.package.citation import bibtex, citation_text, creators, license_label, release_date
from scripts.package.dictionary import dictionary as dictionary_docs
from scripts.package.dictionary import figures_line
from scripts.package.evidence import cited_columns
from scripts.package.reader import Package

ASSETS = Path(__file__).with_name("assets")
FORMATS = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet", "json": "application/json"}
MIN_TEXT_PX = 10  # no chart text is drawn smaller: below this width a chart scrolls sideways in its box
esc = html.escape


# --- data for the page's script ------------------------------------------------------------------------


def excerpts_and_evidence(package: Package) -> tuple[list[list[str]], dict[str, list[list[int]]], dict[str, str | None]]:
    """Excerpts [source_id, text, href, label], and per table and row the excerpts that support it.

    A row of a cited table is supported by its own citations; a citations row by itself; a
    citation_fields row by its citation (via says which).
    """
    tables = package.tables
    columns = cited_columns(package.descriptor)
    excerpts: list[list[str]] = []
    by_target: dict[tuple[str, Any], list[int]] = {}
    own: dict[str, int] = {}
    for c in tables["citations"]:
        own[c["citation_id"]] = len(excerpts)
        excerpts.append([c["source_id"], c["exact"], f"archive/{c['source_id']}.html#{c['citation_id']}", c["citation_id"]])
        for table, column in columns.items():
            if c.get(column) is not None:
                by_target.setdefault((table, c[column]), []).append(own[c["citation_id"]])
    evidence: dict[str, list[list[int]]] = {}
    via: dict[str, str | None] = {}
    for resource in package.csv_resources():
        name = resource["name"]
        schema = resource["schema"]
        via[name] = None
        if name in columns:
            pk = schema["primaryKey"][0]
            evidence[name] = [by_target.get((name, r[pk]), []) for r in tables[name]]
        elif name == "citations":
            evidence[name] = [[own[c["citation_id"]]] for c in tables[name]]
        else:
            fk = next(fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] == "citations")
            field = fk["fields"][0]
            evidence[name] = [[own[r[field]]] for r in tables[name]]
            via[name] = f"citations ({field})"
    return excerpts, evidence, via


def _links(package: Package, resource: dict[str, Any]) -> dict[str, list[str]]:
    """Cells that link somewhere: a foreign key to the row it names, a URL to itself, an archive path to its page."""
    out: dict[str, list[str]] = {}
    for fk in resource["schema"].get("foreignKeys", []):
        target = package.resource(fk["reference"]["resource"])
        if len(fk["fields"]) == 1 and len(target["schema"]["primaryKey"]) == 1:
            out[fk["fields"][0]] = ["row", target["name"]]
    for f in resource["schema"]["fields"]:
        pattern = f.get("constraints", {}).get("pattern", "")
        if pattern.startswith("^https?://"):
            out[f["name"]] = ["url"]
        elif f["name"] == "archive_path":
            out[f["name"]] = ["archive"]
    return out


def page_data(package: Package) -> dict[str, Any]:
    excerpts, evidence, via = excerpts_and_evidence(package)
    tables = []
    for resource in package.csv_resources():
        name, schema = resource["name"], resource["schema"]
        fields = [f["name"] for f in schema["fields"]]
        tables.append(
            {
                "name": name,
                "fields": fields,
                "types": [f["type"] for f in schema["fields"]],
                "key": schema["primaryKey"],
                "links": _links(package, resource),
                "rows": [[row[f] for f in fields] for row in package.tables[name]],
                "evidence": evidence[name],
                "via": via[name],
            }
        )
    sources = {s["source_id"]: [s["publisher"], s["title"], s["published"]] for s in package.tables["sources"]}
    return {"tables": tables, "excerpts": excerpts, "sources": sources}


# --- JSON-LD -------------------------------------------------------------------------------------------


def _url(descriptor: dict[str, Any], path: str) -> str:
    home = descriptor.get("homepage")
    return f"{str(home).rstrip('/')}/{path}" if home else path


def json_ld(package: Package, files: list[tuple[str, str, int]]) -> dict[str, Any]:
    """schema.org Dataset: what search engines and dataset catalogues read."""
    d = package.descriptor
    events = package.tables.get("events", [])
    starts = sorted(e["date_start"] for e in events if e["date_start"])
    ends = sorted(e["date_end"] for e in events if e["date_end"])
    day = release_date(d)
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": d["title"],
        "alternateName": d["name"],
        "description": d["description"],
        "version": d["version"],
        "license": next(lic["path"] for lic in d.get("licenses", []) if lic.get("path")),
        "keywords": d.get("keywords", []),
        "creator": [{"@type": "Organization", "name": name} for name in creators(d)],
        "dateCreated": day,
        "datePublished": day,
        "isAccessibleForFree": True,
        "creditText": citation_text(d),
        "distribution": [
            {"@type": "DataDownload", "name": path, "encodingFormat": fmt, "contentUrl": _url(d, path), "contentSize": f"{size} B"}
            for path, fmt, size in files
        ],
        "isBasedOn": [
            {
                "@type": "NewsArticle",
                "headline": s["title"],
                "publisher": {"@type": "Organization", "name": s["publisher"]},
                **({"url": s["url"]} if s["url"] else {}),
            }
            for s in package.tables["sources"]
        ],
    }
    if d.get("homepage"):
        out["url"] = d["homepage"]
    if starts and ends:
        out["temporalCoverage"] = f"{starts[0]}/{ends[-1]}"
    return out


# --- HTML pieces ---------------------------------------------------------------------------------------


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


def _size(n: int) -> str:
    return f"{n:,} B" if n < 10_000 else f"{n / 1024:,.0f} KiB"


def downloads(package: Package, sizes: dict[str, int]) -> str:
    rows = []
    by_table: dict[str, dict[str, dict[str, Any]]] = {}
    for r in package.descriptor["resources"]:
        by_table.setdefault(r["name"].removesuffix("-parquet"), {})[r["format"]] = r
    for table, formats in by_table.items():
        cells = []
        for fmt in ("csv", "parquet"):
            r = formats.get(fmt)
            cells.append(
                f'<td data-label="{fmt.upper()}"><a href="{esc(r["path"])}" download>{esc(Path(r["path"]).name)}</a> '
                f'<span class="size">{_size(sizes[r["path"]])}</span></td>'
                if r
                else f'<td data-label="{fmt.upper()}"></td>'
            )
        rows.append(f'<tr><th scope="row" data-label="table"><a href="#t-{esc(table)}">{esc(table)}</a></th>{"".join(cells)}</tr>')
    texts = " · ".join(
        f'<a href="{esc(s["archive_path"])}">{esc(s["source_id"])}.txt</a> (<a href="archive/{esc(s["source_id"])}.html">page</a>)'
        for s in package.tables["sources"]
    )
    return f"""<p class="lead-links"><a class="button" href="datapackage.json" download>datapackage.json</a>
<span class="size">{_size(sizes["datapackage.json"])}</span> — the descriptor: every table's schema, sizes and SHA-256 hashes.
Validate a download with <code>frictionless validate datapackage.json</code>.</p>
<div class="scroll fit"><table class="plain downloads"><thead><tr><th>table</th><th>CSV</th><th>Parquet</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></div>
<p>Archived texts (third-party, not under the licence; for checking excerpts): {texts}.</p>"""


def _code(text: str) -> str:
    return f"<code>{esc(text)}</code>"


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
        out.append(
            f'<section class="dict" id="dict-{esc(doc.name)}"><h3><code>{esc(doc.name)}</code> — {esc(doc.title)}</h3>'
            f"<p>{esc(doc.description)} Keys: {'; '.join(keys)}.</p>"
            '<div class="scroll"><table class="plain cards"><thead><tr><th>column</th><th>type</th><th>provenance</th><th>required</th>'
            f"<th>constraints</th><th>description</th></tr></thead><tbody>{rows}</tbody></table></div></section>"
        )
    return "\n".join(out)


def table_sections(package: Package) -> str:
    out = []
    for r in package.csv_resources():
        name = r["name"]
        count = len(package.tables[name])
        out.append(
            f'<section class="data-table" id="t-{esc(name)}" data-table="{esc(name)}">'
            f'<h3>{esc(r["title"])} <code>{esc(name)}</code> <span class="count-total">{count} rows</span></h3>'
            f'<p>{esc(r["description"])} <a href="#dict-{esc(name)}">Columns</a> · '
            f'<a href="{esc(r["path"])}" download>CSV</a></p>'
            '<div class="tools"><label>Search <input type="search" class="search" '
            f'placeholder="filter {count} rows" aria-label="Search {esc(r["title"])}"></label>'
            f'<span class="shown" aria-live="polite">{count} of {count} rows</span></div>'
            '<div class="scroll"><table class="rows cards"><thead></thead><tbody></tbody></table></div>'
            "</section>"
        )
    return "\n".join(out)


def render_index(package: Package, charts: list[Chart], fonts: str, sizes: dict[str, int]) -> str:
    """The whole page as one string (deterministic: same package, same bytes)."""
    d = package.descriptor
    files = [(path, FORMATS[Path(path).suffix.lstrip(".")], size) for path, size in sizes.items() if not path.startswith("archive/")]
    figures = []
    for chart in charts:
        svg = inline_svg(chart.svg, chart.name, chart.title)
        figures.append(
            f'<figure id="chart-{esc(chart.name)}"><div class="chart-scroll">{svg}</div><figcaption>{esc(chart.title)} · '
            f'<a href="charts/{esc(chart.name)}.svg">SVG</a> · <a href="charts/{esc(chart.name)}.png">PNG</a>'
            '<span class="swipe"> · scroll sideways, or open the SVG to zoom</span>'
            f"<details><summary>Text description</summary><p>{esc(chart.alt)}</p></details></figcaption></figure>"
        )
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
<script type="application/ld+json">{script_json(json_ld(package, files))}</script>
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
<details><summary>BibTeX</summary><pre id="bibtex">{esc(bibtex(d))}</pre></details>
<p class="small">Licence {esc(license_label(d))}: reuse freely with this attribution.</p></section>
<nav class="toc" aria-label="Contents"><a href="#download">Download</a><a href="#charts">Charts</a>{nav}\
<a href="#dictionary">Data dictionary</a></nav>
</header>
<main>
<section id="download"><h2>Download</h2>
{downloads(package, sizes)}
</section>
<section id="charts"><h2>Charts</h2>
{"".join(figures)}
</section>
<section id="tables"><h2>Tables</h2>
<p>Every table of the package, searchable and sortable (click a column heading). “Evidence” opens the verbatim excerpts a row rests on,
each with a link to the archived text at that place. Identifiers link to the row they name.</p>
<noscript><p class="warn">The tables need JavaScript; without it, use the CSV files above.</p></noscript>
{table_sections(package)}
</section>
<section id="dictionary"><h2>Data dictionary</h2>
<p>From the Table Schema in <a href="datapackage.json">datapackage.json</a> (the CSV resources; the Parquet ones have the same columns).</p>
{dictionary(package)}
</section>
</main>
<footer><p>Built from the published package (datapackage.json and data/), version {esc(d["version"])}.
The data is licensed {licenses}; the archived texts are third-party material kept only for checking excerpts.</p></footer>
<script type="application/json" id="package-data">{script_json(page_data(package))}</script>
<script>
{js}</script>
</body>
</html>
"""
