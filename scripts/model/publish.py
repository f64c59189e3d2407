"""All-or-nothing publication: build into a staging folder, then move it over the published paths.

A publication moves several paths (data/, datapackage.json, README.md ...), one rename at a time, so a
process killed between two renames would leave new files beside old ones. Before the first rename an
intent journal (`.publish-journal.json`, naming the staging folder and the paths) is written
atomically; it is removed after the last. Whoever next takes the lock (the next build, site build or
`verify`) finds the journal and completes the publication from the staging folder, which still holds
every path not yet moved: a kill at any instant leaves the old publication (no journal yet) or the new
one (journal written, completed on the next run). Staging folders that no journal names are leftovers
of killed builds and are removed. One publisher at a time: an exclusive lock on `.publish.lock`,
which the kernel releases when its process dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

JOURNAL = ".publish-journal.json"
LOCK = ".publish.lock"
STAGE_PREFIX = ".staging-"
OLD = ".old"  # inside the staging folder: the replaced copies, removed with it


def _move(src: Path, dst: Path) -> None:
    """One rename: the unit of publication (tests wrap it to kill a publication between two renames)."""
    os.replace(src, dst)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_journal(root: Path, stage: Path, names: list[str]) -> None:
    tmp = root / f"{JOURNAL}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump({"stage": stage.name, "names": names}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / JOURNAL)
    _fsync_dir(root)


def _read_journal(root: Path) -> dict | None:
    try:
        return json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _complete(root: Path, stage: Path, names: list[str]) -> None:
    """Move every staged path not yet moved over its published copy; safe to repeat after a kill."""
    for name in names:
        new, target, old = stage / name, root / name, stage / OLD / name
        if not new.exists() and not new.is_symlink():
            continue  # already moved
        if new.is_dir() and target.exists():
            old.parent.mkdir(exist_ok=True)
            _move(target, old)  # a folder cannot be replaced in one rename: set the old one aside first
        _move(new, target)
    (root / JOURNAL).unlink()
    _fsync_dir(root)
    shutil.rmtree(stage, ignore_errors=True)


def recover(root: Path) -> str | None:
    """Complete an interrupted publication and remove stray staging folders; says what it did, if anything.

    Call with the lock held (staging() and verify do).
    """
    done = None
    journal = _read_journal(root)
    if journal is not None:
        _complete(root, root / journal["stage"], journal["names"])
        done = f"completed an interrupted publication of {', '.join(journal['names'])}"
    for stray in root.glob(f"{STAGE_PREFIX}*"):
        shutil.rmtree(stray, ignore_errors=True)
    (root / f"{JOURNAL}.tmp").unlink(missing_ok=True)
    return done


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Exclusive lock on root's publications for the duration."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A fresh folder beside the published paths (same file system, so renames are atomic), under the lock.

    An interrupted earlier publication is completed first. The folder is removed on the way out, unless
    a journal names it (a publication interrupted by an exception: the next run completes it).
    """
    with locked(root):
        recover(root)
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=root))
        try:
            yield stage
        finally:
            journal = _read_journal(root)
            if journal is None or journal["stage"] != stage.name:
                shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, root: Path, names: list[str]) -> None:
    """Publish the staged paths `names` (top-level files or folders of stage) over root's, all or nothing."""
    missing = [n for n in names if not (stage / n).exists()]
    if missing:
        raise FileNotFoundError(f"nothing staged for {', '.join(missing)}")
    _write_journal(root, stage, names)
    _complete(root, stage, names)


def copy_paths(src: Path, names: list[str], target: Path) -> Path:
    """Copy these top-level files and folders of src into target (created): a scratch repository."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (src / name).is_dir():
            shutil.copytree(src / name, target / name)
        else:
            shutil.copy2(src / name, target / name)
    return target
