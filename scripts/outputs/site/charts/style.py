"""The fixed matplotlib style and colours of every chart, and the one way a figure becomes bytes. Reproducible: the
bundled DejaVu fonts, a fixed SVG hash salt per chart, no dates or versions, so a diff of docs/ shows only real changes."""

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

FONT = "DejaVu Sans"  # shipped inside matplotlib, so every machine draws the same glyphs
COUNTRY_COLOURS = {"CN": "#c0392b", "RU": "#2c5d8f"}
OTHER_COUNTRY, NO_COUNTRY = "#7d8b6a", "#ffffff"
BASIS_COLOURS = {"stated": "#1f3b5a", "resolved": "#3f7fb5", "inferred": "#d08a2e"}
INK, MUTED = "#222222", "#666666"
SMALL = 8.5  # points: the smallest text of any chart
NARROW_WIDTH = 3.6  # inches: a narrow chart's smallest text is then 10 px or more in a column of 330 px (a 360 px phone)


@contextlib.contextmanager
def fixed_style(salt: str) -> Iterator[None]:
    """rcParams that make output reproducible; refuses a system font that would shadow matplotlib's own."""
    style = {"svg.hashsalt": salt, "svg.fonttype": "none", "font.family": [FONT], "font.size": 9, "text.parse_math": False}
    style |= {"text.usetex": False, "axes.unicode_minus": False, "savefig.dpi": 110, "hatch.linewidth": 0.8}
    with matplotlib.rc_context(style):
        found = Path(font_manager.findfont(font_manager.FontProperties(family=FONT)))
        if Path(matplotlib.get_data_path()) not in found.parents:
            raise RuntimeError(f"{FONT} resolves to {found}, not to matplotlib's bundled copy; charts would not be reproducible")
        yield


def to_bytes(fig: Figure, title: str, png: bool) -> tuple[str, bytes | None]:
    """The figure as SVG text and (when asked) PNG bytes, without timestamps or version strings."""
    svg, raster = io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None, "Title": title}, bbox_inches="tight", pad_inches=0.12)
    if png:
        fig.savefig(raster, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.12, facecolor="white")
    return svg.getvalue().decode("utf-8"), raster.getvalue() if png else None


def country_colour(code: str | None) -> str:
    return COUNTRY_COLOURS.get(code, OTHER_COUNTRY) if code else NO_COUNTRY


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]


def mix(colour: str, ground: str, strength: float) -> str:
    """colour laid over ground at the given opacity, as one opaque colour (no seams between slices)."""
    pairs = zip(_rgb(colour), _rgb(ground), strict=True)
    return "#{:02x}{:02x}{:02x}".format(*(round(x * strength + y * (1 - strength)) for x, y in pairs))


def shade(hex_colour: str, k: int) -> str:
    """The k-th lighter variant of a colour, to tell holders of one country apart."""
    f = min(0.18 * k, 0.6)
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * f) for c in _rgb(hex_colour)))


def text_colour(hex_colour: str) -> str:
    """White on dark fills, ink on light ones."""
    r, g, b = _rgb(hex_colour)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 150 else INK
