"""Benchmark the pipeline as whole processes, as a user runs them: paired ratios, stages, growth, memory.

Usage: python -m scripts bench [--runs 5] [--sizes 100,1000] [--budget 600] [--readme] [--profile N].
Works in a temporary folder (a copy of the inputs, and synthetic inputs from scripts/tools/synth.py);
the repository is never rewritten. Measured:

1. the 1x build (python -m scripts build, in the build's own environment) and `frictionless validate
   datapackage.json` on the package it wrote, run alternately (paired and interleaved, so that drift in
   the machine's speed affects both alike), after one warm-up run each;
2. pd.read_parquet of every table against a process that imports pandas and pyarrow and reads the
   files' bytes, likewise paired;
3. the build on synthetic inputs of each size, each run with --timings: seconds per stage (the facts'
   YAML load among them) and the process's peak memory.

Targets: the 1x build at most 1.0x validate alone; the pandas load at most 1.2x its baseline; the
1000x build at most 0.2x the 1000x build before the column-wise validation (OLD_1000X, measured on the
same machine); growth exponents (time ~ size^k) at most 1 for the build, for the facts load and for
peak memory. With --readme, the figures replace the benchmark block of README.md.
"""

from __future__ import annotations

import datetime
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.model.files import DESCRIPTOR, ROOT
from scripts.model.publish import copy_paths
from scripts.package.build import FACTS_STAGE, FORMATS_STAGE, INPUTS
from scripts.package.card import replace_block
from scripts.tools.synth import synthesize

PY = sys.executable
FRICTIONLESS = str(Path(PY).with_name("frictionless"))
BUILD_TARGET, LOAD_TARGET, SCALE_TARGET = 1.0, 1.2, 0.2
OLD_1000X = 136.19  # s: median of 2 builds at 1000x with frictionless validating inside (README, version 1.0.0, this machine)
LINEAR_SLACK = 1.05  # a log-log slope up to this counts as linear (timing noise)

LOAD = """
import sys, pathlib
import pandas as pd
import pyarrow
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.parquet")):
    pd.read_parquet(path)
"""
BASELINE = """
import sys, pathlib
import pandas
import pyarrow
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.parquet")):
    path.read_bytes()
"""


@dataclass
class Timing:
    label: str
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else math.nan


@dataclass
class Scaled:
    """One synthetic size: wall time, seconds per stage and peak memory of each build run."""

    size: int
    rows: int  # curated records (sources, parties, stakes, events, ...)
    wall: Timing
    stages: list[dict[str, float]] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def stage(self, name: str) -> float:
        return statistics.median(s.get(name, math.nan) for s in self.stages) if self.stages else math.nan

    @property
    def peak_mb(self) -> float:
        return max(self.peaks) / 2**20 if self.peaks else math.nan


def run_once(cmd: list[str], cwd: Path, timeout: float) -> float:
    """Wall time of one process; raises with its stderr when it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def measure_pair(first: tuple[str, list[str]], second: tuple[str, list[str]], cwd: Path, runs: int) -> tuple[Timing, Timing]:
    """Two commands run alternately, after a warm-up run of each (first's first: the 1x build writes the package that
    validate then reads), so that drift affects both alike."""
    a, b = Timing(first[0]), Timing(second[0])
    run_once(first[1], cwd, timeout=600)
    run_once(second[1], cwd, timeout=600)
    for _ in range(runs):
        a.times.append(run_once(first[1], cwd, timeout=600))
        b.times.append(run_once(second[1], cwd, timeout=600))
    for t in (a, b):
        print(f"  {t.label}: median {t.median:.2f} s over {len(t.times)} run(s)", flush=True)
    return a, b


def measure_size(size: int, rows: int, root: Path, python: str, runs: int, budget: float, work: Path) -> Scaled:
    """Builds of one synthetic size, each with its stage timings and peak memory; no new run once over budget."""
    scaled = Scaled(size, rows, Timing(f"build {size}x"))
    for i in range(runs):
        if scaled.wall.times and sum(scaled.wall.times) > budget:
            break
        report_file = work / f"timings-{size}x-{i}.json"
        command = [*build_cmd(root, python), "--timings", str(report_file)]
        scaled.wall.times.append(run_once(command, ROOT, timeout=max(budget * 4, 3600)))
        figures = json.loads(report_file.read_text(encoding="utf-8"))
        scaled.stages.append(figures["stages"])
        scaled.peaks.append(figures["peak_bytes"])
    print(
        f"  build {size}x: median {scaled.wall.median:.2f} s, peak {scaled.peak_mb:.0f} MB over {len(scaled.wall.times)} run(s)", flush=True
    )
    return scaled


def machine() -> dict[str, str]:
    """Where the figures come from."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text(encoding="utf-8").split()[1])
        memory = f"{kb / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip() or str(os.cpu_count())
    return {"nproc": nproc, "cpu": model, "memory": memory, "python": platform.python_version(), "os": platform.platform()}


def build_cmd(root: Path, python: str = PY) -> list[str]:
    """The build as `make` runs it (python given relative to the repository, as the Makefile does, works too)."""
    return [os.path.abspath(ROOT / python), "-m", "scripts", "build", "--root", str(root)]


