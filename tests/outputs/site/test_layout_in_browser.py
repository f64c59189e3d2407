"""Phone (400 px) and desktop (1400 px) layout, measured in Chromium rather than looked at: element boxes against
the viewport, every column brought into view, every chart label inside its chart, whole and legible.

Each width gets one page with every table fully drawn and a few panels open (the widest content the page
can show), shared by the measuring tests of that width.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from scripts.outputs.site.page import MIN_TEXT_PX
from tests.outputs.site.conftest import ARTIFACTS, DESKTOP, PHONE, Visit, card_url, open_visit, read_csv, resource, show_all, table_names

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

OVERFLOW = """() => {
    const vw = document.documentElement.clientWidth;
    const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1;
    const classes = e => typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : '';
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + classes(e);
    const bad = [], boxes = new Set();
    for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || !e.checkVisibility({visibilityProperty: true})) continue;
        if (r.left >= -0.5 && r.right <= vw + 0.5) continue;
        let box = e.parentElement;
        while (box && !scrolls(box)) box = box.parentElement;
        if (box) boxes.add(box); else bad.push(name(e) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    const unnamed = [];
    for (const box of document.querySelectorAll('*')) {
        if (!scrolls(box) || !box.checkVisibility()) continue;
        boxes.add(box);
    }
    for (const box of boxes) {
        const r = box.getBoundingClientRect();
        const hint = document.getElementById(box.getAttribute('aria-describedby') || '');
        const hr = hint && hint.getBoundingClientRect();
        if (!(box.getAttribute('role') === 'region' && box.getAttribute('aria-label'))) unnamed.push(name(box) + ' has no accessible name');
        const hinted = hint && !hint.hidden && hr.height > 0 && /scroll sideways/.test(hint.textContent);
        if (!hinted) unnamed.push(name(box) + ' has no visible hint');
        if (r.left < -0.5 || r.right > vw + 0.5) unnamed.push(name(box) + ' is itself wider than the screen');
    }
    return {bad, unnamed, boxes: boxes.size, docWidth: document.documentElement.scrollWidth, vw};
}"""

COLUMNS = """() => {
    const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    const out = [];
    for (const table of document.querySelectorAll('main table')) {
        const header = table.querySelector('thead tr');
        const first = table.querySelector('tbody tr');
        if (!header || !first) continue;
        const count = header.children.length;
        for (let i = 0; i < count; i++) {
            const th = header.children[i];
            // a column is reachable by its heading, or (cards on a phone) by its labelled cell in every card
            let target = th.getBoundingClientRect().width > 0 ? th : first.children[i];
            target.scrollIntoView({block: 'center', inline: 'center'});
            const r = target.getBoundingClientRect();
            let clip = {left: 0, right: vw, top: 0, bottom: vh};
            for (let a = target.parentElement; a; a = a.parentElement) {
                const s = getComputedStyle(a);
                if (s.overflowX !== 'visible' && a !== document.documentElement && a !== document.body) {
                    const b = a.getBoundingClientRect();
                    clip = {left: Math.max(clip.left, b.left), right: Math.min(clip.right, b.right), top: clip.top, bottom: clip.bottom};
                }
            }
            const label = target === th ? th.textContent : target.getAttribute('data-label') || target.textContent;
            const seen = r.width > 0 && r.left >= clip.left - 1 && r.right <= clip.right + 1 && r.top >= -1 && r.bottom <= vh + 1;
            const where = table.getAttribute('aria-label') || table.closest('section')?.id || '';
            out.push([where, i, label.trim().slice(0, 40), seen, target === th]);
        }
    }
    return out;
}"""

CHART_TEXT = """() => Array.from(document.querySelectorAll('svg.chart')).map(svg => {
    svg.closest('.scroll-box').scrollIntoView();
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const texts = Array.from(svg.querySelectorAll('text')).map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
                left: r.left - box.left, right: r.right - box.left, top: r.top - box.top, bottom: r.bottom - box.top,
                font: getComputedStyle(t).fontFamily};
    });
    return {name: svg.closest('figure').id, width: box.width, height: box.height, texts};
})"""


def _prepared(browser: Browser, server: str, viewport: dict[str, int]) -> Visit:
    visit = open_visit(browser, server, card_url(server), viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    page = visit.page
    for name in table_names():
        show_all(page, name)
    # the widest panels: a long excerpt, a derived cell's inputs, a row's evidence, the BibTeX entry
    page.locator('[id="row-events-jv-agreement"] button.cell').nth(2).click()
    page.locator('[id="row-events-sberbank-talks-collapse-ft"] button.cell').nth(5).click()
    page.locator('[id="row-citations-' + read_csv("citations")[-1]["citation_id"] + '"] button.ev').click()
    page.locator("section.cite summary").click()
    page.wait_for_timeout(100)  # the hints follow the layout on the next frame
    return visit


@pytest.fixture(scope="module", params=list(WIDTHS))
def sized(request: pytest.FixtureRequest, browser: Browser, server: str) -> Iterator[tuple[str, Visit]]:
    visit = _prepared(browser, server, WIDTHS[request.param])
    yield request.param, visit
    visit.assert_clean()
    visit.close()


def test_nothing_is_wider_than_the_screen_outside_a_named_scroll_box_with_a_hint(sized: tuple[str, Visit]) -> None:
    width, visit = sized
    got = visit.page.evaluate(OVERFLOW)
    assert got["docWidth"] <= got["vw"], f"the page scrolls sideways at {width}"
    assert got["bad"] == [], f"{width}: wider than the screen, outside any scroll box"
    assert got["unnamed"] == [], width
    if width == "phone":
        assert got["boxes"] >= 3  # the charts scroll in their boxes on a phone, and say so


def test_every_column_can_be_brought_into_view(sized: tuple[str, Visit]) -> None:
    width, visit = sized
    got = visit.page.evaluate(COLUMNS)
    unseen = [g for g in got if not g[3]]
    assert unseen == [], width
    columns = sum(len(r["schema"]["fields"]) + 1 for r in [resource(name) for name in table_names()])
    assert sum(1 for g in got if g[0].startswith(tuple(r["title"] for r in [resource(name) for name in table_names()]))) == columns
    if width == "desktop":
        assert all(g[4] for g in got), "on a desktop every column is reached by its heading"


def test_chart_text_is_inside_the_chart_whole_and_legible(sized: tuple[str, Visit]) -> None:
    width, visit = sized
    charts = visit.page.evaluate(CHART_TEXT)
    assert [c["name"] for c in charts] == ["chart-ownership", "chart-ownership-graph", "chart-timeline"]
    everything = []
    for chart in charts:
        assert chart["texts"], chart["name"]
        for t in chart["texts"]:
            where = (width, chart["name"], t["text"])
            assert t["left"] >= -0.5 and t["right"] <= chart["width"] + 0.5, where
            assert t["top"] >= -0.5 and t["bottom"] <= chart["height"] + 0.5, where
            assert t["px"] >= MIN_TEXT_PX - 0.01, where
            assert "chart-" in t["font"], where  # drawn in the embedded face, as laid out
            assert "…" not in t["text"], where
        for i, a in enumerate(chart["texts"]):
            for b in chart["texts"][i + 1 :]:
                overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
                overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                assert overlap_x <= 1 or overlap_y <= 1, (width, chart["name"], a["text"], b["text"])
        everything.append(" ".join(t["text"] for t in chart["texts"]))
    # whole labels: every event's summary and every party's name, exactly as the data has them
    timeline = everything[2]
    for e in read_csv("events"):
        assert e["summary"] in timeline, e["event_id"]
    graph = everything[1]
    holders = {s["holder_id"] for s in read_csv("stakes")} | {s["subject_id"] for s in read_csv("stakes")}
    for p in read_csv("parties"):
        if p["party_id"] in holders:
            assert p["name"] in graph, p["party_id"]


def test_screenshots(sized: tuple[str, Visit]) -> None:
    """Artifacts for a person to look at (test-artifacts/), after the measurements above."""
    width, visit = sized
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.evaluate("window.scrollTo(0, 0)")
    visit.page.screenshot(path=str(ARTIFACTS / f"page-{width}.png"), full_page=False)
    visit.page.locator("#charts").scroll_into_view_if_needed()
    visit.page.screenshot(path=str(ARTIFACTS / f"charts-{width}.png"), full_page=False)
    if width == "phone":
        cell = visit.page.locator("#t-stakes tbody tr.row td").nth(1)
        assert cell.evaluate("td => getComputedStyle(td).display") == "grid"  # rows are cards
