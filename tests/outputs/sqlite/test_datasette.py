"""Datasette over the SQLite export, in process (Datasette's own test client): the metadata generated from the
descriptor, the tables with their descriptions, labels, facets and sorts, full-text search, the canned
queries (each answer checked against what the CSV files say, computed here without SQL), the published
files at /-/package/, and when `serve` rebuilds.
"""

from __future__ import annotations

import asyncio
import csv
import html
import json
import os
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.outputs.sqlite.datasette import metadata_json, metadata_path
from scripts.outputs.sqlite.export import build_sqlite
from scripts.outputs.sqlite.serve import export_inputs, is_stale, make_datasette
from tests.conftest import ROOT, copy_from_repo

DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
NAME = DESCRIPTOR["name"]
TABLES = [r["name"] for r in DESCRIPTOR["resources"] if r["format"] == "csv"]
STAKE_FIELDS = ["holder_id", "share_exact", "share_min", "share_max"]  # what "who owns what" shows the excerpts of
JV_STAKES = ["alibaba", "megafon", "mail-ru", "rdif"]
JURNALIS_SHARE = "It will be 48 percent owned by Alibaba, 24 percent by MegaFon, 15 percent by Mail.ru and 13 percent by the RDIF"


def read_csv(name: str) -> list[dict[str, Any]]:
    """A table as the CSV file gives it, an empty cell as None."""
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)]


def number(value: str | None) -> float | None:
    return None if value is None else float(value)


CSV = {name: read_csv(name) for name in TABLES}
FIELDS_OF: dict[str, list[str]] = defaultdict(list)  # citation -> the fields it states, in the package's order
for _row in CSV["citation_fields"]:
    FIELDS_OF[_row["citation_id"]].append(_row["field"])
PARTY_NAMES = {p["party_id"]: p["name"] for p in CSV["parties"]}


# --- fixtures: one database with its metadata, one Datasette, one event loop -----------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / f"{NAME}.sqlite"
    build_sqlite(ROOT, path)
    return path


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop in a thread of its own: the browser tests keep Playwright's loop running in this one."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()


class Client:
    """Datasette's in-process client, called synchronously."""

    def __init__(self, database: Path, loop: asyncio.AbstractEventLoop) -> None:
        self.ds = make_datasette(ROOT, database)
        self.loop = loop

    def fetch(self, path: str, **params: str) -> httpx.Response:
        return asyncio.run_coroutine_threadsafe(self.ds.client.get(path, params=params), self.loop).result(timeout=120)

    def get(self, path: str, **params: str) -> httpx.Response:
        response = self.fetch(path, **params)
        assert response.status_code == 200, (path, params, response.status_code, response.text[:500])
        return response

    def rows(self, path: str, **params: str) -> list[dict[str, Any]]:
        return self.get(f"/{NAME}/{path}.json", _shape="array", **params).json()

    def page(self, path: str, **params: str) -> str:
        return html.unescape(self.get(f"/{NAME}/{path}", **params).text)


@pytest.fixture(scope="module")
def client(database: Path, loop: asyncio.AbstractEventLoop) -> Client:
    return Client(database, loop)


