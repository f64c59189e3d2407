"""Shared fixtures: a scratch copy of the repository's inputs, and the build run against it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.build import build
from scripts.problems import BuildError, Problem

ROOT = Path(__file__).resolve().parent.parent
SHARED_SOURCES = ROOT.parent / "shared" / "sources"
INPUTS = ["facts", "archive", "README.md"]


def copy_from_repo(names: list[str], target: Path) -> Path:
    """Copy these top-level files and folders of the repository into target (created)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        else:
            shutil.copy2(src, target / name)
    return target


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
