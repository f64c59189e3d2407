"""`make bench` runs end to end and writes its figures into CONTRIBUTING.md (here at sizes 1x and 2x, once, without
warm-up); the synthetic inputs twice the facts pass every check of the package build (else the bench stops)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pytest

from scripts.tools import bench
from tests.conftest import ROOT, copy_inputs


def test_the_benchmark_measures_and_writes_its_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = copy_inputs(tmp_path / "repo")
    (repo / "scripts").symlink_to(ROOT / "scripts")  # the builds run `python -m scripts` in the repository
    (repo / bench.PAGE).write_text("<!-- BEGIN generated: benchmark -->\n<!-- END generated: benchmark -->\n", encoding="utf-8")
    monkeypatch.setattr(bench, "SIZES", (1, 2))
    monkeypatch.setattr(bench, "WARMUPS", 0)
    args = argparse.Namespace(runs=1, write=True, build_python=sys.executable)  # .venv-test holds the build's set
    assert bench.run(args, repo) == 0
    text = (repo / bench.PAGE).read_text(encoding="utf-8")
    assert "ratio" in text and "(target at most 1.0):" in text and "time exponent" in text and "card page" in text
    records = int(re.search(r"\| 1x \| (\d+) \|", text).group(1))
    assert f"| 2x | {2 * records} |" in text
