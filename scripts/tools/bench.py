"""Benchmark the pipeline as whole processes, as a user runs them; report medians, ratios and growth.

Usage: python -m scripts bench [--runs 5] [--sizes 10,100,1000] [--budget 180] [--readme] [--profile N].
Works in a temporary folder (a copy of facts/, archive/ and README.md, and synthetic inputs from
scripts/synth.py); the repository is never rewritten. Stages:

1. the full build: python -m scripts build --root <copy>;
2. frictionless validate datapackage.json alone (the CLI);
3. loading every table into pandas with pd.read_parquet (the README's way), against a baseline
   process that only imports pandas and pyarrow and reads the files' bytes; the two alternate, with
   three times --runs each, since they differ by a few hundredths of a second;
4. the build on synthetic inputs 10x, 100x and 1000x the real facts.

Each command runs once to warm the caches, then --runs times; the median is reported. At a size
whose runs exceed --budget seconds in total, no further runs of that size start. Targets: build at
most 1.5x validate, load at most 1.2x the baseline, and build time growing at most linearly with size.
With --readme, the figures replace the benchmark block of README.md (the only file it writes).
"""

from __future__ import annotations

import datetime
import itertools
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

from scripts.model.files import ROOT
from scripts.model.publish import copy_paths
from scripts.package.build import INPUTS
from scripts.package.card import replace_block
from scripts.tools.synth import synthesize

PY = sys.executable
FRICTIONLESS = str(Path(PY).with_name("frictionless"))
BUILD_TARGET, LOAD_TARGET = 1.5, 1.2
LINEAR_SLACK = 1.1  # a log-log slope up to this counts as linear (timing noise)

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
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else math.nan


def run_once(cmd: list[str], cwd: Path, timeout: float) -> float:
    """Wall time of one process; raises with its stderr when it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def measure(label: str, cmd: list[str], cwd: Path, runs: int, budget: float, *, warm: bool = True) -> Timing:
    timing = Timing(label)
    if warm:
        run_once(cmd, cwd, timeout=max(budget, 60))
    spent = 0.0
    for _ in range(runs):
        if timing.times and spent > budget:
            timing.note = f"stopped after {len(timing.times)} of {runs} runs (over the {budget:g} s budget)"
            break
        elapsed = run_once(cmd, cwd, timeout=max(budget * 4, 600))
        timing.times.append(elapsed)
        spent += elapsed
    print(f"  {label}: median {timing.median:.2f} s over {len(timing.times)} run(s) {timing.note}".rstrip(), flush=True)
    return timing


def measure_pair(first: tuple[str, list[str]], second: tuple[str, list[str]], cwd: Path, runs: int) -> tuple[Timing, Timing]:
    """Two quick commands, run alternately so that drift in the machine's speed affects both alike."""
    a, b = Timing(first[0]), Timing(second[0])
    run_once(first[1], cwd, timeout=600)
    run_once(second[1], cwd, timeout=600)
    for _ in range(runs):
        a.times.append(run_once(first[1], cwd, timeout=600))
        b.times.append(run_once(second[1], cwd, timeout=600))
    for t in (a, b):
        print(f"  {t.label}: median {t.median:.2f} s over {len(t.times)} run(s)", flush=True)
    return a, b


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
    return [python, "-m", "scripts", "build", "--root", str(root)]


def slope(t1: float, t2: float, size_ratio: float) -> float:
    """Exponent k in time ~ size^k between two sizes (1 = linear)."""
    return math.log(t2 / t1) / math.log(size_ratio)


def report(real: Timing, validate: Timing, load: Timing, baseline: Timing, sizes: dict[int, Timing], info: dict[str, str]) -> str:
    """The figures as Markdown (printed, and pasted into README.md's Benchmark section)."""
    build_ratio, load_ratio = real.median / validate.median, load.median / baseline.median
    lines = [
        f"Machine: {info['nproc']} CPU(s), {info['cpu']}, {info['memory']} RAM, Python {info['python']}, {info['os']}.",
        "",
        "| stage | runs | median s | min s | max s |",
        "|---|---|---|---|---|",
    ]
    for t in [real, validate, load, baseline, *sizes.values()]:
        if t.times:
            lines.append(f"| {t.label} | {len(t.times)} | {t.median:.2f} | {min(t.times):.2f} | {max(t.times):.2f} |")
        else:
            lines.append(f"| {t.label} | 0 | not run | | |")
    lines += [
        "",
        f"- build / validate: {build_ratio:.2f} (target ≤ {BUILD_TARGET}): {'met' if build_ratio <= BUILD_TARGET else 'NOT met'}",
        f"- pandas load / baseline: {load_ratio:.2f} (target ≤ {LOAD_TARGET}): {'met' if load_ratio <= LOAD_TARGET else 'NOT met'}",
    ]
    points = [(1, real), *sorted(sizes.items())]
    points = [(n, t) for n, t in points if t.times]
    verdicts = []
    for (n1, t1), (n2, t2) in itertools.pairwise(points):
        k = slope(t1.median, t2.median, n2 / n1)
        verdicts.append(k)
        lines.append(f"- build {n1}x → {n2}x: time × {t2.median / t1.median:.2f} for size × {n2 // n1} (exponent {k:.2f}; 1 = linear)")
    if verdicts:
        last = verdicts[-1]
        lines.append(
            f"- growth between the two largest sizes: exponent {last:.2f}: "
            + ("at most linear" if last <= LINEAR_SLACK else "MORE than linear")
        )
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
        real = measure("build (real facts, 1x)", build_cmd(real_root, args.build_python), ROOT, args.runs, args.budget)
        validate = measure(
            "frictionless validate datapackage.json", [FRICTIONLESS, "validate", "datapackage.json"], real_root, args.runs, args.budget
        )
        data = str(real_root / "data")
        load, baseline = measure_pair(
            ("pandas: pd.read_parquet every table", [PY, "-c", LOAD, data]),
            ("baseline: import pandas+pyarrow, read the files' bytes", [PY, "-c", BASELINE, data]),
            ROOT,
            3 * args.runs,
        )
        sizes: dict[int, Timing] = {}
        for size in (int(s) for s in args.sizes.split(",") if s):
            root = work / f"synth-{size}x"
            start = time.perf_counter()
            counts = synthesize(ROOT, root, size)
            print(f"  synthetic {size}x written in {time.perf_counter() - start:.1f} s: {counts}", flush=True)
            label = f"build (synthetic {size}x: {counts['sources']} sources, {counts['parties']} parties)"
            sizes[size] = measure(label, build_cmd(root, args.build_python), ROOT, args.runs, args.budget, warm=False)
            shutil.rmtree(root, ignore_errors=True)
        figures = report(real, validate, load, baseline, sizes, info)
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
