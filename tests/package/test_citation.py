"""Citation metadata: CITATION.cff valid under the CFF schema, and one citation everywhere it is shown."""

from __future__ import annotations

import json
import subprocess

import yaml

from scripts.package.card import md
from scripts.package.citation import bibtex, changelog_latest, citation_text, release_date, render_cff
from tests.conftest import ROOT

CFFCONVERT = ROOT / ".venv-cff" / "bin" / "cffconvert"
PACKAGE = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
CFF_TEXT = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
CFF = yaml.safe_load(CFF_TEXT)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def cffconvert_validate(text: str, tmp_path) -> subprocess.CompletedProcess[str]:
    assert CFFCONVERT.is_file(), "the CFF validator's venv is missing: run `make test` (it creates .venv-cff)"
    path = tmp_path / "CITATION.cff"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_cff_is_valid_under_the_cff_schema(tmp_path) -> None:
    done = cffconvert_validate(CFF_TEXT, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "valid according to schema version 1.2.0" in done.stdout


def test_cffconvert_refuses_an_invalid_file(tmp_path) -> None:
    """The validator really validates: an unknown licence id fails it."""
    done = cffconvert_validate(CFF_TEXT.replace('license: "CC-BY-4.0"', 'license: "CC-BY-4.2"'), tmp_path)
    assert done.returncode != 0
    assert "'CC-BY-4.2' is not one of" in done.stderr


def test_citation_cff_is_current_with_datapackage_json() -> None:
    assert render_cff(PACKAGE) == CFF_TEXT, "run: make"


def test_citation_cff_describes_the_dataset() -> None:
    assert CFF["cff-version"] == "1.2.0"
    assert CFF["type"] == "dataset"
    assert CFF["title"] == PACKAGE["title"]
    assert CFF["license"] == "CC-BY-4.0" == PACKAGE["licenses"][0]["name"]
    assert CFF["authors"] == [{"name": "AliExpress Russia JV dataset curators"}]
    assert CFF["keywords"] == PACKAGE["keywords"]
    assert CFF["abstract"] == PACKAGE["description"]


def test_version_agrees_in_datapackage_citation_and_changelog() -> None:
    version, date = changelog_latest((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert PACKAGE["version"] == CFF["version"] == version
    assert release_date(PACKAGE) == CFF["date-released"] == date


def test_changelog_latest_skips_unreleased() -> None:
    text = "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2027-01-02\n\n## [1.0.0] - 2026-11-23\n"
    assert changelog_latest(text) == ("1.1.0", "2027-01-02")


def test_sentence_bibtex_and_cff_agree() -> None:
    sentence, entry = citation_text(PACKAGE), bibtex(PACKAGE)
    author = CFF["authors"][0]["name"]
    year = CFF["date-released"][:4]
    assert sentence.startswith(f"{author} ({year}). {CFF['title']}. Version {CFF['version']} [Data set].")
    assert f"Licensed {CFF['license']}." in sentence
    assert f"author  = {{{{{author}}}}}" in entry
    assert f"title   = {{{{{CFF['title']}}}}}" in entry
    assert f"year    = {{{year}}}" in entry
    assert f"version = {{{CFF['version']}}}" in entry
    assert md(sentence) in README and entry in README
