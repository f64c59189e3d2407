"""Benchmark the build as a user runs it: against `frictionless validate` alone, and its growth with the facts.

Usage: python -m scripts bench [--runs 3] [--write] (make bench), in a temporary folder, never the repository.
The 1x package build (scripts/package/build.py, in a fresh process) and `frictionless validate` on what it wrote run
alternately after a warm-up, so that drift in the machine's speed affects both alike; the whole publication is timed
apart. Growth (k in time ~ size^k, and in peak memory) is the package build's on synthetic inputs 10 and 100 times the
facts: the card page is made for a dataset of this size (every row drawn, a chart per table) and is not grown.
"""

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

from scripts.model.files import INPUTS
from scripts.model.publish import copy_paths
from scripts.outputs.publication import SITE_STAGE
from scripts.package.card import replace_block
from scripts.tools.synth import synthesize

RATIO_TARGET, GROWTH_TARGET = 1.0, 1.1
SIZES = (10, 100)
WARMUPS = 1  # unmeasured runs of each command before the paired ones
PAGE = "CONTRIBUTING.md"
PACKAGE_BUILD = """import resource, sys
from pathlib import Path
from scripts.model.publish import staging
from scripts.package.build import build
with staging(Path(sys.argv[1])) as stage:
    build(Path(sys.argv[1]), stage)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)  # peak bytes (Linux reports KiB)
"""


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    """Wall time and output of one process; raises with its stderr when it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return time.perf_counter() - start, done.stdout


def paired(python: str, frictionless: str, repo: Path, root: Path, runs: int) -> tuple[float, float]:
    """Median seconds of the 1x package build and of frictionless validate, run alternately after WARMUPS of each."""
    commands = [([python, "-c", PACKAGE_BUILD, str(root)], repo), ([frictionless, "validate", "datapackage.json"], root)]
    times: list[list[float]] = [[], []]
    for _ in range(WARMUPS + runs):
        for k, (command, cwd) in enumerate(commands):
            times[k].append(timed(command, cwd)[0])
    return statistics.median(times[0][WARMUPS:]), statistics.median(times[1][WARMUPS:])


def whole(python: str, repo: Path, root: Path, work: Path, runs: int) -> tuple[float, float]:
    """Median seconds of `build` (the whole publication), and of its card page stage."""
    seconds, card = [], []
    for i in range(runs):
        timings = work / f"timings-{i}.json"
        seconds.append(timed([python, "-m", "scripts", "build", "--root", str(root), "--timings", str(timings)], repo)[0])
        card.append(json.loads(timings.read_text(encoding="utf-8"))["stages"][SITE_STAGE])
    return statistics.median(seconds), statistics.median(card)


def grown(python: str, repo: Path, work: Path, runs: int) -> dict[int, dict[str, float]]:
    """Per size: records, median seconds of the package build and its peak memory in MB."""
    out = {}
    for size in SIZES:
        root = work / f"x{size}"
        records = sum(synthesize(repo, root, size).values())
        runs_ = [timed([python, "-c", PACKAGE_BUILD, str(root)], repo) for _ in range(runs)]
        seconds = statistics.median(s for s, _ in runs_)
        out[size] = {"records": records, "seconds": seconds, "peak": max(int(o) for _, o in runs_) / 2**20}
    return out


def report(build_s: float, validate_s: float, publication: tuple[float, float], sizes: dict[int, dict[str, float]], runs: int) -> str:
    small, large = (sizes[s] for s in SIZES)
    ratio = build_s / validate_s
    # k in value ~ records^k between the two sizes (1 = linear), of time and of peak memory
    time_k, memory_k = (math.log(large[k] / small[k]) / math.log(large["records"] / small["records"]) for k in ("seconds", "peak"))
    verdict = {True: "met", False: "NOT met"}
    rows = "".join(f"| {s}x | {v['records']:.0f} | {v['seconds']:.2f} | {v['peak']:.0f} |\n" for s, v in sizes.items())
    return (
        f"Medians of {runs} runs; Python {platform.python_version()}, {platform.machine()}.\n\n"
        f"- 1x package build {build_s:.2f} s, `frictionless validate` alone {validate_s:.2f} s: ratio {ratio:.2f} "
        f"(target at most {RATIO_TARGET}): {verdict[ratio <= RATIO_TARGET]}\n"
        f"- 1x whole publication (`make`: the package, SQLite, Croissant and the card page) {publication[0]:.2f} s, "
        f"of which the card page with its charts {publication[1]:.2f} s\n"
        f"- growth of the package build {SIZES[0]}x to {SIZES[1]}x: time exponent {time_k:.2f} (target at most "
        f"{GROWTH_TARGET}): {verdict[time_k <= GROWTH_TARGET]}; peak memory exponent {memory_k:.2f}\n\n"
        f"| size | records | package build s | peak MB |\n|---|---|---|---|\n{rows}"
    )


def run(args: Any, repo: Path) -> int:
    python = str(Path(args.build_python).absolute())
    frictionless = str(Path(sys.executable).with_name("frictionless"))
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        root = copy_paths(repo, INPUTS, work / "x1")
        publication = whole(python, repo, root, work, args.runs)  # first: it publishes the package validate reads
        build_s, validate_s = paired(python, frictionless, repo, root, args.runs)
        text = report(build_s, validate_s, publication, grown(python, repo, work, args.runs), args.runs)
    print(text)
    if args.write:
        page = repo / PAGE
        page.write_text(replace_block(page.read_text(encoding="utf-8"), "benchmark", text, PAGE), encoding="utf-8")
        print(f"wrote the benchmark block of {PAGE}")
    return 0
