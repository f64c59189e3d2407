"""Benchmark the build as a user runs it: against `frictionless validate` alone, and its growth with the facts.

Usage: python -m scripts bench [--runs 3] [--write] (make bench). In a temporary folder, never the repository:
1. the 1x build and `frictionless validate datapackage.json` on the package it wrote, alternately after a warm-up
   run of each (paired and interleaved, so that drift in the machine's speed affects both alike): the ratio of the
   medians, target at most 1.0;
2. the build on synthetic inputs 10 and 100 times the facts (scripts/tools/synth.py), with its peak memory: the
   exponent k of time ~ size^k, target at most 1.1, and of memory.
With --write, the figures replace the benchmark block of CONTRIBUTING.md.
"""

from __future__ import annotations

import json
import math
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scripts.model.publish import copy_paths
from scripts.package.build import INPUTS
from scripts.package.card import replace_block
from scripts.tools.synth import synthesize

RATIO_TARGET, GROWTH_TARGET = 1.0, 1.1
SIZES = (10, 100)
PAGE = "CONTRIBUTING.md"


def timed(command: list[str], cwd: Path) -> float:
    """Wall time of one process; raises with its stderr when it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def build(python: str, root: Path, timings: Path | None = None) -> list[str]:
    return [python, "-m", "scripts", "build", "--root", str(root), *(["--timings", str(timings)] if timings else [])]


def paired(python: str, frictionless: str, repo: Path, work: Path, runs: int) -> tuple[float, float]:
    """Median seconds of the 1x build and of frictionless validate, run alternately after a warm-up of each."""
    root = copy_paths(repo, INPUTS, work / "x1")
    commands = [build(python, root), [frictionless, "validate", "datapackage.json"]]
    times: list[list[float]] = [[], []]
    for i in range(runs + 1):
        for k, command in enumerate(commands):
            elapsed = timed(command, repo if k == 0 else root)
            if i:
                times[k].append(elapsed)
    return statistics.median(times[0]), statistics.median(times[1])


def grown(python: str, repo: Path, work: Path, runs: int) -> dict[int, dict[str, float]]:
    """Per size: records, median seconds of the build and its peak memory in MB."""
    out = {}
    for size in SIZES:
        root = work / f"x{size}"
        records = sum(synthesize(repo, root, size).values())
        seconds, peaks = [], []
        for i in range(runs):
            report = work / f"timings-{size}-{i}.json"
            seconds.append(timed(build(python, root, report), repo))
            peaks.append(json.loads(report.read_text(encoding="utf-8"))["peak_bytes"] / 2**20)
        out[size] = {"records": records, "seconds": statistics.median(seconds), "peak": max(peaks)}
    return out


def exponent(a: float, b: float, size_a: float, size_b: float) -> float:
    """k in value ~ size^k between two sizes (1 = linear)."""
    return math.log(b / a) / math.log(size_b / size_a)


def report(build_s: float, validate_s: float, sizes: dict[int, dict[str, float]], runs: int) -> str:
    small, large = (sizes[s] for s in SIZES)
    ratio = build_s / validate_s
    time_k = exponent(small["seconds"], large["seconds"], small["records"], large["records"])
    memory_k = exponent(small["peak"], large["peak"], small["records"], large["records"])
    verdict = {True: "met", False: "NOT met"}
    rows = "".join(f"| {s}x | {v['records']:.0f} | {v['seconds']:.2f} | {v['peak']:.0f} |\n" for s, v in sizes.items())
    return (
        f"Medians of {runs} runs; Python {platform.python_version()}, {platform.machine()}.\n\n"
        f"- 1x build {build_s:.2f} s, `frictionless validate` alone {validate_s:.2f} s: ratio {ratio:.2f} "
        f"(target at most {RATIO_TARGET}): {verdict[ratio <= RATIO_TARGET]}\n"
        f"- growth {SIZES[0]}x to {SIZES[1]}x: time exponent {time_k:.2f} (target at most {GROWTH_TARGET}): "
        f"{verdict[time_k <= GROWTH_TARGET]}; peak memory exponent {memory_k:.2f}\n\n"
        f"| size | records | build s | peak MB |\n|---|---|---|---|\n{rows}"
    )


def run(args: Any, repo: Path) -> int:
    python = str(Path(args.build_python).absolute())
    frictionless = str(Path(sys.executable).with_name("frictionless"))
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        build_s, validate_s = paired(python, frictionless, repo, Path(folder), args.runs)
        text = report(build_s, validate_s, grown(python, repo, Path(folder), args.runs), args.runs)
    print(text)
    if args.write:
        page = repo / PAGE
        page.write_text(replace_block(page.read_text(encoding="utf-8"), "benchmark", text), encoding="utf-8")
        print(f"wrote the benchmark block of {PAGE}")
    return 0
