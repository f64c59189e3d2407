"""The web site docs/: built from the published package alone, byte-identical on rebuild, and working in a
real browser (Debian's Chromium driven by Playwright): tables, search, sort, evidence, archive links,
charts, JSON-LD, phone layout, and not one request to another host.
"""

from __future__ import annotations

import csv
import functools
import html
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Route, expect, sync_playwright

from scripts.model import schema
from scripts.outputs.site.build import build_site, render_site
from scripts.package.citation import bibtex, citation_text
from tests.conftest import ROOT, copy_from_repo, fingerprint

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PUBLISHED = ["datapackage.json", "data", "archive"]
ARTIFACTS = ROOT / "test-artifacts"
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def read_csv(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def copy_package(target: Path) -> Path:
    """Only what a downloader gets (no facts/, no README): the site must be buildable from that."""
    return copy_from_repo(PUBLISHED, target)


# --- fixtures: one rendered site, one loopback server, one browser per session ---------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    package = copy_package(tmp_path_factory.mktemp("package") / "pkg")
    out = tmp_path_factory.mktemp("site") / "docs"
    render_site(package, out)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """http://127.0.0.1:<random port>/ serving the rendered site."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium); the browser tests are not optional")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Visit:
    """A page plus everything it asked for and complained about."""

    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.base) or u.startswith("file://") or u.startswith("data:"))]

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.foreign() == [], f"requests to other hosts: {self.foreign()}"


def open_visit(browser: Browser, base: str, url: str, **context: Any) -> Visit:
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    visit = Visit(page, base)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            visit.errors.append(message.text)

    def on_request(request: Request) -> None:
        visit.requests.append(request.url)

    def guard(route: Route) -> None:
        if route.request.url.startswith(base) or route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()  # recorded by on_request, failed by assert_clean

    page.on("console", on_console)
    page.on("pageerror", lambda err: visit.errors.append(f"page error: {err}"))
    page.on("request", on_request)
    ctx.route("**/*", guard)
    page.goto(url)
    page.wait_for_load_state("load")
    return visit


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Visit]:
    v = open_visit(browser, server, server + "index.html", viewport={"width": 1280, "height": 900})
    yield v
    v.page.context.close()


def shown_ids(page: Page, table: str) -> list[str]:
    prefix = f"row-{table}-"
    ids = page.locator(f"#t-{table} tbody tr.row:not([hidden])").evaluate_all("rows => rows.map(r => r.id)")
    return [i.removeprefix(prefix) for i in ids]


# --- built from the package, deterministic, copies exact -------------------------------------------------


def test_site_is_built_from_the_published_package_and_is_deterministic(site: Path, tmp_path: Path) -> None:
    """A second render (from another copy of the package) gives the same files, byte for byte."""
    again = tmp_path / "docs"
    render_site(copy_package(tmp_path / "pkg"), again)
    first = fingerprint(site)
    assert fingerprint(again) == first
    assert {"index.html", "datapackage.json", "charts/ownership.svg", "charts/ownership-graph.svg", "charts/timeline.svg"} <= set(first)
    assert {f"archive/{s['source_id']}.html" for s in read_csv("sources")} <= set(first)


def test_committed_docs_are_what_the_package_builds(site: Path) -> None:
    """`make` on a clean clone changes nothing in docs/ either."""
    assert fingerprint(ROOT / "docs") == fingerprint(site)


def test_docs_copies_equal_the_published_files() -> None:
    paths = ["datapackage.json"] + [r["path"] for r in DESCRIPTOR["resources"]] + [s["archive_path"] for s in read_csv("sources")]
    assert len(paths) == 1 + 2 * len(schema.table_names()) + len(schema.files()) + 5
    for rel in paths:
        assert (ROOT / "docs" / rel).read_bytes() == (ROOT / rel).read_bytes(), rel


def test_a_failed_site_build_leaves_docs_as_it_was(site: Path, tmp_path: Path) -> None:
    root = copy_package(tmp_path / "repo")
    shutil.copytree(site, root / "docs")
    before = fingerprint(root / "docs")
    events = root / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("event_id,", "event,", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        build_site(root)
    assert fingerprint(root / "docs") == before
    assert not list(root.glob(".staging-*"))


def test_archive_pages_hold_the_exact_text_with_every_citation_anchored(site: Path) -> None:
    citations = read_csv("citations")
    for source in read_csv("sources"):
        page = (site / "archive" / f"{source['source_id']}.html").read_text(encoding="utf-8")
        body = re.search(r'<pre class="text">(.*?)</pre>', page, re.S)
        assert body is not None
        text = (ROOT / source["archive_path"]).read_bytes().decode("utf-8")
        assert html.unescape(re.sub(r"<[^>]+>", "", body.group(1))) == text
        for c in (c for c in citations if c["source_id"] == source["source_id"]):
            assert page.count(f'id="{html.escape(c["citation_id"])}"') == 1, c["citation_id"]


def test_citation_sentence_names_title_version_and_year() -> None:
    sentence = citation_text(DESCRIPTOR)
    assert DESCRIPTOR["title"] in sentence and DESCRIPTOR["version"] in sentence and DESCRIPTOR["created"][:4] in sentence


# --- in the browser --------------------------------------------------------------------------------------


def test_page_shows_the_citation_of_the_readme_and_citation_cff(visit: Visit) -> None:
    page = visit.page
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    sentence = page.locator("#citation").inner_text()
    assert sentence in readme and f'version: "{DESCRIPTOR["version"]}"' in cff
    page.locator("section.cite summary", has_text="BibTeX").click()
    expect(page.locator("#bibtex")).to_be_visible()
    entry = page.locator("#bibtex").inner_text()
    assert entry.strip() == bibtex(DESCRIPTOR).strip() and entry.strip() in readme


def test_page_loads_without_errors_or_foreign_requests(visit: Visit) -> None:
    page = visit.page
    expect(page.locator("h1")).to_have_text(DESCRIPTOR["title"])
    expect(page.locator("#citation")).to_have_text(citation_text(DESCRIPTOR))
    assert DESCRIPTOR["version"] in page.locator("dl.facts").inner_text()
    assert "CC-BY-4.0" in page.locator("dl.facts").inner_text()
    page.locator("#t-stakes tbody tr.row button.ev").first.click()
    page.locator("#t-events thead button.sort", has_text="date_end").click()
    page.locator("#t-parties input.search").fill("alibaba")
    visit.assert_clean()
    assert visit.requests and all(u.startswith(visit.base) for u in visit.requests)


def test_every_table_shows_all_its_rows(visit: Visit) -> None:
    page = visit.page
    tables = [r["name"] for r in DESCRIPTOR["resources"] if r["format"] == "csv"]
    assert tables == schema.table_names()
    for name in tables:
        rows = read_csv(name)
        key = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)["schema"]["primaryKey"]
        assert shown_ids(visit.page, name) == ["/".join(r[k] for k in key) for r in rows], name
        expect(page.locator(f"#t-{name} .shown")).to_have_text(f"{len(rows)} of {len(rows)} rows")


def test_search_filters_rows(visit: Visit) -> None:
    page = visit.page
    search = page.locator("#t-stakes input.search")
    stakes = read_csv("stakes")
    search.fill("kremlin")
    expected = [s["stake_id"] for s in stakes if any("kremlin" in v.lower() for v in s.values())]
    assert shown_ids(page, "stakes") == expected and 0 < len(expected) < len(stakes)
    expect(page.locator("#t-stakes .shown")).to_have_text(f"{len(expected)} of {len(stakes)} rows")
    search.fill("kremlin sberbank")
    assert shown_ids(page, "stakes") == ["kremlin-owns-sberbank"]
    search.fill("no such thing")
    assert shown_ids(page, "stakes") == []
    search.fill("")
    assert len(shown_ids(page, "stakes")) == len(stakes)


def test_sorting_by_a_column_both_ways(visit: Visit) -> None:
    page = visit.page
    stakes = read_csv("stakes")
    header = page.locator("#t-stakes thead th", has=page.locator("button.sort", has_text="share_exact"))
    with_share = [(float(s["share_exact"]), i, s["stake_id"]) for i, s in enumerate(stakes) if s["share_exact"]]
    without = [s["stake_id"] for s in stakes if not s["share_exact"]]
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert shown_ids(page, "stakes") == [sid for *_, sid in sorted(with_share)] + without
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert shown_ids(page, "stakes") == [sid for *_, sid in sorted(with_share, key=lambda t: (-t[0], t[1]))] + without
    events = read_csv("events")
    page.locator("#t-events thead button.sort", has_text="date_end").click()
    assert shown_ids(page, "events") == [e["event_id"] for _, e in sorted(enumerate(events), key=lambda p: (p[1]["date_end"], p[0]))]


def test_evidence_opens_and_links_to_the_excerpt_in_the_archived_text(visit: Visit) -> None:
    page = visit.page
    stake = "alibaba-owns-aliexpress"
    cites = [c for c in read_csv("citations") if c["stake_id"] == stake]
    assert len(cites) > 1
    row = page.locator(f'[id="row-stakes-{stake}"]')
    row.locator("button.ev").click()
    panel = page.locator(f'[id="row-stakes-{stake}"] + tr.evidence')
    expect(panel).to_be_visible()
    assert panel.locator("blockquote.exact").all_text_contents() == [c["exact"] for c in cites]
    with page.expect_navigation():
        panel.locator("a.in-context").first.click()
    first = cites[0]
    assert page.url == f"{visit.base}archive/{first['source_id']}.html#{first['citation_id']}"
    assert first["exact"] in page.locator("pre.text").text_content()
    highlighted = page.locator(".c.hl").evaluate_all("els => els.map(e => e.textContent).join('')")
    assert highlighted == first["exact"]
    expect(page.locator(f'[id="{first["citation_id"]}"]')).to_be_in_viewport()
    with page.expect_navigation():
        page.locator("#status a").click()
    expect(page.locator(f'[id="row-stakes-{stake}"]')).to_be_in_viewport()
    visit.assert_clean()


def test_every_citation_highlights_exactly_its_excerpt(browser: Browser, server: str) -> None:
    """Excerpts overlap and cross; whatever the overlap, the highlight is the excerpt, character for character."""
    citations = read_csv("citations")
    for source in read_csv("sources"):
        visit = open_visit(browser, server, f"{server}archive/{source['source_id']}.html")
        for c in (c for c in citations if c["source_id"] == source["source_id"]):
            got = visit.page.evaluate(
                """id => new Promise(done => {
                    addEventListener("hashchange", () => done(
                        Array.from(document.querySelectorAll(".c.hl")).map(e => e.textContent).join("")), {once: true});
                    location.hash = encodeURIComponent(id);
                })""",
                c["citation_id"],
            )
            assert got == c["exact"], c["citation_id"]
        visit.assert_clean()
        visit.page.context.close()


def test_identifier_links_jump_to_the_row_they_name(visit: Visit) -> None:
    page = visit.page
    page.locator("#t-parties input.search").fill("mail.ru")
    page.locator('[id="row-stakes-usmanov-owns-mail-ru"] a.ref', has_text="alisher-usmanov").click()
    target = page.locator('[id="row-parties-alisher-usmanov"]')
    expect(target).to_be_visible()
    expect(target).to_have_class(re.compile(r"\bflash\b"))
    expect(target).to_be_in_viewport()


def test_charts_are_on_the_page(visit: Visit) -> None:
    page = visit.page
    charts = page.locator("figure svg.chart")
    expect(charts).to_have_count(3)
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
    for name in ("ownership", "ownership-graph", "timeline"):
        for ext in ("svg", "png"):
            response = page.request.get(f"{visit.base}charts/{name}.{ext}")
            assert response.ok and response.body() == (ROOT / "docs" / "charts" / f"{name}.{ext}").read_bytes()


def test_download_links_serve_the_published_files(visit: Visit) -> None:
    page = visit.page
    hrefs = page.locator("#download a[download]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    expected = {"datapackage.json"} | {r["path"] for r in DESCRIPTOR["resources"]}
    assert set(hrefs) == expected
    for href in sorted(expected):
        response = page.request.get(visit.base + href)
        assert response.ok and response.body() == (ROOT / href).read_bytes(), href


def test_json_ld_describes_the_dataset(visit: Visit) -> None:
    data = json.loads(visit.page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["name"] == DESCRIPTOR["title"] and data["version"] == DESCRIPTOR["version"]
    assert data["license"] == DESCRIPTOR["licenses"][0]["path"] and data["keywords"] == DESCRIPTOR["keywords"]
    assert data["creator"][0]["name"] == DESCRIPTOR["contributors"][0]["title"]
    assert data["dateCreated"] == data["datePublished"] == DESCRIPTOR["created"][:10]
    urls = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
    assert set(urls) == {"datapackage.json"} | {r["path"] for r in DESCRIPTOR["resources"]}
    assert {urls[r["path"]] for r in DESCRIPTOR["resources"]} == {r["mediatype"] for r in DESCRIPTOR["resources"]}
    for url in urls:
        assert visit.page.request.get(visit.base + url).ok, url


def test_data_dictionary_lists_every_field(visit: Visit) -> None:
    for r in (r for r in DESCRIPTOR["resources"] if r["format"] == "csv"):
        names = visit.page.locator(f'[id="dict-{r["name"]}"] tbody th').all_text_contents()
        assert names == [f["name"] for f in r["schema"]["fields"]], r["name"]


def test_page_works_from_a_file_url(browser: Browser) -> None:
    index = ROOT / "docs" / "index.html"
    visit = open_visit(browser, index.parent.as_uri() + "/", index.as_uri())
    assert len(shown_ids(visit.page, "citations")) == len(read_csv("citations"))
    visit.assert_clean()
    visit.page.context.close()


def test_screenshots_wide_and_phone(visit: Visit, browser: Browser, server: str) -> None:
    """Artifacts for a person to look at; on a phone the rows become cards and nothing overflows sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "page.png"), full_page=True)
    phone = open_visit(browser, server, server + "index.html", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cell = page.locator("#t-stakes tbody tr.row td").nth(1)
    assert cell.evaluate("td => getComputedStyle(td).display") == "grid"
    page.screenshot(path=str(ARTIFACTS / "page-phone.png"), full_page=False)
    phone.assert_clean()
    phone.page.context.close()