@pytest.fixture(scope="module")
def lite(database: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    yield con
    con.close()


def canned_sql(database: Path, name: str) -> str:
    return json.loads(metadata_path(database).read_text(encoding="utf-8"))["databases"][NAME]["queries"][name]["sql"]


def run(lite: sqlite3.Connection, sql: str, **params: str) -> list[tuple]:
    return lite.execute(sql, params).fetchall()


# --- the metadata ----------------------------------------------------------------------------------------


def test_metadata_is_written_beside_the_database_from_the_descriptor(database: Path) -> None:
    written = metadata_path(database)
    assert written.name == f"{NAME}-datasette.json"
    assert written.read_text(encoding="utf-8") == metadata_json(DESCRIPTOR, NAME)
    meta = json.loads(written.read_text(encoding="utf-8"))
    licence = DESCRIPTOR["licenses"][0]
    assert (meta["title"], meta["description"]) == (DESCRIPTOR["title"], DESCRIPTOR["description"])
    assert (meta["license"], meta["license_url"]) == (licence["name"], licence["path"])
    assert DESCRIPTOR["version"] in meta["source"] and meta["source_url"] == "/-/package/datapackage.json"
    tables = meta["databases"][NAME]["tables"]
    assert list(tables) == TABLES
    for resource in (r for r in DESCRIPTOR["resources"] if r["format"] == "csv"):
        table = tables[resource["name"]]
        assert table["description"].startswith(resource["description"])
        assert table["source_url"] == f"/-/package/{resource['path']}"
        assert list(table["columns"]) == [f["name"] for f in resource["schema"]["fields"]]
        for field in resource["schema"]["fields"]:
            assert table["columns"][field["name"]].startswith(field["description"])
            assert f"Provenance: {field['provenance']}." in table["columns"][field["name"]]
    assert "query trace_value with column=stake_id, the row's stake_id and the field" in tables["stakes"]["description"]
    assert meta["databases"][NAME]["title"] == DESCRIPTOR["title"]


def test_metadata_and_database_are_byte_identical_from_run_to_run(database: Path, tmp_path: Path) -> None:
    again = tmp_path / f"{NAME}.sqlite"
    build_sqlite(ROOT, again)
    assert metadata_path(again).read_bytes() == metadata_path(database).read_bytes()
    assert again.read_bytes() == database.read_bytes()


def test_metadata_follows_the_database_name(tmp_path: Path) -> None:
    """Datasette names a database after its file, and the metadata is keyed by that name."""
    target = tmp_path / "other-name.sqlite"
    build_sqlite(ROOT, target)
    assert list(json.loads((tmp_path / "other-name-datasette.json").read_text(encoding="utf-8"))["databases"]) == ["other-name"]


# --- tables, descriptions, labels, facets, sorts ---------------------------------------------------------


def test_every_table_is_served_with_its_row_count_and_full_text_index(client: Client) -> None:
    tables = {t["name"]: t for t in client.get(f"/{NAME}.json").json()["tables"]}
    assert {name: tables[name]["count"] for name in TABLES} == {name: len(CSV[name]) for name in TABLES}
    assert not any(tables[name]["hidden"] for name in TABLES)
    assert {name: tables[name]["fts_table"] for name in TABLES if tables[name]["fts_table"]} == {
        "citations": "citations_fts",
        "quotes": "quotes_fts",
    }
    assert all(tables[name]["hidden"] for name in tables if name not in TABLES)  # the FTS tables and their shadows


def test_served_metadata_is_the_generated_file(client: Client, database: Path) -> None:
    """What Datasette serves holds every entry of the file (it adds inherited and default entries of its own)."""
    served, written = client.get("/-/metadata.json").json(), json.loads(metadata_path(database).read_text(encoding="utf-8"))
    assert {k: v for k, v in served.items() if k != "databases"} == {k: v for k, v in written.items() if k != "databases"}
    for kind in ("tables", "queries"):
        assert list(served["databases"][NAME][kind]) == list(written["databases"][NAME][kind])
        for name, entry in written["databases"][NAME][kind].items():
            assert entry.items() <= served["databases"][NAME][kind][name].items(), name


def test_table_pages_show_descriptions_and_column_descriptions(client: Client) -> None:
    page = client.page("stakes")
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == "stakes")
    assert resource["description"] in page
    for field in resource["schema"]["fields"]:
        assert f"<dt>{field['name']}</dt><dd>{field['description']}" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page and "CC-BY-4.0" in page
    assert 'href="/-/package/data/stakes.csv"' in page


def test_ids_show_the_names_of_what_they_point_at(client: Client) -> None:
    rows = client.get(f"/{NAME}/stakes.json", _shape="objects", _labels="on", _size="max").json()["rows"]
    assert {(r["holder_id"]["value"], r["holder_id"]["label"]) for r in rows} == {
        (s["holder_id"], PARTY_NAMES[s["holder_id"]]) for s in CSV["stakes"]
    }
    quotes = client.get(f"/{NAME}/quotes.json", _shape="objects", _labels="on", _size="max").json()["rows"]
    summaries = {e["event_id"]: e["summary"] for e in CSV["events"]}
    assert {r["event_id"]["label"] for r in quotes if r["event_id"]} == {summaries[q["event_id"]] for q in CSV["quotes"] if q["event_id"]}
    page = client.page("citation_fields", citation_id="stake.alibaba-in-aliexpress-russia.jurnalis.1")
    assert "It will be 48 percent owned by Alibaba" in page  # a citation shows as its excerpt


