"""The chart files, read as a browser would get them: text as SVG <text> (selectable, measurable) drawn in
fonts embedded in the file, labels whole. Their layout in the page is measured in test_layout_in_browser."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from scripts.outputs.site.charts import CHARTS
from tests.conftest import ROOT
from tests.outputs.site.conftest import read_csv

TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)


def texts(name: str) -> list[str]:
    svg = (ROOT / "docs" / "charts" / f"{name}.svg").read_text(encoding="utf-8")
    return [html.unescape(t) for t in TEXT.findall(svg)]


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_text_is_text_in_fonts_the_file_carries(name: str) -> None:
    svg = (ROOT / "docs" / "charts" / f"{name}.svg").read_text(encoding="utf-8")
    assert len(texts(name)) > 10
    families = set(re.findall(r"font-family: '([^']+)'", svg))
    assert families and all(f.startswith("chart-") or f.startswith("DejaVu") for f in families)
    for family in {f for f in families if f.startswith("chart-")}:
        assert re.search(rf"@font-face {{ font-family: '{family}';[^}}]*src: url\(data:font/woff;base64,", svg), family
    assert "<path" in svg and "glyph" not in svg  # no text drawn as glyph outlines
    assert all("…" not in t for t in texts(name))


def test_timeline_labels_are_the_whole_summaries() -> None:
    joined = " ".join(texts("timeline"))
    for e in read_csv("events"):
        assert e["summary"] in joined, e["event_id"]
        assert e["date"] in texts("timeline"), e["event_id"]


def test_graph_boxes_carry_every_name_whole() -> None:
    joined = " ".join(texts("ownership-graph"))
    parties = {p["party_id"]: p["name"] for p in read_csv("parties")}
    ids = {s[k] for s in read_csv("stakes") for k in ("holder_id", "subject_id")} | {g["group_id"] for g in read_csv("group_stakes")}
    for party_id in sorted(ids):
        assert parties[party_id] in joined, party_id


def test_chart_files_are_small_enough_to_inline() -> None:
    sizes = {p.name: p.stat().st_size for p in Path(ROOT / "docs" / "charts").glob("*.svg")}
    assert len(sizes) == len(CHARTS) and max(sizes.values()) < 150_000, sizes
