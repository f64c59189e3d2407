"""One command line for every stage of the dataset: python -m scripts <verb> [options].

The stages run one way: facts + archive -> build (checks, tables, files, descriptor, validation, README, the data
card) -> one publication -> sqlite, release, serve, which read it. Every verb that reads or writes the published
tree does so under its lock, after rolling back any interrupted publication. A fault ends in a message and a
non-zero exit, never a traceback; long lists of problems are cut ("and N more").
"""

import argparse
import sys

from scripts.tools.venv import MINIMUM  # standard library only, as old a Python as can start it

if sys.version_info < MINIMUM:  # before any import that would fail less clearly
    sys.exit(f"this project needs Python {MINIMUM[0]}.{MINIMUM[1]} or newer; {sys.executable} is {sys.version.split()[0]}")

import json
import resource
import sqlite3
from collections.abc import Callable
from pathlib import Path

from scripts.model.files import ROOT
from scripts.model.problems import BuildError
from scripts.model.publish import PublishError, locked
from scripts.package.check import listed, sha256_file


def _build(args: argparse.Namespace) -> int:
    from scripts.outputs.publication import build_and_publish

    timings: dict[str, float] | None = {} if args.timings else None
    tables = build_and_publish(args.root, timings)
    print("built, validated and published: " + ", ".join(f"{name} {len(rows)}" for name, rows in tables.items()))
    if args.timings:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
        args.timings.write_text(json.dumps({"stages": timings, "peak_bytes": peak}, indent=1) + "\n", encoding="utf-8")
    return 0


def _site(args: argparse.Namespace) -> int:
    from scripts.outputs.publication import publish_site

    print(f"site built: {len(publish_site(args.root))} files in docs/")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from scripts.outputs.verify import verify

    with locked(args.root) as note:
        if note:
            print(f"note: {note}")
        return verify(args.root)


def _serve(args: argparse.Namespace) -> int:
    from scripts.outputs.sqlite.serve import serve

    return serve(args.root, args.host, args.port)


def _release(args: argparse.Namespace) -> int:
    from scripts.outputs.release import release

    with locked(args.root):
        target = release(args.root, args.out or args.root / "dist")
    print(f"wrote {target} ({target.stat().st_size} bytes, sha256 {sha256_file(target)})")
    return 0


def _cite(args: argparse.Namespace) -> int:
    from scripts.package.card import citation
    from scripts.package.reader import read_descriptor

    with locked(args.root):
        print(citation({}, read_descriptor(args.root)), end="")
    return 0


def _synth(args: argparse.Namespace) -> int:
    from scripts.tools.synth import synthesize

    if args.out.resolve() == args.root:
        raise ValueError("refusing to write synthetic inputs over the repository")
    counts = synthesize(args.root, args.out.resolve(), args.factor)
    print(f"wrote {args.out}: " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from scripts.tools.bench import run

    return run(args, args.root)


VERBS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "build": (_build, "check the facts, build and validate the package and its data card, and publish them together"),
    "site": (_site, "render docs/ again from the published package"),
    "verify": (_verify, "check every published file, text, citation and span, and that the facts build exactly them"),
    "serve": (_serve, "serve the published SQLite file with Datasette"),
    "release": (_release, "write dist/<name>-<version>.zip, byte-identical for identical files"),
    "cite": (_cite, "print how to cite the published package"),
    "synth": (_synth, "write synthetic inputs N times the real facts (for the benchmark)"),
    "bench": (_bench, "time the build against frictionless validate, and its growth"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m scripts", description=__doc__.splitlines()[0])
    verbs = top.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name, (_run, help_text) in VERBS.items():
        sub = verbs.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
        if name in ("release", "synth"):
            sub.add_argument("--out", type=Path, required=name == "synth", help="the folder to write into")
        if name == "build":
            sub.add_argument("--timings", type=Path, default=None, metavar="FILE", help="write seconds per stage and peak memory as JSON")
        if name == "serve":
            sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
            sub.add_argument("--port", type=int, default=8001, help="port to listen on (default: 8001)")
        if name == "synth":
            sub.add_argument("--factor", type=int, required=True, help="size as a multiple of the real facts (1 = a copy)")
        if name == "bench":
            sub.add_argument("--runs", type=int, default=3, help="runs of each measurement (their median is reported)")
            sub.add_argument("--write", action="store_true", help="write the figures into CONTRIBUTING.md's benchmark block")
            sub.add_argument("--build-python", default=sys.executable, help="the Python that runs the builds (make: .venv's)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    try:
        return VERBS[args.verb][0](args)
    except BuildError as err:
        print(
            f"{args.verb} failed: {len(err.problems)} problem(s); nothing was published", *listed(err.problems), sep="\n", file=sys.stderr
        )
    except (PublishError, OSError, ValueError, sqlite3.Error) as err:  # the file system, a malformed file, a refused export
        print(f"{args.verb} failed: {err}", file=sys.stderr)
    except RecursionError:
        print(f"{args.verb} failed: an input is nested too deeply", file=sys.stderr)
    except ImportError as err:  # the system Python where an environment is needed
        print(f"{args.verb} needs the build environment ({err}): run it through make, or with .venv/bin/python", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
