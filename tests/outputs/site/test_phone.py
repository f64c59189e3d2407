"""The data card on a 400 px phone (one page shared by the tests here), and the archived-text pages: every citation's
page highlights exactly its excerpt, and the words that state each field it names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.conftest import ROOT
from tests.outputs.site.conftest import DOCS, PHONE, Visit, assert_fits, card, open_visit, read_csv, resource


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Visit]:
    yield from card(browser, PHONE)


def test_on_a_phone_the_narrow_charts_fit_and_nothing_is_wider_than_the_screen(phone: Visit) -> None:
    sources = phone.page.locator("figure img.chart").evaluate_all("imgs => imgs.map(i => i.currentSrc.split('/').pop())")
    assert sources == ["ownership-narrow.svg", "ownership-graph-narrow.svg", "timeline-narrow.svg"]
    assert_fits(phone.page)
    assert phone.page.locator("#t-stakes tbody tr.row td").nth(1).evaluate("td => getComputedStyle(td).display") == "grid"  # cards


def test_on_a_phone_a_stated_cell_shows_its_excerpt_with_the_words_marked(phone: Visit) -> None:
    page = phone.page
    col = [f["name"] for f in resource("stakes")["schema"]["fields"]].index("share_exact")
    page.locator(f'[id="row-stakes-megafon-in-aliexpress-russia"] button.cell[data-col="{col}"]').click()
    panel = page.locator('[id="row-stakes-megafon-in-aliexpress-russia"] + tr.evidence')
    mark = panel.locator("mark.span")
    assert mark.all_text_contents() == ["24 percent by MegaFon"]
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    assert_fits(page)  # the open panel too


EVERY_HASH = """hashes => hashes.map(hash => {  // the page's own handler, called at once rather than on the next frame
    history.replaceState(null, '', '#' + encodeURIComponent(hash));
    dispatchEvent(new HashChangeEvent('hashchange'));
    const text = selector => Array.from(document.querySelectorAll(selector)).map(e => e.textContent).join('');
    return [text('.c.hl'), text('.c.sp')];
})"""


def test_every_citation_highlights_exactly_its_excerpt_and_the_words_of_each_field(browser: Browser) -> None:
    """Excerpts overlap and cross; whatever the overlap, the highlight is the excerpt, character for character; and on the
    page of the text that states the shares, #<citation_id>:<field> marks the characters of that field's spans."""
    citations, spans = read_csv("citations"), read_csv("citation_fields")
    checked = set()
    visit = open_visit(browser, "about:blank")
    for source in read_csv("sources"):
        text = (ROOT / source["archive_path"]).read_text(encoding="utf-8")
        cited = {c["citation_id"]: c for c in citations if c["source_id"] == source["source_id"]}
        fields = (
            sorted({(s["citation_id"], s["field"]) for s in spans if s["citation_id"] in cited})
            if source["source_id"] == "jurnalis"
            else []
        )
        expected = [(c["exact"], "") for c in cited.values()]
        for cid, field in fields:  # spans may overlap: the characters of any, in the order of the text
            at = sorted({i for s in spans if (s["citation_id"], s["field"]) == (cid, field) for i in range(int(s["start"]), int(s["end"]))})
            expected.append((cited[cid]["exact"], "".join(text[i] for i in at)))
        visit.page.goto((DOCS / "archive" / f"{source['source_id']}.html").as_uri())
        got = visit.page.evaluate(EVERY_HASH, list(cited) + [f"{cid}:{field}" for cid, field in fields])
        assert [tuple(pair) for pair in got] == expected, source["source_id"]
        checked |= set(fields)
    visit.assert_clean()
    visit.page.context.close()
    assert ("stake.megafon-in-aliexpress-russia.jurnalis.1", "share_exact") in checked  # the field a reader checks first
