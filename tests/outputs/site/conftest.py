"""Fixtures of the site tests: one site rendered from a copy of the published package alone, laid out as
the repository is (package files at the root, the site in docs/), one loopback server at that root, one
Chromium; one loaded data card shared by the tests that only read it, a fresh page for those that click.
"""

from __future__ import annotations

import csv
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Route, sync_playwright

from scripts.model.files import SITE
from scripts.outputs.site.build import render_site
from tests.conftest import ROOT, copy_from_repo

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
PUBLISHED = ["datapackage.json", "croissant.json", "data", "archive", "README.md"]  # what the site may read: a downloader's copy
ARTIFACTS = ROOT / "test-artifacts"
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 400, "height": 844}


def read_csv(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table_names() -> list[str]:
    return [r["name"] for r in DESCRIPTOR["resources"] if r["format"] == "csv"]


def resource(name: str) -> dict[str, Any]:
    return next(r for r in DESCRIPTOR["resources"] if r["name"] == name)


def copy_package(target: Path) -> Path:
    """Only what a downloader gets (no facts/, no scripts): the site must be buildable from that."""
    return copy_from_repo(PUBLISHED, target)


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package copy with the site rendered into its docs/, as in the repository and a release."""
    root = copy_package(tmp_path_factory.mktemp("package") / "pkg")
    render_site(root, root / SITE)
    return root


@pytest.fixture(scope="session")
def site(served_root: Path) -> Path:
    return served_root / SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(served_root: Path) -> Iterator[str]:
    """http://127.0.0.1:<random port>/ serving the package root (the card is at docs/index.html)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(served_root)))
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

    def close(self) -> None:
        self.page.context.close()


def open_visit(browser: Browser, base: str, url: str, **context: Any) -> Visit:
    """Open url in a new browser context; requests outside base are refused and recorded."""
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
    if "/archive/" not in url:
        page.wait_for_function("document.documentElement.dataset.tables === 'ready'")
    return visit


def card_url(server: str) -> str:
    return f"{server}{SITE}/index.html"


@pytest.fixture(scope="session")
def card(browser: Browser, server: str) -> Iterator[Visit]:
    """The data card at desktop width, loaded once, for tests that only read it (they must not click or scroll)."""
    visit = open_visit(browser, server, card_url(server), viewport=DESKTOP)
    yield visit
    visit.close()


@pytest.fixture
def fresh(browser: Browser, server: str) -> Iterator[Visit]:
    """A data card of its own, for a test that changes it (clicks, searches, sorts, follows links)."""
    visit = open_visit(browser, server, card_url(server), viewport=DESKTOP)
    yield visit
    visit.close()


def shown_ids(page: Page, table: str) -> list[str]:
    """Ids (primary key values joined by /) of the rows drawn and not filtered out, top to bottom."""
    prefix = f"row-{table}-"
    ids = page.locator(f"#t-{table} tbody tr.row").evaluate_all("rows => rows.map(r => r.id)")
    return [i.removeprefix(prefix) for i in ids]


def show_all(page: Page, table: str) -> None:
    """Draw every row of a table (the button the page offers while rows are left to draw)."""
    button = page.locator(f"#t-{table} .more button.all-rows")
    if button.is_visible():
        button.click()
