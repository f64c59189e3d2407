"""docs/index.html: the data card, one file (inline CSS, JS and data; the charts in charts/), all from the published
package, so the page, the files it links and the package cannot disagree. It links the package's own files
(../datapackage.json, ../data/, ../archive/), not copies, and nothing on another host: it also works from file://."""

import html
import math
import re
from pathlib import Path
from string import Template

from scripts.model import schema
from scripts.model.files import DESCRIPTOR
from scripts.outputs.site.archive_pages import ASSETS, script_json
from scripts.outputs.site.charts import Chart
from scripts.outputs.site.jsonld import json_ld
from scripts.outputs.site.page_data import page_data
from scripts.outputs.site.readme import INSTALL_SECTION
from scripts.package.citation import bibtex, citation_text, creators, license_label, release_date
from scripts.package.dictionary import constraints_text, figures_line
from scripts.package.reader import Package, csv_resources

MIN_TEXT_PX = 10  # no chart text is shown smaller: below the width where the wide chart's would be, the page shows the narrow one
PAGE_MARGIN = 60  # px of the viewport's width that are not the page's column: its padding, and room for a scrollbar
esc = html.escape


def _size(n: int) -> str:
    return f"{n:,} B" if n < 10_000 else f"{n / 1024:,.0f} KiB"


def downloads(package: Package) -> dict[str, str]:
    """The descriptor's size, every resource (one row per table, one column per format), the files beside them
    (schema.yaml's `files`) and the archived texts, for the Download section."""
    root, resources = package.root, package.descriptor["resources"]

    def link(path: str) -> str:
        size = _size((root / path).stat().st_size)
        return f'<span class="file"><a href="../{esc(path)}" download>{esc(Path(path).name)}</a> <span class="size">{size}</span></span>'

    tables: dict[str, dict[str, str]] = {}  # file stem (the table) -> format -> path
    for r in resources:
        tables.setdefault(Path(r["path"]).stem, {})[r["format"]] = r["path"]
    formats = list(dict.fromkeys(f for paths in tables.values() for f in paths))
    rows = "".join(
        f'<tr><th scope="row" data-label="table"><a href="#t-{stem}">{stem}</a></th>'
        + "".join(f'<td data-label="{f.upper()}">{link(paths[f])}</td>' for f in formats)
        + "</tr>"
        for stem, paths in tables.items()
    )
    head = '<th scope="col">table</th>' + "".join(f'<th scope="col">{f.upper()}</th>' for f in formats)
    paths = {s["source_id"]: s["archive_path"] for s in package.tables["sources"]}
    texts = (
        f'<a href="../{p}">{Path(p).name}</a> (<a href="archive/{sid}.html">with excerpts highlighted</a>)' for sid, p in paths.items()
    )
    return {
        "descriptor_size": _size((root / DESCRIPTOR).stat().st_size),
        "files": f'<table class="plain cards downloads"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>',
        "other_files": "".join(f"<li>{link(f['path'])} — {esc(f['title'])} ({esc(f['mediatype'])})</li>" for f in schema.files().values()),
        "texts": " · ".join(texts),
    }


