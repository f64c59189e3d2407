"""The documents say true things: every path the README, CONTRIBUTING.md, CITATION.cff and the generated files name
exists, the README is short and shows how to validate and load the data first, and datapackage.json passes the
official Data Package v2 profile (from dplib-py, Frictionless' own v2 library; offline)."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import jsonschema

from tests.conftest import ROOT

PATH = re.compile(
    r"(?<![\w/.<{*-])((?:\.?[\w-]+/)+(?:[\w.-]+\.[a-z]{2,7})?|[\w.-]+\.(?:txt|csv|parquet|json|xlsx|sqlite|svg|png|html|py|yaml|md|cff|mjs))(?![\w/<>{}*-])"
)
DOCUMENTS = ["README.md", "CONTRIBUTING.md", "CITATION.cff"]  # CITATION.cff: the generated file whose comment names a path


def named_paths(text: str) -> set[str]:
    """Paths of this repository a document names: in code spans and links, never a URL or a placeholder."""
    text = re.sub(r"https?://\S+", "", text)
    found = {m.group(1).rstrip(".") for m in PATH.finditer(text)}
    media = ("application/", "text/", "image/")  # a media type is no path
    return {p for p in found if "example" not in p and not p.startswith((".venv", "dist/", *media))}  # example: the walk-through's


def test_every_path_a_document_names_exists() -> None:
    for name in DOCUMENTS:
        missing = sorted(p for p in named_paths((ROOT / name).read_text(encoding="utf-8")) if not (ROOT / p).exists())
        assert not missing, f"{name} names {missing}"


def test_the_readme_is_a_short_card_that_shows_how_to_validate_and_load_first() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300
    first = "\n".join(lines[:100])
    assert "frictionless validate datapackage.json" in first and "pd.read_parquet(" in first and "python3 check.py" in first
    assert not re.search(r"\bmake\b", "\n".join(lines)), "the README is also the release's: no make target"


def test_the_descriptor_passes_the_official_data_package_v2_profile() -> None:
    profile = json.loads(files("dplib").joinpath("profiles/2.0/datapackage.json").read_text(encoding="utf-8"))
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(profile).iter_errors(descriptor), key=str)
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]]
    file_resource = {**descriptor, "resources": [*descriptor["resources"], {"name": "x", "type": "file", "path": "data/x.json"}]}
    assert list(jsonschema.Draft7Validator(profile).iter_errors(file_resource)), "the profile refuses a resource of type file"
