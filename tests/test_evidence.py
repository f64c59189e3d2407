"""Evidence: every excerpt stands at its offsets in its archived text, and the archive is the capture."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from scripts.evidence import locate, near_miss_hint
from tests.conftest import ROOT, SHARED_SOURCES

CITED = ["party_id", "stake_id", "event_id", "quote_id", "disagreement_id"]


def rows(table: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_locate_gives_offsets_and_line() -> None:
    text = "first line\nsecond “quoted” line\n"
    found = locate(text, "“quoted”")
    assert found is not None
    assert (found.start, found.end, found.line) == (18, 26, 2)
    assert text[found.start : found.end] == "“quoted”"


def test_locate_is_verbatim_and_the_hint_explains_near_misses() -> None:
    text = "He said “yes” — twice."
    assert locate(text, 'He said "yes" - twice.') is None
    assert "made alike" in near_miss_hint(text, 'He said "yes"  - twice.')
    assert near_miss_hint(text, "He said no") == ""


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


def test_every_citation_supports_exactly_one_row() -> None:
    for c in rows("citations"):
        assert sum(bool(c[k]) for k in CITED) == 1, c["citation_id"]


@pytest.mark.parametrize("table", ["parties", "stakes", "events", "quotes", "disagreements"])
def test_every_row_has_a_citation(table: str) -> None:
    key = {"parties": "party_id", "stakes": "stake_id", "events": "event_id", "quotes": "quote_id", "disagreements": "disagreement_id"}[
        table
    ]
    cited = {c[key] for c in rows("citations") if c[key]}
    ids = {r[key] for r in rows(table)}
    assert ids and ids <= cited, sorted(ids - cited)


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
