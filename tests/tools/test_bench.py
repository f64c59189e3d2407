"""The benchmark: its arithmetic and verdicts, the README's recorded figures, and a short real run."""

from __future__ import annotations

import datetime
import hashlib
import math
import re
import subprocess
import sys

import pytest

from scripts.tools.bench import Timing, render_readme, report, slope
from tests.conftest import ROOT

INFO = {"nproc": "2", "cpu": "Test CPU", "memory": "1.0 GiB", "python": "3.11.7", "os": "Linux"}
README = (ROOT / "README.md").read_text(encoding="utf-8")


def timing(label: str, *times: float) -> Timing:
    return Timing(label, list(times))


def test_slope_is_the_exponent_of_growth() -> None:
    assert slope(1.0, 10.0, 10) == pytest.approx(1.0)  # linear
    assert slope(1.0, 100.0, 10) == pytest.approx(2.0)  # quadratic
    assert slope(2.0, 2.0, 10) == pytest.approx(0.0)  # constant
    assert timing("x", 3.0, 1.0, 2.0).median == 2.0 and math.isnan(Timing("empty").median)


def test_report_says_when_targets_are_met() -> None:
    text = report(
        timing("build", 1.4),
        timing("validate", 1.0),
        timing("load", 1.1),
        timing("baseline", 1.0),
        {10: timing("10x", 10.0), 100: timing("100x", 90.0)},
        INFO,
    )
    assert text.startswith("Machine: 2 CPU(s), Test CPU, 1.0 GiB RAM, Python 3.11.7, Linux.")
    assert "build / validate: 1.40 (target ≤ 1.5): met" in text
    assert "pandas load / baseline: 1.10 (target ≤ 1.2): met" in text
    assert "exponent 0.95" in text and "at most linear" in text
    assert "| build | 1 | 1.40 | 1.40 | 1.40 |" in text


def test_report_says_when_targets_are_missed() -> None:
    text = report(
        timing("build", 2.0),
        timing("validate", 1.0),
        timing("load", 1.5),
        timing("baseline", 1.0),
        {10: timing("10x", 20.0), 100: timing("100x", 2000.0)},
        INFO,
    )
    assert "build / validate: 2.00 (target ≤ 1.5): NOT met" in text
    assert "pandas load / baseline: 1.50 (target ≤ 1.2): NOT met" in text
    assert "exponent 2.00" in text and "MORE than linear" in text


def test_render_readme_replaces_only_the_benchmark_block() -> None:
    text = "# T\n\nbefore\n<!-- BEGIN generated: benchmark -->\nold figures\n<!-- END generated: benchmark -->\nafter\n"
    out = render_readme(text, "Machine: x.\n", "python -m scripts bench", datetime.date(2026, 11, 23))
    assert out == (
        "# T\n\nbefore\n<!-- BEGIN generated: benchmark -->\n"
        "Measured on 2026-11-23 with `python -m scripts bench`. Machine: x.\n<!-- END generated: benchmark -->\nafter\n"
    )
    with pytest.raises(ValueError, match="no <!-- BEGIN generated: benchmark -->"):
        render_readme("# no block\n", "x\n", "cmd")


def test_readme_records_every_stage_with_its_machine() -> None:
    block = re.search(r"<!-- BEGIN generated: benchmark -->\n(.*?)<!-- END generated: benchmark -->", README, re.S)
    assert block, "README.md has no benchmark block: run python -m scripts bench --readme"
    figures = block.group(1)
    assert re.search(r"Measured on \d{4}-\d{2}-\d{2} with `python -m scripts bench", figures)
    assert re.search(r"Machine: \d+ CPU\(s\), .+ RAM, Python \d", figures)
    for stage in ("build (real facts, 1x)", "frictionless validate", "pd.read_parquet", "baseline", "10x", "100x", "1000x"):
        assert re.search(rf"^\| [^|]*{re.escape(stage)}[^|]* \| \d+ \| \d+\.\d\d \|", figures, re.M), stage
    assert "build / validate:" in figures and "pandas load / baseline:" in figures and "growth between" in figures


def test_a_short_run_measures_every_stage_and_leaves_the_repository_alone() -> None:
    before = hashlib.sha256((ROOT / "README.md").read_bytes()).hexdigest()
    done = subprocess.run(
        [sys.executable, "-m", "scripts", "bench", "--runs", "1", "--sizes", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for stage in ("build (real facts, 1x)", "frictionless validate", "pd.read_parquet", "baseline", "synthetic 2x"):
        assert re.search(rf"^\| [^|]*{re.escape(stage)}[^|]* \| \d+ \| \d+\.\d\d \|", done.stdout, re.M), stage
    assert "build 1x → 2x" in done.stdout
    assert hashlib.sha256((ROOT / "README.md").read_bytes()).hexdigest() == before
