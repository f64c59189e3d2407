"""Synthetic benchmark inputs: N times the real facts, and still passing every check of the package build."""

from __future__ import annotations

from pathlib import Path

from scripts.model.publish import staging
from scripts.package.build import build
from scripts.tools.synth import synthesize
from tests.conftest import ROOT, copy_inputs


def test_twice_the_facts_build_into_twice_the_rows(tmp_path: Path) -> None:
    real, twice = copy_inputs(tmp_path / "real"), tmp_path / "twice"
    synthesize(ROOT, twice, 2)
    with staging(real) as stage:
        counts = {t: len(rows) for t, rows in build(real, stage).items()}
    with staging(twice) as stage:
        tables = build(twice, stage)  # raises BuildError on any problem: every copy passes every rule
    assert {t: len(rows) for t, rows in tables.items()} == {t: 2 * n for t, n in counts.items()}
    spans = {(r["citation_id"], r["field"]): r["as_written"] for r in tables["citation_fields"]}
    assert spans[("stake.megafon-in-aliexpress-russia-c1.jurnalis-c1.1", "share_exact")] == "24 percent by MegaFon K1"
