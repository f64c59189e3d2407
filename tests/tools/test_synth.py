"""Synthetic benchmark inputs: N times the real facts, and still passing every check of the build."""

from __future__ import annotations

from pathlib import Path

from scripts.outputs.publication import build_and_publish as build
from scripts.tools.synth import synthesize
from tests.conftest import ROOT


def test_twice_the_facts_build_into_twice_the_rows(tmp_path: Path, built: Path) -> None:
    real = build(built)
    synthesize(ROOT, tmp_path, 2)
    tables = build(tmp_path)  # raises BuildError on any problem: every copy passes every rule
    assert {t: len(rows) for t, rows in tables.items()} == {t: 2 * len(rows) for t, rows in real.items()}
    spans = {(r["citation_id"], r["field"]): r["as_written"] for r in tables["citation_fields"]}
    assert spans[("stake.megafon-in-aliexpress-russia-c1.jurnalis-c1.1", "share_exact")] == "24 percent by MegaFon K1"
