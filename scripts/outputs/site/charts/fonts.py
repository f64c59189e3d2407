"""The charts' fonts, embedded: so a browser draws the SVG text with the very glyphs (and widths)
matplotlib laid it out with, whatever fonts the reader's machine has.

The SVGs keep their text as <text> (selectable, searchable, measurable); each face they use is
subset from matplotlib's bundled DejaVu to the characters the charts contain and embedded as a WOFF
data URI under a name of its own ('chart-…'), so it cannot stand in for a font the page uses
elsewhere. fontTools is told not to touch timestamps, so the bytes are the same on every build.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import re
from pathlib import Path

import matplotlib
from fontTools import subset
from fontTools.ttLib import TTFont

# (family as matplotlib writes it, weight) -> bundled file; the family is renamed to an embedded one
FACES = {
    ("DejaVu Sans", "400"): "DejaVuSans.ttf",
    ("DejaVu Sans", "700"): "DejaVuSans-Bold.ttf",
    ("DejaVu Sans Mono", "400"): "DejaVuSansMono.ttf",
}
EMBEDDED = {"DejaVu Sans": "chart-sans", "DejaVu Sans Mono": "chart-mono"}
FALLBACK = {"DejaVu Sans": "sans-serif", "DejaVu Sans Mono": "monospace"}
TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
FAMILY = re.compile(r"font-family: '([^']+)'")


def _woff(file: str, chars: str) -> bytes:
    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.name_IDs = [1, 2]  # family and style names only
    options.layout_features = ["kern"]
    options.drop_tables += ["FFTM"]  # FontForge's timestamps
    font = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / file, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def used_families(svg: str) -> set[str]:
    return set(FAMILY.findall(svg))


def font_css(svgs: list[str]) -> str:
    """@font-face rules for every face the SVGs use, subset to the characters of all their text."""
    families = set().union(*(used_families(s) for s in svgs))
    unknown = families - {family for family, _ in FACES}
    if unknown:
        raise ValueError(f"charts use fonts that are not embedded: {sorted(unknown)}")
    chars = "".join(sorted({ch for s in svgs for text in TEXT.findall(s) for ch in html.unescape(text)} | set(" ?")))
    rules = []
    for (family, weight), file in FACES.items():
        if family in families:
            data = base64.b64encode(_woff(file, chars)).decode("ascii")
            rules.append(
                f"@font-face {{ font-family: '{EMBEDDED[family]}'; font-weight: {weight}; font-style: normal; "
                f"src: url(data:font/woff;base64,{data}) format('woff'); }}"
            )
    return "\n".join(rules)


def use_embedded(svg: str, css: str) -> str:
    """The SVG with its text in the embedded faces (the original family as fallback), the rules in its own <style>."""
    svg = FAMILY.sub(lambda m: f"font-family: '{EMBEDDED[m.group(1)]}', '{m.group(1)}', {FALLBACK[m.group(1)]}", svg)
    return svg.replace('<style type="text/css">', f'<style type="text/css">{css}\n', 1)
