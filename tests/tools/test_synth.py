"""Synthetic benchmark inputs: N times the real facts, and still passing every check of the build."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scripts.model import schema
from scripts.package.build import build
from scripts.tools.synth import synthesize
from tests.conftest import ROOT


def test_twice_the_facts_build_into_twice_the_rows(tmp_path: Path, built: Path) -> None:
    real = {t: len(pd.read_parquet(built / "data" / f"{t}.parquet")) for t in schema.table_names()}
    synthesize(ROOT, tmp_path, 2)
    tables = build(tmp_path)  # raises BuildError on any problem
    assert {t: len(rows) for t, rows in tables.items()} == {t: 2 * n for t, n in real.items()}
    names = [p["name"] for p in tables["parties"]]
    assert len(set(names)) == len(names)
    copies = [c for c in tables["citations"] if c["source_id"].endswith("-c1")]
    originals = {c["citation_id"]: c for c in tables["citations"] if not c["source_id"].endswith("-c1")}
    for c in copies:  # a letter-for-letter substitution keeps every excerpt at its offsets
        original = originals[c["citation_id"].replace("-c1", "")]
        assert (c["start"], c["end"], c["line"]) == (original["start"], original["end"], original["line"])
        assert c["exact"] != original["exact"] or not any(ch.isalpha() for ch in c["exact"])