@pytest.mark.parametrize(
    ("table", "facets"),
    [
        ("stakes", ["interest_type", "status", "basis"]),
        ("events", ["event_type", "date_precision", "date_basis"]),
        ("citations", ["source_id"]),
        ("citation_fields", ["field"]),
        ("parties", ["party_type", "basis"]),
    ],
)
def test_facets_count_what_the_csv_holds(client: Client, table: str, facets: list[str]) -> None:
    results = client.get(f"/{NAME}/{table}.json", _shape="objects", _facet_size="max").json()["facet_results"]
    assert list(results) == facets
    for facet in facets:
        counted = {r["value"]: r["count"] for r in results[facet]["results"]}
        assert counted == dict(Counter(row[facet] for row in CSV[table] if row[facet] is not None))
    assert f'data-column="{facets[0]}"' in client.page(table)


def test_default_sorts(client: Client) -> None:
    events = client.rows("events", _size="max")
    assert [e["date_end"] for e in events] == sorted(e["date_end"] for e in CSV["events"])
    shares = [s["share_exact"] for s in client.rows("stakes", _size="max")]
    assert shares == sorted((number(s["share_exact"]) for s in CSV["stakes"]), key=lambda v: (v is None, -(v or 0)))  # largest first
    assert [p["name"] for p in client.rows("parties", _size="max")] == sorted(PARTY_NAMES.values())


# --- full-text search ------------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Words as FTS5's default tokenizer splits them: runs of letters and digits, case-folded."""
    return re.findall(r"[^\W_]+", text.casefold())


def test_searching_citations_for_percent_finds_the_stakes_evidence(client: Client) -> None:
    found = client.rows("citations", _search="percent", _size="max")
    assert {c["citation_id"] for c in found} == {c["citation_id"] for c in CSV["citations"] if "percent" in words(c["exact"])}
    by_id = {c["citation_id"]: c["exact"] for c in found}
    for holder in JV_STAKES:
        assert by_id[f"stake.{holder}-in-aliexpress-russia.jurnalis.1"].startswith("It will be 48 percent owned by Alibaba")
    page = client.page("citations", _search="percent")
    assert 'id="_search"' in page and "It will be 48 percent owned by Alibaba, 24 percent by MegaFon" in page


def test_searching_quotes_finds_the_words(client: Client) -> None:
    found = client.rows("quotes", _search="Russian business", _size="max")
    expected = [q["quote_id"] for q in CSV["quotes"] if {"russian", "business"} <= set(words(q["text"]))]
    assert [q["quote_id"] for q in found] == sorted(expected) and expected
    assert any(q["text"] == "We want this to be a Russian business," for q in found)


# --- canned queries, against the CSV files ---------------------------------------------------------------


def expected_ownership() -> list[tuple]:
    rows = []
    for s in CSV["stakes"]:
        stake = (s["stake_id"], PARTY_NAMES[s["holder_id"]], PARTY_NAMES[s["subject_id"]], s["interest_type"])
        stake += (number(s["share_exact"]), number(s["share_min"]), number(s["share_max"]), s["status"], s["as_of"])
        cited = [c for c in CSV["citations"] if c["stake_id"] == s["stake_id"] and set(FIELDS_OF[c["citation_id"]]) & set(STAKE_FIELDS)]
        for c in cited:
            states = ", ".join(f for f in FIELDS_OF[c["citation_id"]] if f in STAKE_FIELDS)
            rows.append((*stake, c["source_id"], c["exact"], states, c["citation_id"]))
        if not cited:
            rows.append((*stake, None, None, None, None))
    return rows


