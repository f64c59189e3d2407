"""Shared fixtures: a scratch copy of the repository's inputs, and the build run against it."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from scripts.model.files import INPUTS
from scripts.model.problems import BuildError, Problem
from scripts.model.publish import copy_paths

ROOT = Path(__file__).resolve().parent.parent

# Property tests: 100 examples each in `make test` (the 60-second budget); HYPOTHESIS_PROFILE=thorough for 2,000.
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


def copy_from_repo(names: list[str], target: Path) -> Path:
    return copy_paths(ROOT, names, target)


def fingerprint(root: Path, names: list[str] | None = None) -> dict[str, str]:
    """SHA-256 of every file under root (only under these top-level names, when given), by relative path."""
    from scripts.outputs.verify import fingerprint as by_name  # here: it imports the whole publication

    return by_name(root, names if names is not None else sorted(p.name for p in root.iterdir()))


def copy_inputs(target: Path) -> Path:
    return copy_from_repo(INPUTS, target)


def build_problems(root: Path) -> list[Problem]:
    """The problems the build reports for the inputs in root ([] when it succeeds)."""
    from scripts.outputs.publication import build_and_publish as build  # here: pytest loads this file before any test

    try:
        build(root)
    except BuildError as err:
        return err.problems
    return []


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's inputs built once for the whole run, by the first xdist worker to ask (the others
    wait on a lock and share it); do not modify it: copy it."""
    shared = tmp_path_factory.getbasetemp()  # this run's folder; under xdist, each worker's own folder lies in it
    shared = shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared
    with open(shared / "built.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        root = shared / "built"
        if not (root / "datapackage.json").is_file():
            shutil.rmtree(root, ignore_errors=True)
            assert build_problems(copy_inputs(root)) == []
    return root


# The files that take longest (each runs whole on one xdist worker: --dist loadfile), started first so that the
# workers finish together; xdist's default order (most tests first) left the 45-second downloader test for last.
SLOW_FIRST = [
    "tests/outputs/test_downloader.py",
    "tests/inputs/test_defects.py",
    "tests/package/test_build.py",
    "tests/tools/test_bench.py",
    "tests/outputs/site/test_phone.py",
    "tests/outputs/site/test_page.py",
    "tests/outputs/sqlite/test_serve.py",
    "tests/outputs/site/test_charts.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: i for i, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: the rest keep their order
