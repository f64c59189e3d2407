"""Shared fixtures: a scratch copy of the repository's inputs, and the build run against it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import settings

from scripts.model.problems import BuildError, Problem
from scripts.model.publish import copy_paths
from scripts.outputs.publication import build_and_publish as build
from scripts.package.build import INPUTS

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
    tops = [root / n for n in names] if names is not None else [root]
    paths = sorted(p for top in tops for p in (top.rglob("*") if top.is_dir() else [top]))
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def copy_inputs(target: Path) -> Path:
    return copy_from_repo(INPUTS, target)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder laid out like the repository (facts, archive, README), for builds that must not touch ours."""
    return copy_inputs(tmp_path / "repo")


def build_problems(root: Path) -> list[Problem]:
    """The problems the build reports for the inputs in root ([] when it succeeds)."""
    try:
        build(root)
    except BuildError as err:
        return err.problems
    return []


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's inputs built once (do not modify it: copy it)."""
    root = copy_inputs(tmp_path_factory.mktemp("built"))
    build(root)
    return root


# The files that take longest (each runs whole on one xdist worker: --dist loadfile), started first so that the
# workers finish together; xdist's default order (most tests first) left the 45-second downloader test for last.
SLOW_FIRST = [
    "tests/outputs/test_downloader.py",
    "tests/outputs/site/test_page.py",
    "tests/package/test_croissant.py",
    "tests/outputs/site/test_phone.py",
    "tests/package/test_js_readers.py",
    "tests/package/test_package.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: i for i, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: the rest keep their order
