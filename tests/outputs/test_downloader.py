"""What a downloader does, from the release zip alone: the README's commands exactly as printed, in a fresh
virtual environment with nothing else installed, then the README's Python snippets; and every path the README
names is in the release.

The commands are extracted from README.md (never copied here), and run by the system's Python in a
bare environment (PATH=/usr/bin:/bin, no variable of this test run), inside the unpacked release.
pip fetches from PyPI (or its cache), as it would for the downloader.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from scripts.outputs.release import release
from scripts.outputs.site.readme import code_blocks, install_commands
from scripts.tools.venv import MINIMUM
from tests.conftest import ROOT
from tests.test_docs import named_paths

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release, unpacked, with the README's install and validate commands already run in it."""
    zipped = release(ROOT, tmp_path_factory.mktemp("dist"))
    folder = tmp_path_factory.mktemp("downloader")
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(folder)
    (top,) = folder.iterdir()
    return top


def bare_environment() -> dict[str, str]:
    """A downloader's shell: the system's programs, a home for pip's cache, nothing of this test run (but pip told not
    to compile bytecode ahead, which Python does on first import anyway: 4 s less)."""
    return {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8", "PIP_NO_COMPILE": "1"}


@pytest.fixture(scope="module")
def installed(unpacked: Path) -> subprocess.CompletedProcess[str]:
    commands = "\n".join(code_blocks(README, "sh"))  # every shell block (the first is the one the data card shows)
    assert commands.startswith(install_commands(README))
    return subprocess.run(
        ["/bin/bash", "-euo", "pipefail", "-c", commands],
        cwd=unpacked,
        env=bare_environment(),
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_readmes_install_and_validate_commands_work_as_printed(installed: subprocess.CompletedProcess[str], unpacked: Path) -> None:
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert "All match." in installed.stdout and "citations at their offsets" in installed.stdout, "check.py ran"
    # frictionless' table output: a VALID line for the package, no INVALID anywhere (its exit status, 0, ended the script)
    assert re.search(r"\bVALID\b", installed.stdout) and "INVALID" not in installed.stdout, "frictionless validated the package"
    paths = [r["path"] for r in json.loads((unpacked / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
    lines = installed.stdout.splitlines()
    for path in paths:  # a row per resource, with its path and status
        assert any(f" {path} " in line and re.search(r"\bVALID\b", line) for line in lines), f"{path} is not VALID in the report"


def test_the_readmes_python_snippets_run_in_that_environment(installed: subprocess.CompletedProcess[str], unpacked: Path) -> None:
    assert installed.returncode == 0, "the install failed (see the test above)"
    snippets = code_blocks(README, "python")
    assert len(snippets) == 2
    for snippet in snippets:
        done = subprocess.run(
            [str(unpacked / ".venv" / "bin" / "python"), "-c", snippet],
            cwd=unpacked,
            capture_output=True,
            text=True,
            env=bare_environment(),
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Alibaba Group" in done.stdout or "jurnalis: '24 percent by MegaFon' (number)" in done.stdout, done.stdout


def test_every_path_the_readme_names_is_in_the_release_and_no_make_target(unpacked: Path) -> None:
    shipped = (unpacked / "README.md").read_text(encoding="utf-8")
    assert not sorted(p for p in named_paths(shipped) if not (unpacked / p).exists())
    assert not re.search(r"\bmake\b", shipped)
    assert f"Python {MINIMUM[0]}.{MINIMUM[1]} or newer" in " ".join(shipped.split())
