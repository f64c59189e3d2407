"""Atomic publishing: build into a staging folder, replace the published files only at the end."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A fresh folder beside the published files (same file system, so renames are atomic)."""
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, root: Path, names: list[str]) -> None:
    """Move each staged file or folder over its published copy.

    Files are replaced with os.replace (atomic); a folder is swapped with two renames, the old copy
    removed only once the new one is in place.
    """
    for name in names:
        new, target = stage / name, root / name
        if new.is_dir():
            old = stage / f".old-{name}"
            if target.exists():
                os.rename(target, old)
            os.rename(new, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(new, target)


def copy_paths(src: Path, names: list[str], target: Path) -> Path:
    """Copy these top-level files and folders of src into target (created): a scratch repository."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (src / name).is_dir():
            shutil.copytree(src / name, target / name)
        else:
            shutil.copy2(src / name, target / name)
    return target
