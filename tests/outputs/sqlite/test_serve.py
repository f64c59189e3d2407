"""`python -m scripts serve` as a user runs it: it serves the published SQLite file of a copy of the package; in
Debian's Chromium the search box finds the stakes' excerpt and "Trace one value" shows the words that state a share."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.conftest import ROOT, copy_from_repo
from tests.outputs.sqlite.test_datasette import JURNALIS, NAME


def browse(browser: Browser, base: str) -> list[str]:
    """Search, then trace MegaFon's share, in Chromium; returns what went wrong (page errors, requests to other hosts)."""
    wrong: list[str] = []
    page = browser.new_page()
    page.on("request", lambda request: None if request.url.startswith(base + "/") else wrong.append(request.url))
    page.on("pageerror", lambda err: wrong.append(str(err)))
    page.goto(f"{base}/{NAME}/citations")
    page.locator("#_search").fill("percent")
    page.locator("#_search").press("Enter")
    expect(page.locator("tbody tr", has_text="stake.alibaba-in-aliexpress-russia.jurnalis.1")).to_contain_text(JURNALIS)
    page.goto(f"{base}/{NAME}")
    page.get_by_role("link", name="Trace one value").click()
    for label, value in (("column", "stake_id"), ("row", "megafon-in-aliexpress-russia"), ("field", "share_exact")):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Run SQL").click()
    expect(page.locator("tbody tr")).to_contain_text(["24 percent by MegaFon"])
    page.close()
    return wrong


def test_serve_and_chromium_searches_and_traces(browser: Browser, tmp_path: Path) -> None:
    root = copy_from_repo(["datapackage.json", "data"], tmp_path / "pkg")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        base, port = f"http://127.0.0.1:{s.getsockname()[1]}", str(s.getsockname()[1])
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "scripts", "serve", "--root", str(root), "--port", port], cwd=ROOT, stdout=log, stderr=log
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text(encoding="utf-8")
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=5).close()
                break
            except OSError:
                time.sleep(0.2)
        assert "serving" in (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert browse(browser, base) == []
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C, as a user stops it
        process.wait(timeout=30)
    assert process.returncode == 0, (tmp_path / "serve.log").read_text(encoding="utf-8")
