"""Make a virtual environment from exact pins, or check that the one there is still right.

Usage: python3 scripts/tools/venv.py VENV REQUIREMENTS [REQUIREMENTS ...]  (the Makefile runs it before
every target that needs a venv; it returns at once when nothing changed).

A venv is right when it was made by this Python (same version and executable) from these exact
requirement files (their SHA-256, -r includes followed) and its install finished: a stamp written
last says so. Otherwise it is removed and made again, so a venv made with another Python, or left
half-installed by an interrupted `make`, never has to be cleaned up by hand. A Python older than
3.11 is refused with a message saying what to do. Standard library only, and written for old
Pythons too, so that it can say so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

MINIMUM = (3, 11)
STAMP = ".made-by.json"


def requirement_files(paths: list[Path]) -> list[Path]:
    """The files and every file they include with -r, in order."""
    out: list[Path] = []
    for path in paths:
        out.append(path)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("-r ", "--requirement ")):
                out += requirement_files([path.parent / line.split(maxsplit=1)[1]])
    return out


def wanted(paths: list[Path]) -> dict[str, object]:
    return {
        "python": sys.version,
        "executable": os.path.realpath(sys.executable),
        "requirements": {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in requirement_files(paths)},
    }


def is_current(venv: Path, stamp: dict[str, object]) -> bool:
    try:
        made = json.loads((venv / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return made == stamp and (venv / "bin" / "python").exists()


def make(venv: Path, paths: list[Path]) -> int:
    if sys.version_info < MINIMUM:
        found = ".".join(map(str, sys.version_info[:3]))
        print(
            f"this project needs Python {MINIMUM[0]}.{MINIMUM[1]} or newer; {sys.executable} is {found}.\n"
            f"Install one and run, for example: make PYTHON=python3.12",
            file=sys.stderr,
        )
        return 2
    stamp = wanted(paths)
    if is_current(venv, stamp):
        return 0
    if venv.exists():
        print(f"{venv}: made by another Python, from other requirements, or not finished: making it again", file=sys.stderr)
        shutil.rmtree(venv)
    print(f"{venv}: installing {', '.join(map(str, paths))} (exact pins)", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
    for path in paths:
        subprocess.run([*pip, "-r", str(path)], check=True)
    (venv / STAMP).write_text(json.dumps(stamp, indent=1), encoding="utf-8")  # last: the install finished
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        return make(Path(argv[0]), [Path(p) for p in argv[1:]])
    except subprocess.CalledProcessError as err:
        print(f"{argv[0]}: {' '.join(err.cmd[:4])} ... failed (exit {err.returncode}); run make again to retry", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
