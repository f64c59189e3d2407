"""Charts of the published package: who owns the joint venture, the wider ownership graph, the timeline.

Each is drawn twice with matplotlib from the package's tables: wide (the README's) and narrow (3.6 inches, for a
phone, where the wide one's text would be too small). The site writes both as SVG to docs/charts/, and the wide one
as PNG too (for programs that take no SVG); a PNG costs twice an SVG to draw.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from matplotlib.figure import Figure

from scripts.model.schema import Tables
from scripts.outputs.site.charts.fonts import embed_fonts
from scripts.outputs.site.charts.graph import graph_chart
from scripts.outputs.site.charts.ownership import ownership_chart
from scripts.outputs.site.charts.style import fixed_style, to_bytes
from scripts.outputs.site.charts.timeline import timeline_chart


@dataclass(frozen=True)
class Chart:
    """A rendered chart: file stem under docs/charts/, a title, a text alternative, and its files' contents."""

    name: str
    title: str
    alt: str
    svg: str
    png: bytes | None


CHARTS: dict[str, tuple[str, Callable[[Tables, bool], tuple[Figure, str]]]] = {  # file stem -> title, draw(tables, narrow)
    "ownership": ("Who owns the joint venture", ownership_chart),
    "ownership-graph": ("Ownership and control graph", graph_chart),
    "timeline": ("Timeline of events", timeline_chart),
}


def _render(tables: Tables, narrow: bool, also: list[str]) -> list[Chart]:
    """One set of charts, each with a salt of its own (ids stay stable when another chart changes), fonts embedded
    (subset to their text and that of also)."""
    drawn = []
    suffix = "-narrow" if narrow else ""
    for name, (title, draw) in CHARTS.items():
        with fixed_style(salt=f"aliexpress-russia-jv/{name}{suffix}"):
            fig, alt = draw(tables, narrow)
            drawn.append(Chart(name + suffix, title, alt, *to_bytes(fig, title, png=not narrow)))
    return [replace(c, svg=svg) for c, svg in zip(drawn, embed_fonts([c.svg for c in drawn], also), strict=True)]


def render_charts(tables: Tables) -> list[tuple[Chart, Chart]]:
    """Every chart as (wide, narrow). The wide ones' fonts are subset to their own text, so they do not change when a
    narrow one does; the narrow ones' to the text of both (the same subsets, made once, when theirs adds no character)."""
    wide = _render(tables, False, [])
    return list(zip(wide, _render(tables, True, [c.svg for c in wide]), strict=True))
