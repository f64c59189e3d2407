"""Fixtures of the site tests: the committed site (docs/, which test_build proves is what the package alone builds),
opened from file:// URLs as a downloader would, in Debian's Chromium driven by Playwright; one browser per worker, and
one loaded data card per width, shared by the tests of a file (a load costs about a second of CPU)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

from scripts.package import reader
from scripts.package.reader import read_descriptor
from tests.conftest import ROOT

DOCS = ROOT / "docs"
DESCRIPTOR = read_descriptor(ROOT)
DESKTOP, PHONE = {"width": 1400, "height": 900}, {"width": 400, "height": 844}


def read_csv(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def resource(name: str) -> dict[str, Any]:
    return reader.resource(DESCRIPTOR, name)


def table_names() -> list[str]:
    return [r["name"] for r in reader.csv_resources(DESCRIPTOR)]


def row_ids(name: str) -> list[str]:
    """The page's id of each row of a table, in the CSV's order: row-<table>-<primary key values joined by />."""
    key = resource(name)["schema"]["primaryKey"]
    return [f"row-{name}-" + "/".join(r[k] for k in key) for r in read_csv(name)]


@dataclass
class Visit:
    """A page plus what it complained about and every URL it asked for (anything but file: and data: is refused)."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        foreign = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert foreign == [], f"requests to other hosts: {foreign}"


def open_visit(browser: Browser, url: str, **context: Any) -> Visit:
    """url in a new browser context; requests to any host are refused (and recorded)."""
    ctx = browser.new_context(**context)
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file://", "data:")) else route.abort())
    visit = Visit(ctx.new_page())
    visit.page.on("console", lambda message: visit.errors.append(message.text) if message.type == "error" else None)
    visit.page.on("pageerror", lambda err: visit.errors.append(f"page error: {err}"))
    visit.page.on("request", lambda request: visit.requests.append(request.url))
    visit.page.goto(url)
    return visit


def card(browser: Browser, viewport: dict[str, int]) -> Iterator[Visit]:
    """The data card at that width, its tables drawn; clean (no error, no request to another host) when the tests are done."""
    visit = open_visit(browser, (DOCS / "index.html").as_uri(), viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    visit.page.wait_for_function("document.documentElement.dataset.tables === 'ready'")
    yield visit
    visit.assert_clean()
    visit.page.context.close()


OVERFLOW = """() => {
    const vw = document.documentElement.clientWidth;
    const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    const out = [];
    for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || !e.checkVisibility() || (r.left >= -0.5 && r.right <= vw + 0.5)) continue;
        let box = e.parentElement;
        while (box && !scrolls(box)) box = box.parentElement;
        const b = box && box.getBoundingClientRect();
        if (!box || b.left < -0.5 || b.right > vw + 0.5) out.push(`${e.tagName}#${e.id}.${e.className} ${r.left}..${r.right}`);
    }
    return {wider: out, page: document.documentElement.scrollWidth, vw};
}"""
CHARTS = """() => Array.from(document.querySelectorAll('figure img.chart')).map(img => {
    let box = img.parentElement;
    while (box && box.scrollWidth <= box.clientWidth + 1) box = box.parentElement;
    const r = img.getBoundingClientRect();
    return {src: img.currentSrc, left: r.left, right: r.right, width: r.width, scrolls: box ? box.tagName : null};
})"""


def smallest_text_px(src: str, width: float) -> float:
    """The smallest text of the chart file shown, in CSS px at the width it is shown."""
    svg = Path(src.removeprefix("file://")).read_text(encoding="utf-8")
    view = float(svg.split('viewBox="0 0 ', 1)[1].split()[0])
    return min(float(s.split("px")[0]) for s in svg.split("font-size: ")[1:]) * width / view


def assert_fits(page: Page) -> None:
    """Nothing is wider than the screen outside a box that scrolls within it; every chart fits the width without
    scrolling and shows no text under 10 px."""
    got = page.evaluate(OVERFLOW)
    assert got["page"] <= got["vw"] and got["wider"] == [], got
    for chart in page.evaluate(CHARTS):
        assert chart["left"] >= 0 and chart["right"] <= got["vw"] and chart["scrolls"] is None, chart
        assert smallest_text_px(chart["src"], chart["width"]) >= 10, chart
