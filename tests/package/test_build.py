"""The build as a whole: reproducible, committed outputs current, and atomic even when killed."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.__main__ import main as cli
from scripts.model import publish as publish_module
from scripts.model import schema
from scripts.model.files import PUBLISHED
from scripts.package.build import build
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
    resources = len(json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    expected = 2 * len(schema.table_names()) + len(schema.files())  # every table twice, and the file resources
    assert len(first) == 4 + resources == 4 + expected  # with datapackage.json, croissant.json, README.md, CITATION.cff


def test_command_line_reports_problems_and_exits_non_zero(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    path = root / "facts" / "stakes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("share_exact: 48", "share_exact: 148"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scripts", "build", "--root", str(root)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "facts/stakes.yaml:" in result.stderr and "record 'alibaba-in-aliexpress-russia'" in result.stderr
    assert "field 'share_exact'" in result.stderr and "nothing was published" in result.stderr


class Killed(BaseException):
    """Stands for SIGKILL: an exception no code of the build catches."""


def _edit_events(root: Path) -> None:
    path = root / "facts" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Alibaba opens its first office in Russia.", "Alibaba opens its first Russian office."), encoding="utf-8")


def _kill_after(monkeypatch: pytest.MonkeyPatch, renames: int) -> list[int]:
    """Make the publication die right after its n-th rename; returns the list of renames done."""
    done: list[int] = []
    real = publish_module._move

    def move(src: Path, dst: Path) -> None:
        real(src, dst)
        done.append(1)
        if len(done) == renames:
            raise Killed

    monkeypatch.setattr(publish_module, "_move", move)
    return done


@pytest.fixture(scope="module")
def old_and_new(built: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """Fingerprints of the published paths before and after a build of edited facts."""
    root = tmp_path_factory.mktemp("new") / "repo"
    shutil.copytree(built, root)
    _edit_events(root)
    build(root)
    return fingerprint(built, PUBLISHED), fingerprint(root, PUBLISHED)


def test_a_build_killed_after_any_rename_is_completed_by_the_next_run(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_and_new: tuple[dict[str, str], dict[str, str]]
) -> None:
    """Kill the publication after each single rename in turn; the next run (here `verify`) completes it exactly."""
    _old, new = old_and_new
    renames = 0
    while True:
        renames += 1
        root = tmp_path / f"kill-{renames}"
        shutil.copytree(built, root)
        _edit_events(root)
        done = _kill_after(monkeypatch, renames)
        try:
            build(root)
        except Killed:
            pass
        monkeypatch.undo()
        if len(done) < renames:  # the publication needs fewer renames: every boundary was tried
            assert fingerprint(root, PUBLISHED) == new
            break
        assert (root / publish_module.JOURNAL).exists(), "a publication was cut short without its journal"
        assert cli(["verify", "--root", str(root)]) == 0
        assert fingerprint(root, PUBLISHED) == new, f"killed after rename {renames}: not the new publication"
        assert not list(root.glob(".staging-*")), "the staging folder was left behind"
    assert renames > len(PUBLISHED), "every published path was renamed at least once"


def test_a_build_killed_before_its_journal_leaves_the_old_publication(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_and_new: tuple[dict[str, str], dict[str, str]]
) -> None:
    old, _new = old_and_new
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    _edit_events(root)

    def die(*_args: object) -> None:
        raise Killed

    monkeypatch.setattr(publish_module, "_write_journal", die)
    with pytest.raises(Killed):
        build(root)
    monkeypatch.undo()
    assert fingerprint(root, PUBLISHED) == old
    (root / ".staging-left-by-a-kill").mkdir()  # what a SIGKILL (which runs no clean-up) leaves
    with publish_module.staging(root):
        pass
    assert not list(root.glob(".staging-*"))


def test_a_real_sigkill_between_two_renames_is_completed_by_the_next_build(
    built: Path, tmp_path: Path, old_and_new: tuple[dict[str, str], dict[str, str]]
) -> None:
    """The same with a real SIGKILL of a build process, after its first rename (the old data/ set aside)."""
    _old, new = old_and_new
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    _edit_events(root)
    program = (
        "import os, signal, sys\n"
        "from scripts.model import publish\n"
        "from scripts.__main__ import main\n"
        "real, n = publish._move, []\n"
        "def move(src, dst):\n"
        "    real(src, dst); n.append(1)\n"
        "    if len(n) == 1: os.kill(os.getpid(), signal.SIGKILL)\n"
        "publish._move = move\n"
        "sys.exit(main(['build', '--root', sys.argv[1]]))\n"
    )
    result = subprocess.run([sys.executable, "-c", program, str(root)], cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == -signal.SIGKILL
    assert not (root / "data").exists(), "killed with data/ set aside and the new one not yet in place"
    build(root)
    assert fingerprint(root, PUBLISHED) == new
    assert not list(root.glob(".staging-*")) and not (root / publish_module.JOURNAL).exists()
