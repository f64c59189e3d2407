"""One command line for every stage of the dataset: python -m scripts <verb> [options].

The stages run one way: facts + archive -> build (checks, tables, files, descriptor, validation,
README, citation) -> the published package -> site, sqlite, release and the other outputs, which read
only the published package. `make` calls these verbs; `python -m scripts <verb> --help` describes each.
"""

from __future__ import annotations

import argparse
import sys

from scripts.tools.venv import MINIMUM  # standard library only, as old a Python as can start it

if sys.version_info < MINIMUM:  # before any import that would fail less clearly
    sys.exit(f"this project needs Python {MINIMUM[0]}.{MINIMUM[1]} or newer; {sys.executable} is {sys.version.split()[0]}")

from collections.abc import Callable
from pathlib import Path

from scripts.model.files import ROOT, sha256_file
from scripts.model.problems import BuildError


def _build(args: argparse.Namespace) -> int:
    from scripts.package.build import build

    timings: dict[str, float] | None = {} if args.timings else None
    try:
        tables = build(args.root.resolve(), timings)
    except BuildError as err:
        print(f"build failed: {len(err.problems)} problem(s); nothing was published", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("built and validated: " + ", ".join(f"{name} {len(rows)}" for name, rows in tables.items()))
    if args.timings:
        import json
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
        args.timings.write_text(json.dumps({"stages": timings, "peak_bytes": peak}, indent=1) + "\n", encoding="utf-8")
    return 0


def _site(args: argparse.Namespace) -> int:
    from scripts.model.files import SITE
    from scripts.outputs.site.build import build_site

    try:
        written = build_site(args.root.resolve())
    except (OSError, ValueError, KeyError) as err:
        print(f"site build failed: {err}; {SITE}/ was left as it was", file=sys.stderr)
        return 1
    print(f"site built: {len(written)} files in {SITE}/ (index.html, {sum(p.startswith('charts/') for p in written)} chart files)")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from scripts.model.publish import LOCK, locked, recover
    from scripts.package.check import main as check

    root = args.root.resolve()
    if (root / LOCK).exists():  # a working copy that publishes (a download has no lock)
        with locked(root):
            done = recover(root)
        if done:
            print(f"note: {done}")
    return check([str(root)])


def _sqlite(args: argparse.Namespace) -> int:
    import sqlite3

    try:
        from scripts.outputs.sqlite.datasette import metadata_path
        from scripts.outputs.sqlite.export import build_sqlite, database_path
    except ImportError as err:
        print(f"sqlite needs the build environment ({err}): make sqlite, or .venv/bin/python -m scripts sqlite", file=sys.stderr)
        return 1
    root = args.root.resolve()
    try:
        target = args.out or database_path(root)
        counts = build_sqlite(root, target)
    except (sqlite3.Error, ValueError, OSError) as err:
        print(f"sqlite build failed: {err}; nothing was written", file=sys.stderr)
        return 1
    print(f"wrote {target}: " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    print(f"wrote {metadata_path(target)} (Datasette metadata)")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import sqlite3

    from scripts.outputs.sqlite.serve import serve

    try:
        return serve(args.root.resolve(), args.host, args.port)
    except (sqlite3.Error, ValueError, OSError) as err:
        print(f"sqlite build failed: {err}", file=sys.stderr)
        return 1


def _release(args: argparse.Namespace) -> int:
    from scripts.outputs.release import ReleaseError, release

    root = args.root.resolve()
    try:
        target = release(root, args.out or root / "dist")
    except ReleaseError as err:
        print(f"release refused: {err}", file=sys.stderr)
        return 1
    print(f"wrote {target} ({target.stat().st_size} bytes, sha256 {sha256_file(target)})")
    return 0


def _cite(args: argparse.Namespace) -> int:
    from scripts.package.citation import readme_block
    from scripts.package.reader import read_descriptor

    print(readme_block(read_descriptor(args.root.resolve())), end="")
    return 0


def _synth(args: argparse.Namespace) -> int:
    from scripts.tools.synth import synthesize

    if args.out.resolve() == args.root.resolve():
        print("refusing to write synthetic inputs over the repository", file=sys.stderr)
        return 2
    counts = synthesize(args.root.resolve(), args.out.resolve(), args.factor)
    print(f"wrote {args.out}: " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from scripts.tools.bench import run

    return run(args, " ".join(["python -m scripts bench", *sys.argv[2:]]))


VERBS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "build": (_build, "check the facts and build, validate and publish the package"),
    "site": (_site, "render docs/ from the published package"),
    "verify": (_verify, "check every published file, archived text and citation (what a release's check.py does)"),
    "sqlite": (_sqlite, "write dist/<name>.sqlite with the schema's keys and constraints, and its Datasette metadata"),
    "serve": (_serve, "serve dist/<name>.sqlite with Datasette (building it first when missing or stale)"),
    "release": (_release, "write dist/<name>-<version>.zip, byte-identical for identical files"),
    "cite": (_cite, "print how to cite the published package"),
    "synth": (_synth, "write synthetic inputs N times the real facts (for the benchmark)"),
    "bench": (_bench, "time the pipeline as whole processes"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m scripts", description=__doc__.splitlines()[0])
    verbs = top.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name, (_run, help_text) in VERBS.items():
        sub = verbs.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--root", type=Path, default=ROOT, help="the repository or unpacked package (default: this repository)")
        if name in ("sqlite", "release"):
            sub.add_argument("--out", type=Path, default=None, help="output file (sqlite) or folder (release); default under ROOT/dist")
        if name == "build":
            sub.add_argument("--timings", type=Path, default=None, metavar="FILE", help="write seconds per stage and peak memory as JSON")
        if name == "serve":
            sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
            sub.add_argument("--port", type=int, default=8001, help="port to listen on (default: 8001)")
        if name == "synth":
            sub.add_argument("--factor", type=int, required=True, help="size as a multiple of the real facts (1 = a copy)")
            sub.add_argument("--out", type=Path, required=True, help="folder to write (must not be the repository)")
        if name == "bench":
            sub.add_argument("--runs", type=int, default=5)
            sub.add_argument("--sizes", default="100,1000", help="synthetic sizes, comma-separated multiples of the real facts")
            sub.add_argument("--budget", type=float, default=600.0, help="seconds of builds per size after which no new run starts")
            sub.add_argument("--profile", type=int, default=0, metavar="N", help="only profile one build at size N")
            sub.add_argument("--keep", action="store_true", help="keep the temporary folder")
            sub.add_argument("--readme", action="store_true", help="write the figures into README.md's benchmark block")
            sub.add_argument("--build-python", default=sys.executable, help="the Python that runs the builds (make: .venv's)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return VERBS[args.verb][0](args)


if __name__ == "__main__":
    sys.exit(main())