def test_who_owns_what_gives_every_stake_with_the_excerpts_of_its_share_and_holder(client: Client) -> None:
    rows = client.rows("who_owns_what")
    assert [tuple(r.values()) for r in rows] == expected_ownership()
    assert {r["stake_id"] for r in rows} == {s["stake_id"] for s in CSV["stakes"]}
    alibaba = [r for r in rows if r["stake_id"] == "alibaba-in-aliexpress-russia"]
    assert {(r["holder"], r["subject"], r["share_exact"], r["status"]) for r in alibaba} == {
        ("Alibaba Group", "AliExpress Russia", 48, "agreed")
    }
    jurnalis = [r for r in alibaba if r["source_id"] == "jurnalis" and "share_exact" in r["states"]]
    assert jurnalis and all(r["excerpt"].startswith("It will be 48 percent owned by Alibaba") for r in jurnalis)


def expected_party(party_id: str) -> list[tuple]:
    events = {e["event_id"]: e for e in CSV["events"]}
    party = next(p for p in CSV["parties"] if p["party_id"] == party_id)
    items = [("party", party_id, party["name"], party["party_type"], None, None, "party_id")]

    def stake(s: dict[str, Any], section: str, other: str, column: str, key: str) -> tuple:
        detail = f"{s['interest_type']}, {s['status']}"
        return (section, s[key], PARTY_NAMES[s[other]], detail, number(s["share_exact"]), s["as_of"], column)

    items += [stake(s, "holds", "subject_id", "stake_id", "stake_id") for s in CSV["stakes"] if s["holder_id"] == party_id]
    items += [stake(s, "held by", "holder_id", "stake_id", "stake_id") for s in CSV["stakes"] if s["subject_id"] == party_id]
    for section, me, other, detail in (("member of", "member_id", "group_id", "group"), ("has member", "group_id", "member_id", "member")):
        items += [
            (section, m["party_member_id"], PARTY_NAMES[m[other]], detail, None, None, "party_member_id")
            for m in CSV["party_members"]
            if m[me] == party_id
        ]
    for section, me, other in (("holds as a group", "group_id", "subject_id"), ("held by a group", "subject_id", "group_id")):
        items += [stake(g, section, other, "group_stake_id", "group_stake_id") for g in CSV["group_stakes"] if g[me] == party_id]
    for ep in (ep for ep in CSV["event_parties"] if ep["party_id"] == party_id):
        event = events[ep["event_id"]]
        items.append(("event", ep["event_party_id"], event["summary"], ep["role"], None, event["date"], "event_party_id"))
    items += [
        ("quote", q["quote_id"], q["text"], q["quote_kind"], None, events[q["event_id"]]["date"] if q["event_id"] else None, "quote_id")
        for q in CSV["quotes"]
        if q["speaker_id"] == party_id
    ]
    rows = []
    for *item, column in items:
        cited = [c for c in CSV["citations"] if c[column] == item[1]]
        rows += [(*item, c["source_id"], c["exact"], ", ".join(FIELDS_OF[c["citation_id"]]), c["citation_id"]) for c in cited]
        if not cited:
            rows.append((*item, None, None, None, None))
    return rows


def test_everything_about_one_party_through_datasette(client: Client) -> None:
    for party_id in ("alibaba", "russian-partners"):
        rows = client.rows("party", party_id=party_id)
        assert [tuple(r.values()) for r in rows] == expected_party(party_id), party_id
    assert {r["section"] for r in client.rows("party", party_id="alibaba")} >= {"party", "holds", "event"}
    assert {r["section"] for r in client.rows("party", party_id="jack-ma")} >= {"party", "event", "quote"}
    assert {r["section"] for r in client.rows("party", party_id="russian-partners")} >= {"has member", "holds as a group"}
    assert {r["section"] for r in client.rows("party", party_id="megafon")} >= {"holds", "member of"}


def test_everything_about_every_party(database: Path, lite: sqlite3.Connection) -> None:
    sql = canned_sql(database, "party")
    for party_id in PARTY_NAMES:
        assert run(lite, sql, party_id=party_id) == expected_party(party_id), party_id
    assert run(lite, sql, party_id="no-such-party") == []


def expected_evidence() -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """(column of citations, row id, field) -> the citations that state that cell, from the CSV files."""
    row_columns = [c for c in CSV["citations"][0] if c.endswith("_id") and c not in ("citation_id", "source_id")]
    cells: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in CSV["citations"]:
        (column,) = [col for col in row_columns if c[col] is not None]  # each citation supports one row
        for field in FIELDS_OF[c["citation_id"]]:
            cells[(column, c[column], field)].append(c)
    return cells


