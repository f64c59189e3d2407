"""Datasette over the SQLite file, in process: search, the three canned queries, each table shown as schema.yaml's
`present` says (labels, sort, facets), and the published files behind the source links."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.model import schema
from scripts.outputs.sqlite.serve import make_datasette
from tests.conftest import ROOT

NAME = schema.package_meta()["name"]
JURNALIS = "It will be 48 percent owned by Alibaba, 24 percent by MegaFon, 15 percent by Mail.ru and 13 percent by the RDIF"


class Client:
    """Datasette's in-process client, called from a loop in a thread of its own (the site's tests keep one in this one)."""

    def __init__(self, database: Path) -> None:
        self.ds = make_datasette(ROOT, database, ROOT / schema.files()["datasette"]["path"])
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def get(self, path: str, status: int = 200, **params: str) -> httpx.Response:
        response = asyncio.run_coroutine_threadsafe(self.ds.client.get(path, params=params), self.loop).result(timeout=60)
        assert response.status_code == status, (path, params, response.text[:300])
        return response

    def rows(self, path: str, **params: str) -> list[dict[str, Any]]:
        return self.get(f"/{NAME}/{path}.json", _shape="array", _size="max", **params).json()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    client = Client(ROOT / "data" / f"{NAME}.sqlite")  # the published database, opened immutable
    yield client
    client.loop.call_soon_threadsafe(client.loop.stop)


def test_search_finds_the_excerpts_and_the_quotes(client: Client) -> None:
    found = {c["citation_id"]: c["exact"] for c in client.rows("citations", _search="percent owned")}
    for holder in ("alibaba", "megafon", "mail-ru", "rdif"):
        assert found[f"stake.{holder}-in-aliexpress-russia.jurnalis.1"].startswith(JURNALIS)
    assert "We want this to be a Russian business," in [q["text"] for q in client.rows("quotes", _search="Russian business")]


def test_who_owns_what_gives_the_shares_with_their_excerpt(client: Client) -> None:
    rows = [r for r in client.rows("who_owns_what") if r["subject"] == "AliExpress Russia" and r["interest_type"] == "equity"]
    shares = {r["holder"]: r["share_exact"] for r in rows}
    assert shares == {"Alibaba Group": 48, "MegaFon": 24, "Mail.ru": 15, "Russian Direct Investment Fund": 13}
    assert all(any(r["excerpt"].startswith(JURNALIS) and "share_exact" in r["states"] for r in rows if r["holder"] == h) for h in shares)


def test_everything_about_one_party(client: Client) -> None:
    megafon = client.rows("party", party_id="megafon")
    assert {(r["section"], r["item"], r["share"]) for r in megafon} >= {
        ("party", "MegaFon", None),
        ("holds", "AliExpress Russia", 24),
        ("member of", "Russian partners", None),
    }
    assert any(r["section"] == "event" and "Vladivostok" in r["item"] for r in megafon)
    assert all(r["excerpt"] for r in megafon)  # every item with its excerpts
    partners = client.rows("party", party_id="russian-partners")
    assert {r["item"] for r in partners if r["section"] == "has member"} == {"MegaFon", "Mail.ru", "Russian Direct Investment Fund"}
    assert ("holds as a group", 52) in {(r["section"], r["share"]) for r in partners}
    assert client.rows("party", party_id="no-such-party") == []


def test_trace_one_value_gives_the_words_that_state_it(client: Client) -> None:
    (row,) = client.rows("trace_value", column="stake_id", row="megafon-in-aliexpress-russia", field="share_exact")
    assert (row["source_id"], row["as_written"], row["rule"]) == ("jurnalis", "24 percent by MegaFon", "number")
    aliases = client.rows("trace_value", column="party_id", row="rdif", field="aliases")
    assert [s["as_written"] for s in aliases if s["citation_id"] == "party.rdif.warc.1"] == ["Russia’s Direct Investment Fund", "RDIF"]
    for span in [row, *aliases]:  # the words at their offsets in the archived text, inside the excerpt
        text = (ROOT / span["archive_path"]).read_bytes().decode("utf-8")
        assert text[span["start"] : span["end"]] == span["as_written"] and span["as_written"] in span["excerpt"]


@pytest.mark.parametrize("table", schema.table_names())
def test_each_table_is_shown_as_schema_yaml_says(client: Client, table: str) -> None:
    shown = schema.present(table)
    served = client.get(f"/{NAME}/{table}.json", _facet_size="max").json()
    assert list(served["facet_results"]) == shown["facets"]
    sort = shown["sort"] or ""
    expected = f"sorted by {sort.lstrip('-')}{' descending' if sort.startswith('-') else ''}" if sort else ""
    assert served["human_description_en"] == expected
    for key, label in served["expandable_columns"]:  # the column that names a row where this table points at it
        assert label == schema.present(key["other_table"])["label"], key


def test_the_source_links_serve_the_published_files_and_nothing_else(client: Client) -> None:
    for path in ("datapackage.json", "data/stakes.csv"):
        assert client.get(f"/-/package/{path}").content == (ROOT / path).read_bytes()
    assert 'href="/-/package/data/stakes.csv"' in client.get(f"/{NAME}/stakes").text
    for other in ("README.md", "facts/stakes.yaml", "data/../README.md"):
        client.get(f"/-/package/{other}", status=404)
