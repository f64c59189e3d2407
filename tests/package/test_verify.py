"""`make verify`: one altered byte in any kind of published or archived file is caught, by file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scripts.__main__ import main
from scripts.package.verify import verify
from tests.conftest import ROOT

KINDS = [
    "data/stakes.csv",
    "data/events.parquet",
    "data/citations.parquet",
    "archive/warc-2018-alibaba-advanced-negotiations-russia-jv.txt",
]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in ("data", "archive"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy2(ROOT / "datapackage.json", tmp_path)
    return tmp_path


def test_the_published_copy_verifies(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    count, findings, notes = verify(copy)
    assert (findings, notes) == ([], [])
    resources = len(json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert count == resources + 5  # every resource and the five archived texts
    assert main(["verify", "--root", str(copy)]) == 0
    assert f"verified: {resources + 5} files" in capsys.readouterr().out


@pytest.mark.parametrize("rel", KINDS)
def test_one_altered_byte_is_caught_and_named(copy: Path, rel: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy / rel
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))
    _, findings, _ = verify(copy)
    assert [f.path for f in findings] == [rel]
    assert "altered" in findings[0].message
    assert main(["verify", "--root", str(copy)]) == 1
    assert rel in capsys.readouterr().err


def test_a_missing_file_is_caught(copy: Path) -> None:
    (copy / "data" / "quotes.parquet").unlink()
    assert [(f.path, f.message) for f in verify(copy)[1]] == [("data/quotes.parquet", "missing")]


def test_a_resource_without_a_hash_is_refused(copy: Path) -> None:
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    del descriptor["resources"][3]["hash"]
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert "records no sha256 hash" in verify(copy)[1][0].message


def test_a_release_without_the_archive_verifies_the_data_and_says_so(copy: Path) -> None:
    shutil.rmtree(copy / "archive")
    count, findings, notes = verify(copy)
    resources = len(json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert (count, findings) == (resources, [])
    assert notes == ["archive/ is not in this copy: the source texts were not checked"]
