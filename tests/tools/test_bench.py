"""The benchmark: its arithmetic and verdicts, its measurements on cheap commands and one real 1x build, and the
README's recorded figures. (The whole benchmark takes minutes: `make bench`; it is never run by the tests.)"""

from __future__ import annotations

import datetime
import math
import re
import sys
from pathlib import Path

import pytest

from scripts.tools.bench import OLD_1000X, Scaled, Timing, measure_pair, measure_size, render_readme, report, slope
from tests.conftest import ROOT

INFO = {"nproc": "2", "cpu": "Test CPU", "memory": "1.0 GiB", "python": "3.11.7", "os": "Linux"}
README = (ROOT / "README.md").read_text(encoding="utf-8")


def timing(label: str, *times: float) -> Timing:
    return Timing(label, list(times))


def scaled(size: int, wall: float, facts: float, peak_mb: float, formats: float = 0.0) -> Scaled:
    return Scaled(
        size, 600 * size, timing(f"build {size}x", wall), [{"load facts": facts, "workbook and BODS": formats}], [int(peak_mb * 2**20)]
    )


def test_slope_is_the_exponent_of_growth() -> None:
    assert slope(1.0, 10.0, 10) == pytest.approx(1.0)  # linear
    assert slope(1.0, 100.0, 10) == pytest.approx(2.0)  # quadratic
    assert slope(2.0, 2.0, 10) == pytest.approx(0.0)  # constant
    assert timing("x", 3.0, 1.0, 2.0).median == 2.0 and math.isnan(Timing("empty").median)


def test_report_says_when_targets_are_met() -> None:
    text = report(
        timing("build", 0.9),
        timing("validate", 1.0),
        timing("load", 1.1),
        timing("baseline", 1.0),
        [scaled(100, 2.0, 0.5, 200), scaled(1000, 19.0, 4.8, 1900, formats=5.0)],
        INFO,
    )
    assert text.startswith("Machine: 2 CPU(s), Test CPU, 1.0 GiB RAM, Python 3.11.7, Linux.")
    assert "1x build / frictionless validate: 0.90 (target ≤ 1.0): met" in text
    assert "pandas load / baseline: 1.10 (target ≤ 1.2): met" in text
    assert f"1000x build / the 1000x build of version 1.0.0 ({OLD_1000X:.2f} s): {19.0 / OLD_1000X:.2f} (target ≤ 0.2): met" in text
    assert f"without the workbook and BODS, which version 1.0.0 did not write: {14.0 / OLD_1000X:.2f}" in text
    growth = re.search(r"- growth 100x → 1000x \(records × 10\.0\), exponents: (.*)", text).group(1)
    assert "build 0.98 (at most linear)" in growth and "facts load 0.98 (at most linear)" in growth
    assert "peak memory 0.98 (at most linear)" in growth
    assert "| 1000x | 600000 | 1 | 19.00 | 4.80 | 5.00 | 1900 |" in text


def test_report_says_when_targets_are_missed() -> None:
    text = report(
        timing("build", 2.0),
        timing("validate", 1.0),
        timing("load", 1.5),
        timing("baseline", 1.0),
        [scaled(100, 10.0, 1.0, 100), scaled(1000, 200.0, 20.0, 2000)],
        INFO,
    )
    assert "1x build / frictionless validate: 2.00 (target ≤ 1.0): NOT met" in text
    assert "pandas load / baseline: 1.50 (target ≤ 1.2): NOT met" in text
    assert "(target ≤ 0.2): NOT met" in text
    assert "build 1.30 (MORE than linear)" in text and "facts load 1.30 (MORE than linear)" in text
    assert "peak memory 1.30 (MORE than linear)" in text


def test_pairs_run_interleaved_after_one_warm_up_each(tmp_path: Path) -> None:
    log = tmp_path / "order"
    write = "import sys; open(sys.argv[1], 'a').write(sys.argv[2])"
    a, b = measure_pair(
        ("a", [sys.executable, "-c", write, str(log), "a"]), ("b", [sys.executable, "-c", write, str(log), "b"]), tmp_path, 3
    )
    assert log.read_text() == "ab" + "ab" * 3
    assert len(a.times) == len(b.times) == 3 and all(t > 0 for t in a.times + b.times)


def test_a_failing_command_stops_the_benchmark_with_its_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        measure_pair(("a", [sys.executable, "-c", "pass"]), ("b", [sys.executable, "-c", "raise SystemExit('boom')"]), tmp_path, 1)


def test_a_sized_build_reports_every_stage_and_its_peak_memory(built: Path, tmp_path: Path) -> None:
    """One real build (the 1x inputs stand in for a synthetic size) through the benchmark's own measurement."""
    size = measure_size(1, 100, built, sys.executable, runs=1, budget=60, work=tmp_path)
    assert len(size.wall.times) == 1 and size.wall.median > 0
    (stages,) = size.stages
    assert {"load facts", "check", "tables", "write CSV and Parquet", "validate", "workbook and BODS", "publish"} <= set(stages)
    assert sum(stages.values()) <= size.wall.median
    assert 30 < size.peak_mb < 4000


def test_render_readme_replaces_only_the_benchmark_block() -> None:
    text = "# T\n\nbefore\n<!-- BEGIN generated: benchmark -->\nold figures\n<!-- END generated: benchmark -->\nafter\n"
    out = render_readme(text, "Machine: x.\n", "python -m scripts bench", datetime.date(2026, 11, 23))
    assert out == (
        "# T\n\nbefore\n<!-- BEGIN generated: benchmark -->\n"
        "Measured on 2026-11-23 with `python -m scripts bench`. Machine: x.\n<!-- END generated: benchmark -->\nafter\n"
    )
    with pytest.raises(ValueError, match="no <!-- BEGIN generated: benchmark -->"):
        render_readme("# no block\n", "x\n", "cmd")


def test_readme_records_every_measurement_with_its_machine() -> None:
    block = re.search(r"<!-- BEGIN generated: benchmark -->\n(.*?)<!-- END generated: benchmark -->", README, re.S)
    assert block, "README.md has no benchmark block: run python -m scripts bench --readme"
    figures = block.group(1)
    assert re.search(r"Measured on \d{4}-\d{2}-\d{2} with `python -m scripts bench", figures)
    assert re.search(r"Machine: \d+ CPU\(s\), .+ RAM, Python \d", figures)
    for stage in ("build (real facts, 1x)", "frictionless validate", "pd.read_parquet", "baseline"):
        assert re.search(rf"^\| [^|]*{re.escape(stage)}[^|]* \| \d+ \| \d+\.\d\d \|", figures, re.M), stage
    for size in ("100x", "1000x"):
        assert re.search(rf"^\| {size} \| \d+ \| \d+ \| \d+\.\d\d \|.*\| \d+ \|$", figures, re.M), size
    assert "1x build / frictionless validate:" in figures and "pandas load / baseline:" in figures
    assert "1000x build / the 1000x build of version 1.0.0" in figures and "- growth 100x → 1000x" in figures