def test_trace_one_value_gives_the_jurnalis_excerpt_of_alibabas_share(client: Client) -> None:
    rows = client.rows("trace_value", column="stake_id", row="alibaba-in-aliexpress-russia", field="share_exact")
    expected = expected_evidence()[("stake_id", "alibaba-in-aliexpress-russia", "share_exact")]
    assert [r["citation_id"] for r in rows] == [c["citation_id"] for c in expected]
    sources = {s["source_id"]: s for s in CSV["sources"]}
    for r in rows:
        text = (ROOT / sources[r["source_id"]]["archive_path"]).read_bytes().decode("utf-8")
        assert text[r["start"] : r["end"]] == r["exact"]
        assert (r["publisher"], r["archive_path"], r["line"]) == (
            sources[r["source_id"]]["publisher"],
            sources[r["source_id"]]["archive_path"],
            text[: r["start"]].count("\n") + 1,
        )
    assert [(r["source_id"], r["exact"]) for r in rows] == [("jurnalis", JURNALIS_SHARE + ", the statement said")]


def test_trace_one_value_for_every_stated_cell(database: Path, lite: sqlite3.Connection) -> None:
    sql = canned_sql(database, "trace_value")
    cells = expected_evidence()
    citations = next(r for r in DESCRIPTOR["resources"] if r["name"] == "citations")
    column_of = {fk["reference"]["resource"]: fk["fields"][0] for fk in citations["schema"]["foreignKeys"] if fk["fields"] != ["source_id"]}
    stated = set()  # every non-empty stated cell (each has excerpts, or the build would have refused it)
    for resource in (r for r in DESCRIPTOR["resources"] if r["format"] == "csv" and r["name"] in column_of):
        key = resource["schema"]["primaryKey"][0]
        for field in (f["name"] for f in resource["schema"]["fields"] if f["provenance"] == "stated"):
            stated |= {(column_of[resource["name"]], row[key], field) for row in CSV[resource["name"]] if row[field] is not None}
    assert set(cells) == stated
    for (column, row, field), citations in cells.items():
        got = run(lite, sql, column=column, row=row, field=field)
        assert [(g[0], g[1], g[3], g[4], g[5]) for g in got] == [
            (c["citation_id"], c["source_id"], c["exact"], int(c["start"]), int(c["end"])) for c in citations
        ], (column, row, field)
    assert run(lite, sql, column="event_id", row="alibaba-founded", field="date_end") == []  # derived: no excerpt
    assert run(lite, sql, column="no_such_column", row="alibaba", field="name") == []


# --- the published files, and rebuilding before serving --------------------------------------------------


def test_published_files_are_served_as_published(client: Client) -> None:
    for path in ["datapackage.json", *(r["path"] for r in DESCRIPTOR["resources"])]:
        response = client.get(f"/-/package/{path}")
        assert response.content == (ROOT / path).read_bytes(), path
    assert client.get("/-/package/data/stakes.csv").headers["content-type"] == "text/csv"
    for other in ["README.md", "facts/stakes.yaml", "data/../README.md", "data/"]:
        assert client.fetch(f"/-/package/{other}").status_code == 404, other


def test_serve_rebuilds_only_when_missing_or_stale(tmp_path: Path) -> None:
    root = copy_from_repo(["datapackage.json", "data"], tmp_path / "pkg")
    database = root / "dist" / f"{NAME}.sqlite"
    assert is_stale(root, database)  # missing
    build_sqlite(root, database)
    newest = max(p.stat().st_mtime_ns for p in export_inputs(root))
    for output in (database, metadata_path(database)):
        os.utime(output, ns=(newest + 10**9, newest + 10**9))
    assert not is_stale(root, database)
    stakes = root / "data" / "stakes.csv"
    os.utime(stakes, ns=(newest + 2 * 10**9, newest + 2 * 10**9))
    assert is_stale(root, database)  # a newer table
    os.utime(stakes, ns=(newest, newest))
    assert not is_stale(root, database)
    metadata_path(database).unlink()
    assert is_stale(root, database)  # the metadata missing