def _shape(chart: Chart) -> tuple[int, int, int]:
    """A chart's natural width and height in CSS px (its SVG's points), and the narrowest width at which its
    smallest text is still MIN_TEXT_PX."""
    width, height = (float(v) for v in re.findall(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', chart.svg)[0])
    smallest = min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", chart.svg))
    return round(width * 4 / 3), round(height * 4 / 3), math.ceil(width * MIN_TEXT_PX / smallest)


def figures(charts: list[tuple[Chart, Chart]]) -> str:
    """Each chart as a picture: the wide file where the page is wide enough for its smallest text, else the narrow one."""
    out = []
    for wide, narrow in charts:
        (w, h, legible), (nw, nh, _) = _shape(wide), _shape(narrow)
        links = [(f"charts/{wide.name}.svg", "SVG"), (f"charts/{wide.name}.png", "PNG"), (f"charts/{narrow.name}.svg", "narrow SVG")]
        files = " · ".join(f'<a href="{href}">{text}</a>' for href, text in links)
        out.append(
            f'<figure id="chart-{esc(wide.name)}"><picture>'
            f'<source media="(max-width: {legible + PAGE_MARGIN - 1}px)" srcset="charts/{esc(narrow.name)}.svg" width="{nw}" height="{nh}">'
            f'<img class="chart" src="charts/{esc(wide.name)}.svg" width="{w}" height="{h}" alt="{esc(wide.alt)}"></picture>'
            f"<figcaption>{esc(wide.title)} · {files}"
            f"<details><summary>Text description</summary><p>{esc(wide.alt)}</p></details></figcaption></figure>"
        )
    return "\n".join(out)


def dictionary_sections(package: Package) -> str:
    """Per table: its description, keys, and one row per column (type, provenance, required, constraints, description)."""
    out = []
    for r in csv_resources(package.descriptor):
        name, table = r["name"], r["schema"]
        keys = [f"primary key ({esc(', '.join(table['primaryKey']))})"]
        for fk in table.get("foreignKeys", []):
            target = fk["reference"]["resource"]
            keys.append(f'{esc(", ".join(fk["fields"]))} → <a href="#dict-{esc(target)}">{esc(target)}</a>')
        rows = "".join(
            f'<tr><th scope="row" data-label="column"><code>{esc(f["name"])}</code></th><td data-label="type">{esc(f["type"])}</td>'
            f'<td data-label="provenance">{esc(f["provenance"])}</td>'
            f'<td data-label="required">{"yes" if f.get("constraints", {}).get("required") else ""}</td>'
            f'<td data-label="constraints">{constraints_text(f, code=lambda t: f"<code>{esc(t)}</code>", plain=esc)}</td>'
            f'<td data-label="description">{esc(f.get("description", ""))}</td></tr>'
            for f in table["fields"]
        )
        head = "".join(f'<th scope="col">{c}</th>' for c in ("column", "type", "provenance", "required", "constraints", "description"))
        grid = f'<table class="plain cards"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        out.append(
            f'<section class="dict" id="dict-{esc(name)}"><h3><code>{esc(name)}</code> — {esc(r["title"])}</h3>'
            f"<p>{esc(r['description'])} Keys: {'; '.join(keys)}.</p>"
            f'<div class="scroll-box" role="region" aria-label="Columns of {name}" tabindex="0">{grid}</div></section>'
        )
    return "\n".join(out)


def table_sections(package: Package) -> str:
    """One section per table: the heading, search, the count, and an empty grid the script fills with every row."""
    out = []
    for r in csv_resources(package.descriptor):
        name, title, count = esc(r["name"]), esc(r["title"]), len(package.tables[r["name"]])
        grid = (
            f'<table class="rows cards" role="grid" aria-label="{title} ({name})" aria-rowcount="{count + 1}" '
            f'aria-colcount="{len(r["schema"]["fields"]) + 1}"><thead></thead><tbody></tbody></table>'
        )
        out.append(
            f'<section class="data-table" id="t-{name}" data-table="{name}">'
            f'<h3>{title} <code>{name}</code> <span class="count-total">{count} rows</span></h3>'
            f'<p>{esc(r["description"])} <a href="#dict-{name}">Columns</a> · <a href="../{esc(r["path"])}" download>CSV</a></p>'
            f'<div class="tools"><label>Search <input type="search" class="search" placeholder="filter {count} rows" '
            f'aria-label="Search {title}"></label>'
            f'<span class="shown" aria-live="polite">{count} of {count} rows</span></div>'
            f'<div class="scroll-box rows-box" role="region" aria-label="Rows of {name}">{grid}</div></section>'
        )
    return "\n".join(out)


def render_index(package: Package, charts: list[tuple[Chart, Chart]], commands: str) -> str:
    """The whole page as one string (deterministic: same package, same bytes), with the README's install commands."""
    d = package.descriptor
    text = {k: str(d[k]) for k in ("title", "description", "name", "version", "created")} | {"commands": commands, "bibtex": bibtex(d)}
    text |= {"keywords": ", ".join(d["keywords"]), "release_date": release_date(d), "creators": "; ".join(creators(d))}
    text |= {"citation": citation_text(d), "license_label": license_label(d), "figures_line": figures_line(package.tables, d)}
    licenses = (f'<a href="{esc(x["path"])}" rel="license">{esc(x["title"])}</a> ({esc(x["name"])})' for x in d["licenses"])
    markup = {
        "install_section": INSTALL_SECTION,
        "descriptor": DESCRIPTOR,
        "charts": figures(charts),
        "data": script_json(page_data(package)),
        "css": (ASSETS / "page.css").read_text(encoding="utf-8"),
        "js": (ASSETS / "page.js").read_text(encoding="utf-8"),
        "json_ld": script_json(json_ld(package, "../")),
        "tables": table_sections(package),
        "dictionary": dictionary_sections(package),
        "licenses": ", ".join(licenses),
        "nav": "".join(f'<a href="#t-{r["name"]}">{esc(r["name"])}</a>' for r in csv_resources(package.descriptor)),
    }
    page = Template((ASSETS / "page.html").read_text(encoding="utf-8"))
    return page.substitute({k: esc(v) for k, v in text.items()} | markup | downloads(package))
