"""Evidence: every excerpt stands at its offsets in its archived text, and the archive is the capture."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from scripts.inputs.archive import occurrences
from scripts.model import schema
from tests.conftest import ROOT, SHARED_SOURCES

CITED = {table: schema.citation_column(table) for table in schema.cited_tables()}


def rows(table: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_citation_is_found_at_its_offsets() -> None:
    paths = {s["source_id"]: s["archive_path"] for s in rows("sources")}
    texts = {sid: (ROOT / path).read_text(encoding="utf-8") for sid, path in paths.items()}
    citations = rows("citations")
    assert len(citations) > 100
    for c in citations:
        text = texts[c["source_id"]]
        start, end = int(c["start"]), int(c["end"])
        assert text[start:end] == c["exact"], c["citation_id"]
        assert text.count("\n", 0, start) + 1 == int(c["line"]), c["citation_id"]


def test_every_citation_is_found_in_one_place_only_by_its_published_context() -> None:
    """prefix + exact + suffix, as a W3C TextQuoteSelector, picks the citation's own offsets and nothing else."""
    paths = {s["source_id"]: s["archive_path"] for s in rows("sources")}
    texts = {sid: (ROOT / path).read_text(encoding="utf-8") for sid, path in paths.items()}
    for c in rows("citations"):
        assert occurrences(texts[c["source_id"]], c["exact"], c["prefix"], c["suffix"]) == [int(c["start"])], c["citation_id"]
        assert len(c["prefix"]) == min(32, int(c["start"])) or len(c["prefix"]) > 32, c["citation_id"]


def test_every_citation_supports_exactly_one_row() -> None:
    for c in rows("citations"):
        assert sum(bool(c[k]) for k in CITED.values()) == 1, c["citation_id"]


@pytest.mark.parametrize("table", sorted(CITED))
def test_every_row_of_a_cited_table_has_a_citation(table: str) -> None:
    key = schema.key_field(table)
    cited = {c[CITED[table]] for c in rows("citations") if c[CITED[table]]}
    ids = {r[key] for r in rows(table)}
    assert ids and ids <= cited, sorted(ids - cited)


def test_every_citation_names_the_fields_it_states_and_only_stated_ones() -> None:
    fields = rows("citation_fields")
    assert {f["citation_id"] for f in fields} == {c["citation_id"] for c in rows("citations")}
    table_of = {c["citation_id"]: next(t for t, col in CITED.items() if c[col]) for c in rows("citations")}
    for f in fields:
        assert f["field"] in schema.stated_fields(table_of[f["citation_id"]]), f


def test_sources_hash_and_size_match_the_archived_files() -> None:
    for s in rows("sources"):
        data = (ROOT / s["archive_path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == s["sha256"]
        assert len(data) == int(s["bytes"])


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the original captures (../shared/sources) are not beside this checkout")
def test_archive_is_the_capture_byte_for_byte() -> None:
    sources = rows("sources")
    assert sorted(s["capture"] for s in sources) == sorted(p.name for p in SHARED_SOURCES.iterdir())
    for s in sources:
        assert (ROOT / s["archive_path"]).read_bytes() == (SHARED_SOURCES / s["capture"]).read_bytes()


def test_archive_holds_only_the_sources() -> None:
    assert sorted(str(p.relative_to(ROOT)) for p in (ROOT / "archive").iterdir()) == sorted(s["archive_path"] for s in rows("sources"))


def test_quote_printed_by_several_sources_is_one_row_with_a_citation_per_source() -> None:
    quotes = [q for q in rows("quotes") if q["text"].startswith("This is an important investment")]
    assert len(quotes) == 1
    sources = sorted(c["source_id"] for c in rows("citations") if c["quote_id"] == quotes[0]["quote_id"])
    assert sources == ["cpi", "ft", "warc"]


def test_archive_paths_are_relative_and_inside_archive() -> None:
    for s in rows("sources"):
        path = Path(s["archive_path"])
        assert not path.is_absolute() and path.parts[0] == "archive" and ".." not in path.parts
