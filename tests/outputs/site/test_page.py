"""The data card at 1,400 px, one page shared by every test here, in the order they run (the first ones only read it):
what it shows, its layout, every row of every table, search, sort, links to rows, what backs a cell, every link.
Expected values are computed here from the CSV files, independently of the site."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts.outputs.site.jsonld import json_ld
from scripts.outputs.site.readme import install_commands
from scripts.package.citation import bibtex, citation_text
from scripts.package.reader import load_package
from tests.conftest import ROOT
from tests.outputs.site.conftest import DESCRIPTOR, DESKTOP, DOCS, Visit, assert_fits, card, read_csv, resource, row_ids, table_names


@pytest.fixture(scope="module")
def desktop(browser: Browser) -> Iterator[Visit]:
    yield from card(browser, DESKTOP)


def shown(page: Page, table: str) -> list[str]:
    """Ids of the rows of a table in the page, top to bottom (the ones a search leaves)."""
    return page.locator(f"#t-{table} tbody tr.row").evaluate_all("rows => rows.map(r => r.id)")


def test_the_card_says_what_the_package_and_the_readme_say(desktop: Visit) -> None:
    page = desktop.page
    expect(page.locator("h1")).to_have_text(DESCRIPTOR["title"])
    expect(page.locator("#citation")).to_have_text(citation_text(DESCRIPTOR))
    assert page.locator("#bibtex").text_content() == bibtex(DESCRIPTOR)
    assert page.locator("#install").text_content() == install_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    ld = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert ld == json_ld(load_package(ROOT), "../")
    for name in table_names():  # the dictionary lists every column, each table says its count
        fields = [f["name"] for f in resource(name)["schema"]["fields"]]
        assert page.locator(f'[id="dict-{name}"] tbody th').all_text_contents() == fields, name
        expect(page.locator(f"#t-{name} .shown")).to_have_text(f"{len(read_csv(name))} of {len(read_csv(name))} rows")


def test_nothing_is_wider_than_the_screen_and_the_charts_are_the_wide_ones(desktop: Visit) -> None:
    assert_fits(desktop.page)
    sources = desktop.page.locator("figure img.chart").evaluate_all("imgs => imgs.map(i => i.currentSrc.split('/').pop())")
    assert sources == ["ownership.svg", "ownership-graph.svg", "timeline.svg"]


def test_every_row_of_every_table_is_on_the_page_for_find_in_page(desktop: Visit) -> None:
    for name in table_names():
        assert shown(desktop.page, name) == row_ids(name), name
    hidden = desktop.page.evaluate("Array.from(document.querySelectorAll('tr.row')).filter(r => !r.checkVisibility()).length")
    assert hidden == 0
    # the browser's own search finds a value of the last row of the longest table, in that table
    last = read_csv("citation_fields")[-1]
    found = desktop.page.evaluate(
        """([text, id]) => { getSelection().collapse(document.getElementById('t-citation_fields'), 0);
            return window.find(text, true) && getSelection().anchorNode.parentElement.closest('tr').id === id; }""",
        [last["as_written"], row_ids("citation_fields")[-1]],
    )
    assert found


def test_search_filters_every_row(desktop: Visit) -> None:
    page, stakes = desktop.page, read_csv("stakes")
    search = page.locator("#t-stakes input.search")
    search.fill("kremlin")
    expected = [f"row-stakes-{s['stake_id']}" for s in stakes if any("kremlin" in v.lower() for v in s.values())]
    assert shown(page, "stakes") == expected and 0 < len(expected) < len(stakes)
    expect(page.locator("#t-stakes .shown")).to_have_text(f"{len(expected)} of {len(stakes)} rows")
    search.fill("kremlin sberbank")
    assert shown(page, "stakes") == ["row-stakes-kremlin-owns-sberbank"]
    search.fill("no such thing")
    assert shown(page, "stakes") == []
    search.fill("")
    assert shown(page, "stakes") == row_ids("stakes")


def test_sorting_by_a_column_both_ways_keeps_empty_cells_last(desktop: Visit) -> None:
    page, stakes = desktop.page, read_csv("stakes")
    header = page.locator("#t-stakes thead th", has=page.locator("button.sort", has_text="share_exact"))
    with_share = [(float(s["share_exact"]), i, f"row-stakes-{s['stake_id']}") for i, s in enumerate(stakes) if s["share_exact"]]
    without = [f"row-stakes-{s['stake_id']}" for s in stakes if not s["share_exact"]]
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert shown(page, "stakes") == [row for *_, row in sorted(with_share)] + without
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert shown(page, "stakes") == [row for *_, row in sorted(with_share, key=lambda t: (-t[0], t[1]))] + without


def test_identifier_links_jump_to_the_row_they_name(desktop: Visit) -> None:
    page = desktop.page
    page.locator('[id="row-stakes-usmanov-owns-mail-ru"] a.ref[aria-label*="alisher-usmanov"]').click()
    target = page.locator('[id="row-parties-alisher-usmanov"]')
    expect(target).to_have_class(re.compile(r"\bflash\b"))
    expect(target).to_be_in_viewport()
    page.locator("#t-parties input.search").fill("vkontakte")  # a row a search has left out comes back when a link names it
    page.evaluate("id => { location.hash = id; }", "row-parties-alibaba")
    expect(page.locator('[id="row-parties-alibaba"]')).to_be_in_viewport()
    assert page.locator("#t-parties input.search").input_value() == ""


def test_a_stated_cell_shows_the_excerpt_with_the_words_that_state_it_marked(desktop: Visit) -> None:
    """The check a reader makes: click MegaFon's 24 and read the source's words."""
    page = desktop.page
    cell = page.locator(f'[id="row-stakes-megafon-in-aliexpress-russia"] button.cell[data-col="{field_index("stakes", "share_exact")}"]')
    expect(cell).to_have_text("24")
    cell.click()
    panel = page.locator('[id="row-stakes-megafon-in-aliexpress-russia"] + tr.evidence')
    spans = [
        s
        for s in read_csv("citation_fields")
        if s["citation_id"].startswith("stake.megafon-in-aliexpress-russia.") and s["field"] == "share_exact"
    ]
    assert panel.locator("mark.span").all_text_contents() == [s["as_written"] for s in spans] == ["24 percent by MegaFon"]
    assert panel.locator("li.excerpt b").all_text_contents() == ["jurnalis"]
    link = unquote(panel.locator("a.in-context").get_attribute("href") or "")
    assert link == f"archive/jurnalis.html#{spans[0]['citation_id']}:share_exact"
    # a derived cell shows its rule and the value it comes from, and no excerpt
    page.locator(f'[id="row-events-sberbank-talks-collapse-ft"] button.cell[data-col="{field_index("events", "date_end")}"]').click()
    panel = page.locator('[id="row-events-sberbank-talks-collapse-ft"] + tr.evidence')
    rule = next(f["description"] for f in resource("events")["schema"]["fields"] if f["name"] == "date_end")
    expect(panel.locator(".rule")).to_have_text(f"Rule: {rule}")
    assert panel.locator("dl.inputs dd").all_text_contents() == ["../2017-09?"] and panel.locator("blockquote").count() == 0


def field_index(table: str, field: str) -> int:
    return [f["name"] for f in resource(table)["schema"]["fields"]].index(field)


def test_cells_work_from_the_keyboard(desktop: Visit) -> None:
    page = desktop.page
    page.locator("#t-group_stakes input.search").focus()
    page.keyboard.press("Tab")  # into the grid: one tab stop, on its first cell
    for key in ["ArrowRight"] * (field_index("group_stakes", "share_exact") + 1) + ["Enter"]:
        page.keyboard.press(key)
    expect(page.locator("#t-group_stakes tr.evidence:not([hidden]) mark.span")).to_have_text("52 percent")
    page.keyboard.press("Escape")
    expect(page.locator("#t-group_stakes tr.evidence:not([hidden])")).to_have_count(0)


def test_every_link_of_the_card_and_the_archive_pages_resolves(desktop: Visit) -> None:
    """Every link to a file names a file of the checkout, and every #fragment an element of its page."""
    rows = {row for name in table_names() for row in row_ids(name)}  # the card's rows, drawn by its script
    hrefs = desktop.page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    for source in read_csv("sources"):
        page = DOCS / "archive" / f"{source['source_id']}.html"
        hrefs += [urljoin(page.as_uri(), h) for h in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))]
    checked, ids = set(), functools.cache(lambda path: set(re.findall(r' id="([^"]+)"', path.read_text(encoding="utf-8"))))
    for href in hrefs:
        url = urlsplit(href)
        if url.scheme in ("http", "https", "data"):
            continue
        path = Path(unquote(url.path))
        assert url.scheme == "file" and path.is_file(), href
        if url.fragment:
            target = unquote(url.fragment).split(":")[0]  # #<citation_id>:<field> names the citation's element
            assert target in ids(path) or target in rows, href
        checked.add(path.relative_to(ROOT).as_posix())
    assert {"datapackage.json", "data/stakes.csv", "data/stakes.parquet", "data/bods.json", "docs/charts/timeline-narrow.svg"} <= checked
    assert {s["archive_path"] for s in read_csv("sources")} | {
        f"docs/archive/{s['source_id']}.html" for s in read_csv("sources")
    } <= checked


def test_after_all_that_no_error_and_no_request_to_another_host(desktop: Visit) -> None:
    """Run last: the page, its clicks, searches and sorts logged no error and asked no other host for anything."""
    desktop.assert_clean()
    assert any(u.endswith("/docs/charts/timeline.svg") for u in desktop.requests)
