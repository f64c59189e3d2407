"""All-or-nothing publication, and one lock for everyone who reads or writes the published tree.

A build writes into a staging folder beside the published paths (same file system: renames are atomic), then
moves each staged path over its published one. Before the first rename an intent journal names the folder and
the paths; each replaced path is set aside in the folder first. Should a rename fail, the publication is rolled
back at once; should the process die, whoever next takes the lock rolls it back from the journal. A failed
publication is never completed later: the curator may have changed the facts since. One writer at a time, and
no reader while one writes: an exclusive lock on `.publish.lock`, which the kernel releases when its process dies.
"""

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
OLD = ".old"  # inside the staging folder: the replaced copies, put back on a rollback


class PublishError(Exception):
    """A publication that could not be made or undone, with what to do."""


def _move(src: Path, dst: Path) -> None:
    """One rename: the unit of publication (tests wrap it to kill a publication between two renames)."""
    os.replace(src, dst)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_journal(root: Path) -> dict | None:
    try:
        journal = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise PublishError(f"{JOURNAL} cannot be read ({err}): check the published files (make verify), then remove it") from err
    if not isinstance(journal, dict) or not isinstance(journal.get("stage"), str) or not isinstance(journal.get("names"), list):
        raise PublishError(f"{JOURNAL} is not a publication journal: check the published files (make verify), then remove it")
    if Path(journal["stage"]).name != journal["stage"] or not journal["stage"].startswith(STAGE_PREFIX):
        raise PublishError(f"{JOURNAL} names {journal['stage']!r}, not a staging folder of this tree")
    return journal


def _rollback(root: Path, journal: dict) -> None:
    """Put every replaced path back and take every moved one out, whatever point the publication reached."""
    stage = root / journal["stage"]
    for name in reversed(journal["names"]):
        new, target, old = stage / name, root / name, stage / OLD / name
        if not new.exists() and (target.exists() or target.is_symlink()):  # the new copy was moved: take it out again
            _move(target, new)
        if old.exists() or old.is_symlink():
            _move(old, target)
    (root / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(root)
    shutil.rmtree(stage, ignore_errors=True)


def recover(root: Path) -> str | None:
    """Roll back a publication that was interrupted and remove stray staging folders; says what it did. Under the lock."""
    done = None
    journal = _read_journal(root)
    if journal is not None:
        _rollback(root, journal)
        done = f"rolled back an interrupted publication of {', '.join(journal['names'])}: the files are as before it"
    for stray in root.glob(f"{STAGE_PREFIX}*"):
        if stray.is_dir() and not stray.is_symlink():
            shutil.rmtree(stray, ignore_errors=True)
    (root / f"{JOURNAL}.tmp").unlink(missing_ok=True)
    return done


_HELD: set[Path] = set()  # the roots whose lock this process holds


@contextlib.contextmanager
def locked(root: Path) -> Iterator[str | None]:
    """Exclusive lock on root's publications for the duration, after any interrupted one is rolled back; yields
    what the recovery did (or None). Readers take it too, so that they read one whole publication. Re-entrant in
    one process (flock is not: a second open of the lock file would wait for the first forever)."""
    key = root.resolve()
    if key in _HELD:
        yield None
        return
    lock = root / LOCK
    if lock.is_symlink() or (lock.exists() and not lock.is_file()):
        raise PublishError(f"{lock} is not a plain file: remove it")
    try:
        handle = lock.open("a")
    except OSError as err:
        raise PublishError(f"cannot take the lock {lock}: {err.strerror}") from err
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD.add(key)
        try:
            yield recover(root)
        finally:
            _HELD.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A fresh folder beside the published paths, under the lock; removed on the way out."""
    with locked(root):
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=root))
        try:
            yield stage
        finally:
            if not (root / JOURNAL).exists():  # a journal names this folder only if even the rollback failed: keep it
                shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, root: Path, names: list[str]) -> None:
    """Publish the staged paths `names` (top-level files or folders of stage) over root's, all or nothing."""
    missing = [n for n in names if not (stage / n).exists()]
    if missing:
        raise PublishError(f"nothing staged for {', '.join(missing)}")
    journal = {"stage": stage.name, "names": names}
    tmp = root / f"{JOURNAL}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(journal, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / JOURNAL)
    _fsync_dir(root)
    try:
        (stage / OLD).mkdir()
        for name in names:
            target = root / name
            if target.exists() or target.is_symlink():
                _move(target, stage / OLD / name)
            _move(stage / name, target)
    except BaseException as err:  # a rename refused, or an interrupt: undo what was moved
        _rollback(root, journal)
        if isinstance(err, OSError):
            raise PublishError(f"could not publish ({err}); the published files are as they were") from err
        raise
    (root / JOURNAL).unlink()
    _fsync_dir(root)


def copy_paths(src: Path, names: list[str], target: Path) -> Path:
    """Copy these top-level files and folders of src into target (created): a scratch repository."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        copy = shutil.copytree if (src / name).is_dir() else shutil.copy2
        copy(src / name, target / name)
    return target
