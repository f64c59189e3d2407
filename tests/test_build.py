"""The build as a whole: reproducible, committed outputs current, and atomic even when killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.build import PUBLISHED, build
from tests.conftest import ROOT, fingerprint


def test_committed_outputs_are_what_the_inputs_build(built: Path) -> None:
    """`make` on a clean clone changes no file."""
    assert fingerprint(built, PUBLISHED) == fingerprint(ROOT, PUBLISHED)


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "again"
    shutil.copytree(built, root)
    first = fingerprint(root, PUBLISHED)
    build(root)
    assert fingerprint(root, PUBLISHED) == first
    assert len(first) == 3 + 2 * 9  # datapackage.json, README.md, CITATION.cff and 9 tables as CSV and Parquet


def test_command_line_reports_problems_and_exits_non_zero(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    path = root / "facts" / "stakes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("share_exact: 48", "share_exact: 148"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--root", str(root)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "facts/stakes.yaml:" in result.stderr and "record 'alibaba-in-aliexpress-russia'" in result.stderr
    assert "field 'share_exact'" in result.stderr and "nothing was published" in result.stderr


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.5])
def test_a_killed_build_leaves_the_published_files_as_they_were(built: Path, tmp_path: Path, delay: float) -> None:
    """Kill the build at several points (imports, checks, writing, validation); nothing changes."""
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    path = root / "facts" / "events.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Alibaba opens its first office in Russia.", "Alibaba opens its first Russian office."),
        encoding="utf-8",
    )
    before = fingerprint(root, PUBLISHED)
    proc = subprocess.Popen([sys.executable, "-m", "scripts.build", "--root", str(root)], cwd=ROOT, start_new_session=True)
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    after = fingerprint(root, PUBLISHED)
    if proc.returncode == 0:  # it finished before the kill: then it published everything
        assert after["data/events.csv"] != before["data/events.csv"]
    else:
        assert after == before
