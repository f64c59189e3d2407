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
from scripts.model.files import BUILT, PUBLISHED, SITE
from scripts.outputs.publication import build_and_publish as build
from scripts.outputs.release import TOP_FILES
from tests.conftest import ROOT, fingerprint


def test_every_output_is_what_the_committed_inputs_build_byte_for_byte_run_after_run(built: Path, tmp_path: Path) -> None:
    """`make` on a clean clone changes no file; a second build (package, SQLite, card) and release give the same bytes."""
    assert fingerprint(built, BUILT) == fingerprint(ROOT, BUILT)
    root = tmp_path / "again"
    shutil.copytree(built, root)
    build(root)
    assert fingerprint(root, BUILT) == fingerprint(built, BUILT)
    for name in set(TOP_FILES) - set(PUBLISHED):  # what a release ships beside the publication
        shutil.copy(ROOT / name, root / name)
    outputs = []
    for n in (1, 2):
        assert cli(["release", "--root", str(root), "--out", str(tmp_path / f"zip{n}")]) == 0
        outputs.append({path: digest for path, digest in fingerprint(tmp_path / f"zip{n}").items() if path.endswith(".zip")})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 1
    resources = len(json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert resources == 2 * len(schema.table_names())  # every table twice (CSV and Parquet), and nothing else


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


def _edit_events(root: Path) -> None:
    path = root / "facts" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Alibaba opens its first office in Russia.", "Alibaba opens its first Russian office."), encoding="utf-8")


class Killed(BaseException):
    """Stands for SIGKILL: an exception no code of the publication catches."""


def _tree(root: Path, label: str) -> dict[str, str]:
    """A published tree in miniature: a folder and two files, each saying which publication it is."""
    (root / "data").mkdir(parents=True)
    for rel in ("data/t.csv", "datapackage.json", "README.md"):
        (root / rel).write_text(f"{label} {rel}\n", encoding="utf-8")
    return fingerprint(root, NAMES)


NAMES = ["data", "datapackage.json", "README.md", "docs"]  # docs/: new in the second publication


@pytest.mark.parametrize("renames", range(1, 8))
def test_a_publication_killed_after_any_rename_is_rolled_back_by_the_next_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames: int
) -> None:
    root = tmp_path / "repo"
    old = _tree(root, "old")
    real, done = publish_module._move, []

    def move(src: Path, dst: Path) -> None:
        real(src, dst)
        done.append(1)
        if len(done) == renames:
            raise Killed

    monkeypatch.setattr(publish_module, "_move", move)
    monkeypatch.setattr(publish_module, "_rollback", lambda *_: None)  # a SIGKILL leaves no time to roll back
    with pytest.raises(Killed), publish_module.staging(root) as stage:
        _tree(stage, "new")
        (stage / "docs").mkdir()
        (stage / "docs" / "index.html").write_text("new card\n", encoding="utf-8")
        publish_module.publish(stage, root, NAMES)
    monkeypatch.undo()
    assert (root / publish_module.JOURNAL).exists()
    with publish_module.locked(root) as note:
        assert note and "rolled back" in note
    assert fingerprint(root, NAMES) == old and not list(root.glob(".staging-*")) and not (root / publish_module.JOURNAL).exists()


def test_a_rename_that_fails_is_rolled_back_at_once_and_never_completed_later(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    old = _tree(root, "old")
    real, done = publish_module._move, []

    def move(src: Path, dst: Path) -> None:  # a read-only folder, a full disk: the third rename is refused
        done.append(1)
        if len(done) == 3:
            raise PermissionError(13, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(publish_module, "_move", move)
    with publish_module.staging(root) as stage:
        _tree(stage, "new")
        (stage / "docs").mkdir()
        with pytest.raises(publish_module.PublishError, match=r"Permission denied.*as they were"):
            publish_module.publish(stage, root, NAMES)
    monkeypatch.undo()
    assert fingerprint(root, NAMES) == old and not (root / publish_module.JOURNAL).exists() and not list(root.glob(".staging-*"))
    with publish_module.locked(root) as note:
        assert note is None  # nothing left for a later run to complete


def test_a_real_sigkill_of_a_build_leaves_the_old_publication_and_the_next_build_the_new(built: Path, tmp_path: Path) -> None:
    old = fingerprint(built, BUILT)
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
        "    if len(n) == 3: os.kill(os.getpid(), signal.SIGKILL)\n"
        "publish._move = move\n"
        "sys.exit(main(['build', '--root', sys.argv[1]]))\n"
    )
    result = subprocess.run([sys.executable, "-c", program, str(root)], cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == -signal.SIGKILL
    with publish_module.locked(root) as note:  # what every verb does first
        assert note and "rolled back" in note
    assert fingerprint(root, BUILT) == old
    build(root)
    assert "Alibaba opens its first Russian office." in (root / "data" / "events.csv").read_text(encoding="utf-8")
    assert "Alibaba opens its first Russian office." in (root / SITE / "index.html").read_text(encoding="utf-8")
    assert not list(root.glob(".staging-*")) and not (root / publish_module.JOURNAL).exists()


FAULTS = {  # what breaks the tree -> the verb run, and what its message must say
    "a corrupt publication journal": (
        lambda r: (r / publish_module.JOURNAL).write_text("{not json", encoding="utf-8"),
        "release",
        "cannot be read",
    ),
    "a lock path that is a folder": (
        lambda r: [(r / publish_module.LOCK).unlink(), (r / publish_module.LOCK).mkdir()],
        "release",
        "not a plain file",
    ),
    "a journal naming a path out of the tree": (
        lambda r: (r / publish_module.JOURNAL).write_text('{"stage": "../x", "names": ["data"]}', encoding="utf-8"),
        "verify",
        "not a staging",
    ),
    "a junk facts file of 20,000 problems": (
        lambda r: (r / "facts" / "quotes.yaml").write_text("- {quote_id: x}\n" * 20000, encoding="utf-8"),
        "build",
        "0 more\n",
    ),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_every_fault_ends_in_a_short_message_and_a_non_zero_exit(
    built: Path, tmp_path: Path, fault: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run in this process (the test above runs the command line itself): a traceback would be an exception here."""
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    before = fingerprint(root, BUILT)
    mutate, verb, message = FAULTS[fault]
    mutate(root)
    assert cli([verb, "--root", str(root)]) == 1
    stderr = capsys.readouterr().err
    assert message in stderr and len(stderr.splitlines()) <= 60 and fingerprint(root, BUILT) == before, stderr[-2000:]
