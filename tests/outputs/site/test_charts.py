"""The chart files (wide and narrow), opened in Chromium as a reader's browser draws them: every label is real text
in a font the file carries, inside the chart, overlapping no other, and whole (every event's summary, every name)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from scripts.outputs.site.charts import CHARTS
from tests.outputs.site.conftest import DOCS, open_visit, read_csv

TEXTS = """() => {
    const svg = document.documentElement, box = svg.getBoundingClientRect();
    return Array.from(svg.querySelectorAll('text')).map(t => {
        const r = t.getBoundingClientRect(), font = getComputedStyle(t).fontFamily;
        const label = Array.prototype.indexOf.call(svg.querySelectorAll('g'), t.parentNode);  // the lines of one label share a <g>
        return {text: t.textContent, font, label, box: [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]};
    }).concat([{text: '', font: '', box: [0, 0, box.width, box.height]}]);
}"""
FACES = "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"


@pytest.mark.parametrize("name", [f"{name}{variant}" for name in CHARTS for variant in ("", "-narrow")])
def test_chart_labels_are_text_in_embedded_fonts_inside_the_chart_and_apart(browser: Browser, name: str) -> None:
    visit = open_visit(browser, (DOCS / "charts" / f"{name}.svg").as_uri())
    *texts, chart = visit.page.evaluate(TEXTS)
    visit.page.evaluate("document.fonts.ready")
    assert len(texts) > 10 and set(visit.page.evaluate(FACES)) >= {t["font"].split(",")[0].strip("'\"") for t in texts}
    for t in texts:
        x0, y0, x1, y1 = t["box"]
        assert t["font"].startswith(('"chart-', "chart-")) and "…" not in t["text"], t
        assert x0 >= -0.5 and y0 >= -0.5 and x1 <= chart["box"][2] + 0.5 and y1 <= chart["box"][3] + 0.5, t
    for i, a in enumerate(texts):
        for b in (b for b in texts[i + 1 :] if b["label"] != a["label"]):
            across = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
            down = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
            assert across <= 1 or down <= 1, (a["text"], b["text"])
    words = " ".join(t["text"] for t in texts)
    if name.startswith("timeline"):
        assert all(e["summary"] in words and e["date"] in words for e in read_csv("events"))
    elif name.startswith("ownership-graph"):
        stakes = read_csv("stakes") + [{"holder_id": g["group_id"], "subject_id": g["subject_id"]} for g in read_csv("group_stakes")]
        named = {s[k] for s in stakes for k in ("holder_id", "subject_id")}
        assert all(p["name"] in words for p in read_csv("parties") if p["party_id"] in named)
    else:
        assert all(f"{s['share_exact']} %" in words for s in read_csv("stakes") if s["subject_id"] == "aliexpress-russia")
    visit.assert_clean()
    visit.page.context.close()
