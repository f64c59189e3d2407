"""The data card in a real browser (Debian's Chromium driven by Playwright): tables drawn on demand, search,
sort, links to rows, what backs each cell and each row, the archive pages, links, downloads, and not one
request to another host. Expected values are computed here from the CSV files, independently of the site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts.outputs.site.jsonld import json_ld
from scripts.outputs.site.page import downloads
from scripts.package.citation import bibtex, citation_text
from scripts.package.reader import load_package
from tests.conftest import ROOT
from tests.outputs.site.conftest import DESCRIPTOR, Visit, card_url, open_visit, read_csv, resource, show_all, shown_ids, table_names
from tests.outputs.site.test_jsonld import XLSX, package_with_more_files
from tests.outputs.site.test_readme import readme_install_block

FIRST_DRAWN = 30  # rows drawn per table before the reader scrolls or asks for more


def cell(page: Page, table: str, row_id: str, field: str) -> tuple[object, object]:
    """The button of one cell, and the evidence row below its row."""
    fields = [f["name"] for f in resource(table)["schema"]["fields"]]
    row = page.locator(f'[id="row-{table}-{row_id}"]')
    return row.locator(f'button.cell[data-col="{fields.index(field)}"]'), page.locator(f'[id="row-{table}-{row_id}"] + tr.evidence')


def citations_stating(table: str, row_id: str, field: str) -> list[dict[str, str]]:
    """By hand from the CSVs: the citations of that row (through citations' foreign key to the table) naming the field."""
    column = next(fk["fields"][0] for fk in resource("citations")["schema"]["foreignKeys"] if fk["reference"]["resource"] == table)
    named = {(r["citation_id"], r["field"]) for r in read_csv("citation_fields")}
    return [c for c in read_csv("citations") if c[column] == row_id and (c["citation_id"], field) in named]


# --- read only: the shared page ---------------------------------------------------------------------------


def test_page_loads_without_errors_or_foreign_requests(card: Visit) -> None:
    page = card.page
    expect(page.locator("h1")).to_have_text(DESCRIPTOR["title"])
    expect(page.locator("#citation")).to_have_text(citation_text(DESCRIPTOR))
    assert DESCRIPTOR["version"] in page.locator("dl.facts").inner_text()
    assert "CC-BY-4.0" in page.locator("dl.facts").inner_text()
    card.assert_clean()
    assert card.requests and all(u.startswith(card.base) for u in card.requests)


def test_the_page_shows_the_readmes_install_commands(card: Visit) -> None:
    block = readme_install_block((ROOT / "README.md").read_text(encoding="utf-8"))
    shown = card.page.locator("#download pre#install").text_content()
    assert shown == block


def test_tables_start_with_their_first_rows_drawn(card: Visit) -> None:
    for name in table_names():
        rows = read_csv(name)
        key = resource(name)["schema"]["primaryKey"]
        ids = ["/".join(r[k] for k in key) for r in rows]
        assert shown_ids(card.page, name) == ids[:FIRST_DRAWN], name
        more = card.page.locator(f"#t-{name} .more")
        assert more.is_visible() == (len(rows) > FIRST_DRAWN), name
        assert card.page.locator(f"#t-{name} table.rows").get_attribute("aria-rowcount") == str(len(rows) + 1)


def test_every_column_says_its_provenance(card: Visit) -> None:
    for name in table_names():
        fields = resource(name)["schema"]["fields"]
        tags = card.page.locator(f"#t-{name} thead th .prov").all_text_contents()
        assert tags == [f["provenance"] for f in fields], name


def test_data_dictionary_lists_every_field(card: Visit) -> None:
    for name in table_names():
        names = card.page.locator(f'[id="dict-{name}"] tbody th').all_text_contents()
        assert names == [f["name"] for f in resource(name)["schema"]["fields"]], name


def test_charts_are_inlined_and_their_files_are_those_of_docs(card: Visit, site: Path) -> None:
    charts = card.page.locator("figure svg.chart")
    expect(charts).to_have_count(3)
    for name in ("ownership", "ownership-graph", "timeline"):
        for ext in ("svg", "png"):
            response = card.page.request.get(urljoin(card.page.url, f"charts/{name}.{ext}"))
            assert response.ok and response.body() == (site / "charts" / f"{name}.{ext}").read_bytes()


def test_download_links_serve_the_published_files(card: Visit, served_root: Path) -> None:
    hrefs = card.page.locator("#download a[download]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    expected = {"../datapackage.json"} | {"../" + r["path"] for r in DESCRIPTOR["resources"]}
    assert set(hrefs) == expected
    for href in sorted(expected):
        response = card.page.request.get(urljoin(card.page.url, href))
        assert response.ok and response.body() == (served_root / href.removeprefix("../")).read_bytes(), href


def test_the_card_carries_the_json_ld_and_every_file_it_lists_is_served(card: Visit, served_root: Path) -> None:
    scripts = card.page.locator('script[type="application/ld+json"]')
    assert scripts.count() == 1
    data = json.loads(scripts.text_content() or "")
    assert data == json_ld(load_package(ROOT), "../")  # what test_jsonld checks, property by property
    files = {r["name"]: r["path"] for r in DESCRIPTOR["resources"]} | {
        "datapackage.json": "datapackage.json",
        "croissant.json": "croissant.json",
    }
    for d in data["distribution"]:
        response = card.page.request.get(urljoin(card.page.url, d["contentUrl"]))  # relative: resolved against the page
        assert response.ok and response.body() == (served_root / files[d["name"]]).read_bytes(), d["contentUrl"]
    for source in data["isBasedOn"]:
        response = card.page.request.get(urljoin(card.page.url, source["archivedAt"]))
        assert response.ok and response.body() == (served_root / source["archivedAt"].removeprefix("../")).read_bytes()


def test_downloads_list_any_resource_the_descriptor_declares(tmp_path: Path) -> None:
    package = load_package(package_with_more_files(tmp_path))
    section = downloads(package, "pip install frictionless\n")
    assert 'href="../data/aliexpress-russia-jv.xlsx"' in section and XLSX in section and 'href="../data/bods.json"' in section


def links_of(page: Page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'))
                 .map(e => e.getAttribute('href') ?? e.getAttribute('src'))"""
    )


def check_links(page: Page, base: str, row_ids: set[str]) -> list[str]:
    """Every link of the page that stays on this host resolves (200), and every in-page anchor exists."""
    checked = []
    for href in sorted(set(links_of(page))):
        if href.startswith(("https://", "http://", "data:")) and not href.startswith(base):
            continue
        url = urljoin(page.url, href)
        target = urlsplit(url)
        if href.startswith("#"):
            anchor = href[1:]
            assert anchor in row_ids or page.locator(f'[id="{anchor}"]').count() == 1, href
        else:
            assert url.startswith(base), href
            response = page.request.get(url.split("#")[0])
            assert response.status == 200, f"{href} -> {response.status}"
            if target.fragment and not target.fragment.startswith("row-"):
                assert f'id="{target.fragment}"' in response.text() or target.fragment in response.text(), href
        checked.append(href)
    return checked


def test_every_link_of_the_card_and_the_archive_pages_resolves(card: Visit, browser: Browser, server: str) -> None:
    row_ids = set()
    for name in table_names():
        key = resource(name)["schema"]["primaryKey"]
        row_ids |= {f"row-{name}-" + "/".join(r[k] for k in key) for r in read_csv(name)}
    checked = check_links(card.page, server, row_ids)
    assert {"../datapackage.json", "../data/stakes.csv", "../archive/ft-2018-alibaba-advanced-talks-russian-ecommerce-jv.txt"} <= set(
        checked
    )
    for source in read_csv("sources"):
        visit = open_visit(browser, server, f"{server}docs/archive/{source['source_id']}.html")
        checked = check_links(visit.page, server, row_ids)
        assert f"../../{source['archive_path']}" in checked and f"../index.html#row-sources-{source['source_id']}" in checked
        visit.assert_clean()
        visit.close()


# --- state changing: a fresh page each ---------------------------------------------------------------


def test_show_all_draws_every_row_in_order(fresh: Visit) -> None:
    for name in table_names():
        rows = read_csv(name)
        key = resource(name)["schema"]["primaryKey"]
        show_all(fresh.page, name)
        assert shown_ids(fresh.page, name) == ["/".join(r[k] for k in key) for r in rows], name
        expect(fresh.page.locator(f"#t-{name} .shown")).to_have_text(f"{len(rows)} of {len(rows)} rows")
        expect(fresh.page.locator(f"#t-{name} .more")).to_be_hidden()
    fresh.assert_clean()


def test_scrolling_to_the_end_of_a_table_draws_more(fresh: Visit) -> None:
    page = fresh.page
    box = page.locator("#t-citations .rows-box")
    box.evaluate("b => b.scrollIntoView()")
    before = len(shown_ids(page, "citations"))
    box.evaluate("b => { b.scrollTop = b.scrollHeight; }")
    page.wait_for_function("document.querySelectorAll('#t-citations tbody tr.row').length > 30")
    assert before == FIRST_DRAWN < len(shown_ids(page, "citations")) < len(read_csv("citations"))


def test_search_filters_all_rows_drawn_or_not(fresh: Visit) -> None:
    page = fresh.page
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
    # a citation far beyond the rows drawn at first
    citations = read_csv("citations")
    last = citations[-1]
    page.locator("#t-citations input.search").fill(last["citation_id"])
    assert shown_ids(page, "citations") == [c["citation_id"] for c in citations if last["citation_id"] in " ".join(c.values()).lower()]


def test_sorting_by_a_column_both_ways(fresh: Visit) -> None:
    page = fresh.page
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
    # sorting the long citations table by its last column: the first rows drawn are the smallest
    citations = read_csv("citations")
    page.locator("#t-citations thead button.sort", has_text="line").click()
    order = [c["citation_id"] for _, c in sorted(enumerate(citations), key=lambda p: (int(p[1]["line"]), p[0]))]
    assert shown_ids(page, "citations") == order[:FIRST_DRAWN]


def test_identifier_links_jump_to_the_row_they_name(fresh: Visit) -> None:
    page = fresh.page
    page.locator("#t-parties input.search").fill("mail.ru")
    page.locator('[id="row-stakes-usmanov-owns-mail-ru"] a.ref[aria-label*="alisher-usmanov"]').click()
    target = page.locator('[id="row-parties-alisher-usmanov"]')
    expect(target).to_be_visible()
    expect(target).to_have_class(re.compile(r"\bflash\b"))
    expect(target).to_be_in_viewport()
    # a row not drawn yet is drawn on demand
    last = read_csv("citation_fields")[-1]
    row_id = f"row-citation_fields-{last['citation_id']}/{last['field']}"
    page.evaluate("id => { location.hash = id; }", row_id)
    expect(page.locator(f'[id="{row_id}"]')).to_be_in_viewport()
    expect(page.locator(f'[id="{row_id}"]')).to_have_class(re.compile(r"\bflash\b"))


def test_a_link_to_a_row_works_on_arrival(browser: Browser, server: str) -> None:
    last = read_csv("citations")[-1]
    visit = open_visit(browser, server, f"{card_url(server)}#row-citations-{last['citation_id']}", viewport={"width": 1400, "height": 900})
    expect(visit.page.locator(f'[id="row-citations-{last["citation_id"]}"]')).to_be_in_viewport()
    visit.assert_clean()
    visit.close()


def test_row_evidence_opens_and_links_to_the_excerpt_in_the_archived_text(fresh: Visit) -> None:
    page = fresh.page
    stake = "alibaba-owns-aliexpress"
    cites = [c for c in read_csv("citations") if c["stake_id"] == stake]
    assert len(cites) > 1
    page.locator(f'[id="row-stakes-{stake}"] button.ev').click()
    panel = page.locator(f'[id="row-stakes-{stake}"] + tr.evidence')
    expect(panel).to_be_visible()
    assert panel.locator("blockquote.exact").all_text_contents() == [c["exact"] for c in cites]
    with page.expect_navigation():
        panel.locator("a.in-context").first.click()
    first = cites[0]
    assert page.url == f"{fresh.base}docs/archive/{first['source_id']}.html#{first['citation_id']}"
    highlighted = page.locator(".c.hl").evaluate_all("els => els.map(e => e.textContent).join('')")
    assert highlighted == first["exact"]
    expect(page.locator(f'[id="{first["citation_id"]}"]')).to_be_in_viewport()
    with page.expect_navigation():
        page.locator("#status a").click()
    expect(page.locator(f'[id="row-stakes-{stake}"]')).to_be_in_viewport()
    fresh.assert_clean()


def test_the_cell_of_a_stated_share_shows_exactly_the_excerpt_that_states_it(fresh: Visit) -> None:
    page = fresh.page
    expected = citations_stating("stakes", "alibaba-in-aliexpress-russia", "share_exact")
    # checked by hand in the archived text: only the AFP digest (jurnalis) gives the figure; moscowtimes' citations
    # of this row support its status and date, not the share
    assert [(c["source_id"], c["exact"][:39]) for c in expected] == [("jurnalis", "It will be 48 percent owned by Alibaba,")]
    button, panel = cell(page, "stakes", "alibaba-in-aliexpress-russia", "share_exact")
    expect(button).to_have_text("48")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    assert panel.locator("blockquote.exact").all_text_contents() == [c["exact"] for c in expected]
    assert panel.locator("li.excerpt b").all_text_contents() == ["jurnalis"]
    c = expected[0]
    assert f"characters {c['start']}–{c['end']}" in panel.inner_text()
    with page.expect_navigation():
        panel.locator("a.in-context").click()
    assert page.url.endswith(f"docs/archive/jurnalis.html#{c['citation_id']}")
    text = (ROOT / next(s["archive_path"] for s in read_csv("sources") if s["source_id"] == "jurnalis")).read_text(encoding="utf-8")
    highlighted = page.locator(".c.hl").evaluate_all("els => els.map(e => e.textContent).join('')")
    assert highlighted == text[int(c["start"]) : int(c["end"])] == c["exact"]
    fresh.assert_clean()


def test_the_cell_of_the_deal_amount_shows_only_the_source_that_gives_it(fresh: Visit) -> None:
    button, panel = cell(fresh.page, "events", "jv-agreement", "amount")
    button.click()
    quotes = panel.locator("blockquote.exact").all_text_contents()
    assert [c["exact"] for c in citations_stating("events", "jv-agreement", "amount")] == quotes
    assert len(quotes) == 1 and "\\$2 billion joint venture" in quotes[0]
    assert panel.locator("li.excerpt b").all_text_contents() == ["moscowtimes"]
    # AFP (jurnalis) says the amounts were not disclosed: it states no amount, so it is not evidence for this cell
    assert "without disclosing" not in panel.inner_text() and "jurnalis" not in panel.inner_text()


def test_a_derived_cell_shows_its_rule_and_the_value_it_comes_from(fresh: Visit) -> None:
    event = next(e for e in read_csv("events") if e["event_id"] == "sberbank-talks-collapse-ft")
    button, panel = cell(fresh.page, "events", event["event_id"], "date_end")
    button.click()
    rule = next(f for f in resource("events")["schema"]["fields"] if f["name"] == "date_end")["description"]
    expect(panel.locator(".rule")).to_have_text(f"Rule: {rule}")
    assert panel.locator("dl.inputs dt").all_text_contents() == ["date"]
    assert panel.locator("dl.inputs dd").all_text_contents() == [event["date"]] == ["../2017-09?"]
    assert panel.locator("blockquote").count() == 0
    expect(panel.locator(".value .text")).to_have_text(event["date_end"])
    # the empty date_start of the same open-start event says it is empty, and still gives its rule
    button, panel = cell(fresh.page, "events", event["event_id"], "date_start")
    button.click()
    expect(panel.locator(".empty-value").first).to_have_text("Empty: no value stated.")
    assert "empty for an open start" in panel.locator(".rule").inner_text()


def test_key_editorial_and_empty_cells_say_what_they_are(fresh: Visit) -> None:
    page = fresh.page
    button, panel = cell(page, "stakes", "mail-ru-owns-vkontakte", "stake_id")
    button.click()
    expect(panel.locator(".key")).to_have_text("This is the row's id: mail-ru-owns-vkontakte.")
    note = next(s for s in read_csv("stakes") if s["stake_id"] == "mail-ru-owns-vkontakte")["note"]
    button, panel = cell(page, "stakes", "mail-ru-owns-vkontakte", "note")
    button.click()
    assert note and panel.locator(".value .text").text_content() == note
    assert "Editorial: the curators' own" in panel.locator(".provenance").inner_text()
    button, panel = cell(page, "stakes", "mail-ru-owns-vkontakte", "share_exact")
    expect(button).to_have_attribute("aria-label", re.compile("empty"))
    button.click()
    expect(panel.locator(".empty-value")).to_have_text("Empty: no value stated.")
    assert panel.locator("blockquote").count() == 0
    # one panel per row: the last cell clicked
    expect(page.locator('[id="row-stakes-mail-ru-owns-vkontakte"] button[aria-expanded="true"]')).to_have_count(1)


READ_EVERY_CELL = """name => {
    const section = document.getElementById('t-' + name);
    const all = section.querySelector('.more button.all-rows');
    if (!section.querySelector('.more').hidden) { all.click(); }
    const out = [];
    for (const tr of section.querySelectorAll('tbody tr.row')) {
        const detail = tr.nextElementSibling;
        for (const b of tr.querySelectorAll('button.cell')) {
            b.click();
            const panel = detail.querySelector('.cell-evidence');
            out.push([tr.id, panel.dataset.field, panel.dataset.provenance,
                      Array.from(panel.querySelectorAll('li.excerpt')).map(li => li.dataset.citation),
                      !!panel.querySelector('.empty-value:not(dd)'), panel.querySelector('.rule')?.textContent ?? null,
                      !!panel.querySelector('.key')]);
        }
    }
    return out;
}"""


def test_every_cell_of_every_table_shows_what_backs_it(fresh: Visit) -> None:
    """Click each of the package's cells (some 8,000) and compare its panel with what the CSVs say, computed here."""
    named: dict[tuple[str, str], list[str]] = {}
    citations = read_csv("citations")
    fields_of: dict[str, set[str]] = {}
    for r in read_csv("citation_fields"):
        fields_of.setdefault(r["citation_id"], set()).add(r["field"])
    # the column of citations that names a row of each cited table (source_id names the text quoted, not a row it supports)
    links = {
        fk["reference"]["resource"]: fk["fields"][0]
        for fk in resource("citations")["schema"]["foreignKeys"]
        if fk["fields"] != ["source_id"]
    }
    total = 0
    for name in table_names():
        schema = resource(name)["schema"]
        rows = read_csv(name)
        got = fresh.page.evaluate(READ_EVERY_CELL, name)
        assert len(got) == len(rows) * len(schema["fields"]), name
        column = links.get(name)
        named = {}
        for c in citations:
            if column and c[column]:
                for f in sorted(fields_of.get(c["citation_id"], ())):
                    named.setdefault((c[column], f), []).append(c["citation_id"])
        k = 0
        for row in rows:
            row_id = "/".join(row[key] for key in schema["primaryKey"])
            for f in schema["fields"]:
                dom_id, field, provenance, cited, empty, rule, key = got[k]
                k += 1
                assert (dom_id, field, provenance) == (f"row-{name}-{row_id}", f["name"], f["provenance"])
                assert empty == (row[f["name"]] == ""), (name, row_id, field)
                expected = named.get((row[schema["primaryKey"][0]], f["name"]), []) if f["provenance"] == "stated" else []
                assert cited == expected, (name, row_id, field)
                assert (rule == f"Rule: {f['description']}") if f["provenance"] == "derived" else rule is None
                assert key == (f["provenance"] == "key")
                if f["provenance"] == "stated" and row[f["name"]]:
                    assert cited, (name, row_id, field)  # every stated value has an excerpt
        total += k
    assert total > 7000
    fresh.assert_clean()


def test_cells_work_from_the_keyboard(fresh: Visit) -> None:
    page = fresh.page
    fields = [f["name"] for f in resource("stakes")["schema"]["fields"]]
    page.locator("#t-stakes input.search").focus()
    page.keyboard.press("Tab")  # into the table's grid: one tab stop, on its first cell
    focused = page.evaluate("document.activeElement.closest('tr').id + ' ' + document.activeElement.className")
    assert focused == "row-stakes-alibaba-in-aliexpress-russia ev"
    for _ in range(fields.index("share_exact") + 1):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    active = page.evaluate("[document.activeElement.closest('tr').id, document.activeElement.textContent]")
    assert active == ["row-stakes-megafon-in-aliexpress-russia", "24"]
    page.keyboard.press("Enter")
    button, panel = cell(page, "stakes", "megafon-in-aliexpress-russia", "share_exact")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(panel.locator(".cell-evidence")).to_contain_text("24 percent by MegaFon")
    assert button.get_attribute("aria-controls") == panel.get_attribute("id")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Tab")  # out of the grid in one step
    assert page.evaluate("document.activeElement.closest('#t-stakes table') === null")


def test_every_citation_highlights_exactly_its_excerpt(browser: Browser, server: str) -> None:
    """Excerpts overlap and cross; whatever the overlap, the highlight is the excerpt, character for character."""
    citations = read_csv("citations")
    for source in read_csv("sources"):
        visit = open_visit(browser, server, f"{server}docs/archive/{source['source_id']}.html")
        ids = [c["citation_id"] for c in citations if c["source_id"] == source["source_id"]]
        got = visit.page.evaluate(
            """async ids => {
                const out = {};
                for (const id of ids) {
                    await new Promise(done => {
                        addEventListener("hashchange", done, {once: true});
                        location.hash = encodeURIComponent(id);
                    });
                    out[id] = Array.from(document.querySelectorAll(".c.hl")).map(e => e.textContent).join("");
                }
                return out;
            }""",
            ids,
        )
        assert got == {c["citation_id"]: c["exact"] for c in citations if c["source_id"] == source["source_id"]}
        visit.assert_clean()
        visit.close()


def test_page_shows_the_citation_of_the_readme_and_citation_cff(fresh: Visit) -> None:
    page = fresh.page
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    sentence = page.locator("#citation").inner_text()
    assert sentence in readme and f'version: "{DESCRIPTOR["version"]}"' in cff
    page.locator("section.cite summary", has_text="BibTeX").click()
    expect(page.locator("#bibtex")).to_be_visible()
    entry = page.locator("#bibtex").inner_text()
    assert entry.strip() == bibtex(DESCRIPTOR).strip() and entry.strip() in readme


def test_committed_page_works_from_a_file_url(browser: Browser) -> None:
    index = ROOT / "docs" / "index.html"
    visit = open_visit(browser, index.parent.as_uri() + "/", index.as_uri())
    page = visit.page
    show_all(page, "citations")
    assert len(shown_ids(page, "citations")) == len(read_csv("citations"))
    href = page.locator("#download a[download]").first.evaluate("a => a.href")
    assert href.startswith("file://") and Path(urlsplit(href).path).is_file()  # ../datapackage.json of the checkout
    visit.assert_clean()
    visit.close()


@pytest.mark.parametrize("name", ["stakes", "events"])
def test_row_counts_say_how_many_rows_match(card: Visit, name: str) -> None:
    rows = read_csv(name)
    expect(card.page.locator(f"#t-{name} .shown")).to_have_text(f"{len(rows)} of {len(rows)} rows")
