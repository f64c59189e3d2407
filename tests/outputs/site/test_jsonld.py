"""The data card's schema.org Dataset (JSON-LD): made of properties schema.org defines for each type (a structural
check: pyld is not installed), saying what the package says, and every file it lists is the package's own."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from scripts.model import schema
from scripts.outputs.site.jsonld import json_ld
from scripts.package.citation import citation_text
from scripts.package.reader import load_package
from tests.conftest import ROOT
from tests.outputs.site.conftest import DESCRIPTOR, DOCS, read_csv, resource, table_names

THING = {"@type", "name", "alternateName", "description", "identifier", "url"}
WORK = THING | {"version", "license", "keywords", "creator", "datePublished", "isAccessibleForFree", "citation", "spatialCoverage"}
WORK |= {"temporalCoverage", "isBasedOn", "publisher", "archivedAt"}
ALLOWED = {  # the properties https://schema.org defines for (or inherits into) each type used
    "Dataset": WORK | {"@context", "distribution", "variableMeasured"},
    "DataDownload": WORK | {"contentUrl", "encodingFormat", "contentSize", "sha256"},
    "PropertyValue": THING | {"minValue", "maxValue", "measurementTechnique"},
    "DefinedTerm": THING | {"termCode"},
    "Place": THING,
    "NewsArticle": WORK,
    "Organization": THING,
}


def nodes(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value, *(n for v in value.values() for n in nodes(v))]
    return [n for v in value for n in nodes(v)] if isinstance(value, list) else []


@pytest.fixture(scope="module")
def ld() -> dict[str, Any]:
    return json_ld(load_package(ROOT), "../")  # the card carries exactly this (test_page)


def test_json_ld_uses_only_schema_org_properties_of_each_type(ld: dict[str, Any]) -> None:
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "Dataset"
    for node in nodes(ld):
        assert set(node) <= ALLOWED[node["@type"]], (node["@type"], set(node) - ALLOWED[node["@type"]])


def test_json_ld_says_what_the_package_says(ld: dict[str, Any]) -> None:
    assert (ld["name"], ld["version"], ld["citation"]) == (DESCRIPTOR["title"], DESCRIPTOR["version"], citation_text(DESCRIPTOR))
    assert ld["license"] == DESCRIPTOR["licenses"][0]["path"]
    events = read_csv("events")  # an open start counts from its end: the data does not cover all time before it
    assert ld["temporalCoverage"] == f"{min(e['date_start'] or e['date_end'] for e in events)}/{max(e['date_end'] for e in events)}"
    assert [p["name"] for p in ld["spatialCoverage"]] == ["Russia", "Commonwealth of Independent States"]
    assert all("in Russia and the CIS (Commonwealth of Independent States)" in p["description"] for p in ld["spatialCoverage"])
    variables = [(v["name"], v["measurementTechnique"]["termCode"]) for v in ld["variableMeasured"]]
    assert variables == [(f"{t}.{f['name']}", f["provenance"]) for t in table_names() for f in resource(t)["schema"]["fields"]]


def test_every_file_the_json_ld_lists_is_the_packages_own(ld: dict[str, Any]) -> None:
    """Resolved against the page (docs/index.html), each file is there with the size and SHA-256 listed."""
    names = [r["name"] for r in DESCRIPTOR["resources"]] + [*schema.files(), "datapackage.json", "croissant.json"]
    assert [d["name"] for d in ld["distribution"]] == names
    for d in ld["distribution"]:
        data = (DOCS / d["contentUrl"]).read_bytes()
        assert (d["sha256"], d["contentSize"]) == (hashlib.sha256(data).hexdigest(), f"{len(data)} B"), d["name"]
    assert [(DOCS / s["archivedAt"]).resolve() for s in ld["isBasedOn"]] == [(ROOT / s["archive_path"]) for s in read_csv("sources")]