def slope(t1: float, t2: float, size_ratio: float) -> float:
    """Exponent k in time ~ size^k between two sizes (1 = linear)."""
    return math.log(t2 / t1) / math.log(size_ratio)


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def report(build: Timing, validate: Timing, load: Timing, baseline: Timing, sizes: list[Scaled], info: dict[str, str]) -> str:
    """The figures as Markdown (printed, and written into README.md's benchmark block with --readme)."""
    build_ratio, load_ratio = build.median / validate.median, load.median / baseline.median
    lines = [
        f"Machine: {info['nproc']} CPU(s), {info['cpu']}, {info['memory']} RAM, Python {info['python']}, {info['os']}.",
        "",
        "| paired, interleaved | runs | median s | min s | max s |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {t.label} | {len(t.times)} | {t.median:.2f} | {min(t.times):.2f} | {max(t.times):.2f} |"
        for t in (build, validate, load, baseline)
    ]
    stage_names = list(dict.fromkeys(name for s in sizes for run in s.stages for name in run))
    if sizes:
        lines += ["", "| size | records | runs | build s | " + " | ".join(f"{n} s" for n in stage_names) + " | peak MB |"]
        lines += ["|---" * (5 + len(stage_names)) + "|"]
        for s in sizes:
            cells = [f"{s.stage(n):.2f}" for n in stage_names]
            lines.append(
                f"| {s.size}x | {s.rows} | {len(s.wall.times)} | {s.wall.median:.2f} | " + " | ".join(cells) + f" | {s.peak_mb:.0f} |"
            )
    lines += [
        "",
        f"- 1x build / frictionless validate: {build_ratio:.2f} (target ≤ {BUILD_TARGET}): {_verdict(build_ratio, BUILD_TARGET)}",
        f"- pandas load / baseline: {load_ratio:.2f} (target ≤ {LOAD_TARGET}): {_verdict(load_ratio, LOAD_TARGET)}",
    ]
    at_1000 = next((s for s in sizes if s.size == 1000), None)
    if at_1000 is not None:
        ratio = at_1000.wall.median / OLD_1000X
        lines.append(
            f"- 1000x build / the 1000x build of version 1.0.0 ({OLD_1000X:.2f} s): {ratio:.2f} (target ≤ {SCALE_TARGET}): "
            + _verdict(ratio, SCALE_TARGET)
        )
        core = at_1000.wall.median - at_1000.stage(FORMATS_STAGE)
        lines.append(f"  (without the workbook and BODS, which version 1.0.0 did not write: {core / OLD_1000X:.2f})")
    for a, b in itertools.pairwise(sorted(sizes, key=lambda s: s.size)):
        ratio = b.rows / a.rows
        parts = [
            ("build", slope(a.wall.median, b.wall.median, ratio)),
            ("facts load", slope(a.stage(FACTS_STAGE), b.stage(FACTS_STAGE), ratio)),
            ("peak memory", slope(a.peak_mb, b.peak_mb, ratio)),
        ]
        text = ", ".join(f"{name} {k:.2f} ({'at most linear' if k <= LINEAR_SLACK else 'MORE than linear'})" for name, k in parts)
        lines.append(f"- growth {a.size}x → {b.size}x (records × {ratio:.1f}), exponents: {text}")
    return "\n".join(lines) + "\n"


def render_readme(text: str, figures: str, command: str, today: datetime.date | None = None) -> str:
    """README.md with its benchmark block replaced by these figures (hand-run, so dated and with the command)."""
    day = (today or datetime.date.today()).isoformat()
    return replace_block(text, "benchmark", f"Measured on {day} with `{command}`. {figures}")


def profile(size: int, work: Path, top: int = 30) -> None:
    """Where a build's time goes at a synthetic size (cProfile, top functions by own and cumulative time)."""
    import pstats

    root = work / f"profile-{size}x"
    synthesize(ROOT, root, size)
    stats_file = work / f"build-{size}x.prof"
    subprocess.run([PY, "-m", "cProfile", "-o", str(stats_file), "-m", "scripts", "build", "--root", str(root)], cwd=ROOT, check=True)
    stats = pstats.Stats(str(stats_file))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def run(args: Any, command: str) -> int:
    """The benchmark with the command line's options (runs, sizes, budget, profile, keep, readme)."""
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if args.profile:
            profile(args.profile, work)
            return 0
        info = machine()
        print(f"benchmark in {work}: {info}", flush=True)
        real_root = copy_paths(ROOT, INPUTS, work / "real")
        build, validate = measure_pair(
            ("build (real facts, 1x)", build_cmd(real_root, args.build_python)),
            ("frictionless validate datapackage.json", [FRICTIONLESS, "validate", str(real_root / DESCRIPTOR)]),
            ROOT,
            args.runs,
        )
        data = str(real_root / "data")
        load, baseline = measure_pair(
            ("pandas: pd.read_parquet every table", [PY, "-c", LOAD, data]),
            ("baseline: import pandas+pyarrow, read the files' bytes", [PY, "-c", BASELINE, data]),
            ROOT,
            3 * args.runs,
        )
        sizes: list[Scaled] = []
        for size in (int(s) for s in args.sizes.split(",") if s):
            root = work / f"synth-{size}x"
            start = time.perf_counter()
            counts = synthesize(ROOT, root, size)
            print(f"  synthetic {size}x written in {time.perf_counter() - start:.1f} s: {counts}", flush=True)
            sizes.append(measure_size(size, sum(counts.values()), root, args.build_python, args.runs, args.budget, work))
            shutil.rmtree(root, ignore_errors=True)
        figures = report(build, validate, load, baseline, sizes, info)
        print()
        print(figures)
        if args.readme:
            readme = ROOT / "README.md"
            readme.write_text(render_readme(readme.read_text(encoding="utf-8"), figures, command), encoding="utf-8")
            print(f"wrote the figures into {readme}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0
