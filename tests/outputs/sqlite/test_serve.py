"""`python -m scripts serve` as a user runs it: a process that builds the missing SQLite file and its
metadata, then serves them with Datasette; driven in Debian's Chromium (Playwright), with every request
to a host other than the server refused.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect, sync_playwright

from tests.conftest import ROOT, copy_from_repo
from tests.outputs.site.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.outputs.sqlite.test_datasette import JURNALIS_SHARE, NAME


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    pytest.fail(f"serve did not answer {url} within {seconds} s:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL, package root): `python -m scripts serve --root <a copy of the package> --port <free port>`."""
    root = copy_from_repo(["datapackage.json", "data", "archive"], tmp_path_factory.mktemp("serve") / "pkg")
    log = root.parent / "serve.log"
    port = free_port()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "scripts", "serve", "--root", str(root), "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(f"{base}/-/versions.json", process, log)
        yield base, root
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C, as a user stops it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, log.read_text(encoding="utf-8")


def in_own_thread(check: Callable[[], None]) -> None:
    """Run check in a new thread: Playwright's sync API will not start where an event loop runs, and the site's
    browser tests keep one running in the main thread for the whole session."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            check()
        except BaseException as err:
            failure.append(err)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def test_serve_builds_the_missing_database_and_metadata(served: tuple[str, Path]) -> None:
    base, root = served
    assert (root / "dist" / f"{NAME}.sqlite").is_file() and (root / "dist" / f"{NAME}-datasette.json").is_file()
    with urllib.request.urlopen(f"{base}/-/package/datapackage.json") as response:
        assert response.read() == (root / "datapackage.json").read_bytes()


def search_citations(page: Page, base: str) -> None:
    """Type "percent" in the citations table's search box: the stakes' excerpt is found."""
    page.goto(f"{base}/{NAME}/citations")
    expect(page.locator("h1")).to_contain_text("citations")
    page.locator("#_search").fill("percent")
    page.locator("#_search").press("Enter")
    page.wait_for_url("**_search=percent**")
    row = page.locator("table.rows-and-columns tbody tr", has_text="stake.alibaba-in-aliexpress-russia.jurnalis.1")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(JURNALIS_SHARE)


def trace_one_value(page: Page, base: str) -> None:
    """Open "Trace one value" from the database page and ask for Alibaba's share: the jurnalis excerpt."""
    page.goto(f"{base}/{NAME}")
    page.get_by_role("link", name="Trace one value").click()
    expect(page.locator("h1")).to_contain_text("Trace one value")
    page.get_by_label("column", exact=True).fill("stake_id")
    page.get_by_label("row", exact=True).fill("alibaba-in-aliexpress-russia")
    page.get_by_label("field", exact=True).fill("share_exact")
    page.get_by_role("button", name="Run SQL").click()
    page.wait_for_url("**field=share_exact**")
    rows = page.locator("table.rows-and-columns tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("jurnalis")
    expect(rows.first).to_contain_text(JURNALIS_SHARE)


def test_in_chromium_search_finds_the_stakes_excerpt_and_trace_gives_the_jurnalis_excerpt(served: tuple[str, Path]) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium); the browser tests are not optional")
    base = served[0]

    def check() -> None:
        foreign: list[str] = []
        errors: list[str] = []

        def guard(route: Route) -> None:
            if route.request.url.startswith(base + "/"):
                route.continue_()
            else:
                foreign.append(route.request.url)
                route.abort()

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", guard)
            page = context.new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))
            search_citations(page, base)
            trace_one_value(page, base)
            browser.close()
        assert foreign == [], f"requests to other hosts: {foreign}"
        assert errors == [], f"page errors: {errors}"

    in_own_thread(check)
