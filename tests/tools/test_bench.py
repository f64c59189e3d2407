"""`make bench` runs end to end and writes its figures into CONTRIBUTING.md (here at sizes 1x and 2x, once)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from scripts.tools import bench
from tests.conftest import ROOT, copy_inputs


def test_the_benchmark_measures_and_writes_its_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = copy_inputs(tmp_path / "repo")
    (repo / "scripts").symlink_to(ROOT / "scripts")  # the builds run `python -m scripts` in the repository
    (repo / bench.PAGE).write_text("<!-- BEGIN generated: benchmark -->\n<!-- END generated: benchmark -->\n", encoding="utf-8")
    monkeypatch.setattr(bench, "SIZES", (1, 2))
    args = argparse.Namespace(runs=1, write=True, build_python=str(ROOT / ".venv" / "bin" / "python"))
    assert bench.run(args, repo) == 0
    text = (repo / bench.PAGE).read_text(encoding="utf-8")
    assert "ratio" in text and "(target at most 1.0):" in text and "time exponent" in text and "card page" in text
    assert "| 2x |" in text
