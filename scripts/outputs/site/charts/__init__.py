"""Charts of the published package: who owns the joint venture, the wider ownership graph, the timeline.

Drawn with matplotlib only, from the package's tables, and returned as SVG text and PNG bytes: the page
inlines the SVG, and the site build writes both files to docs/charts/ once (nothing is read back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.figure import Figure

from scripts.model.schema import Tables
from scripts.outputs.site.charts.fonts import font_css, use_embedded
from scripts.outputs.site.charts.graph import graph_figure
from scripts.outputs.site.charts.ownership import ownership_figure
from scripts.outputs.site.charts.style import fixed_style, to_bytes
from scripts.outputs.site.charts.timeline import timeline_figure


@dataclass(frozen=True)
class Chart:
    """A rendered chart: file stem under docs/charts/, a title, a text alternative, and the two files' contents."""

    name: str
    title: str
    alt: str
    svg: str
    png: bytes


CHARTS: dict[str, tuple[str, Callable[[Tables], tuple[Figure, str]]]] = {
    "ownership": ("Who owns the joint venture", ownership_figure),
    "ownership-graph": ("Ownership and control graph", graph_figure),
    "timeline": ("Timeline of events", timeline_figure),
}


def render_charts(tables: Tables) -> tuple[list[Chart], str]:
    """Every chart, drawn in the fixed style with a salt of its own (ids stay stable when another chart changes),
    and the @font-face rules of the fonts their text uses: each SVG carries them; a page that inlines the
    SVGs needs them once."""
    drawn = []
    for name, (title, draw) in CHARTS.items():
        with fixed_style(salt=f"aliexpress-russia-jv/{name}"):
            fig, alt = draw(tables)
            svg, png = to_bytes(fig, title)
        drawn.append((name, title, alt, svg, png))
    css = font_css([svg for *_, svg, _png in drawn])
    return [Chart(name, title, alt, use_embedded(svg, css), png) for name, title, alt, svg, png in drawn], css
