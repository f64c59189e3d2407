"""The charts' fonts, embedded: a browser draws the SVG text (kept as <text>: selectable, searchable) with the glyphs
and widths matplotlib laid it out with, whatever fonts the reader has. Each face is subset from matplotlib's DejaVu to
the characters used, as a WOFF data URI named 'chart-…' (no stand-in elsewhere), without timestamps (same bytes)."""

import base64
import functools
import html
import io
import logging
import re
from pathlib import Path

import matplotlib
from fontTools import subset
from fontTools.ttLib import TTFont

# family as matplotlib writes it -> (embedded name, generic fallback, {weight: bundled file})
FACES = {
    "DejaVu Sans": ("chart-sans", "sans-serif", {"400": "DejaVuSans.ttf", "700": "DejaVuSans-Bold.ttf"}),
    "DejaVu Sans Mono": ("chart-mono", "monospace", {"400": "DejaVuSansMono.ttf"}),
}
TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
FAMILY = re.compile(r"font-family: '([^']+)'")


@functools.cache
def _woff(file: str, chars: str) -> str:
    """The bundled font, subset to chars, as base64 WOFF (once per build for the same characters)."""
    options = subset.Options(flavor="woff", hinting=False, name_IDs=[1, 2], layout_features=["kern"])
    options.drop_tables += ["FFTM"]  # FontForge's timestamps
    font = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / file, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return base64.b64encode(out.getvalue()).decode("ascii")


def embed_fonts(svgs: list[str], also: list[str]) -> list[str]:
    """The SVGs with their text in embedded faces (the original family as fallback): each carries the @font-face
    rules of every face the set uses, subset to the characters of all their text and that of also."""
    families = {f for s in svgs for f in FAMILY.findall(s)}
    chars = "".join(sorted({ch for s in svgs + also for text in TEXT.findall(s) for ch in html.unescape(text)} | set(" ?")))
    css = "\n".join(
        f"@font-face {{ font-family: '{name}'; font-weight: {weight}; font-style: normal; "
        f"src: url(data:font/woff;base64,{_woff(file, chars)}) format('woff'); }}"
        for family, (name, _, files) in FACES.items()
        if family in families
        for weight, file in files.items()
    )
    named = [FAMILY.sub(lambda m: f"font-family: '{FACES[m.group(1)][0]}', '{m.group(1)}', {FACES[m.group(1)][1]}", s) for s in svgs]
    return [s.replace('<style type="text/css">', f'<style type="text/css">{css}\n', 1) for s in named]
