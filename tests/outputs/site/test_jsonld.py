"""The data card's schema.org Dataset (JSON-LD): complete, made of properties schema.org defines for each type,
and derived from the package, generic over its resources (test_page checks, in the browser, that the page
carries it and that every file it lists is there when the repository root is served).

pyld is not installed; the check is structural, against the properties schema.org lists for each type used
(https://schema.org/Dataset, DataDownload, PropertyValue, DefinedTerm, Place, NewsArticle, Organization).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scripts.outputs.site.jsonld import json_ld
from scripts.package.citation import citation_text
from scripts.package.reader import load_package
from tests.conftest import ROOT
from tests.outputs.site.conftest import DESCRIPTOR, copy_package, read_csv, table_names

THING = {"@type", "name", "alternateName", "description", "identifier", "url", "sameAs"}
CREATIVE_WORK = THING | {"version", "license", "keywords", "creator", "dateCreated", "datePublished", "isAccessibleForFree", "citation"}
CREATIVE_WORK |= {"creditText", "spatialCoverage", "temporalCoverage", "isBasedOn", "publisher", "headline", "archivedAt"}
ALLOWED = {  # properties schema.org defines for (or inherits into) each type used
    "Dataset": CREATIVE_WORK | {"@context", "distribution", "variableMeasured", "measurementTechnique", "includedInDataCatalog"},
    "DataDownload": CREATIVE_WORK | {"contentUrl", "encodingFormat", "contentSize", "sha256"},
    "PropertyValue": THING | {"propertyID", "value", "minValue", "maxValue", "unitText", "unitCode", "measurementTechnique"},
    "DefinedTerm": THING | {"termCode", "inDefinedTermSet"},
    "Place": THING,
    "NewsArticle": CREATIVE_WORK,
    "Organization": THING,
}
REQUIRED = {
    "Dataset": {"name", "description", "identifier", "version", "license", "creator", "temporalCoverage", "spatialCoverage"}
    | {"variableMeasured", "distribution", "citation", "isBasedOn"},
    "DataDownload": {"contentUrl", "encodingFormat"},
    "PropertyValue": {"name", "description", "measurementTechnique"},
    "DefinedTerm": {"termCode"},
    "Place": {"name"},
    "NewsArticle": {"name", "publisher", "archivedAt"},
    "Organization": {"name"},
}


def nodes(value: Any) -> list[dict[str, Any]]:
    """Every object in the JSON-LD tree."""
    if isinstance(value, dict):
        return [value, *(n for v in value.values() for n in nodes(v))]
    if isinstance(value, list):
        return [n for v in value for n in nodes(v)]
    return []


@pytest.fixture(scope="module")
def ld() -> dict[str, Any]:
    """The JSON-LD of the data card (docs/index.html, so package files are ../<path>), from the published package."""
    return json_ld(load_package(ROOT), "../")


def test_json_ld_uses_only_schema_org_properties_of_each_type(ld: dict[str, Any]) -> None:
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "Dataset"
    for node in nodes(ld):
        kind = node.get("@type")
        assert kind in ALLOWED, node
        assert set(node) <= ALLOWED[kind], (kind, set(node) - ALLOWED[kind])
        assert REQUIRED[kind] <= set(node), (kind, REQUIRED[kind] - set(node))


def test_json_ld_says_what_the_package_says(ld: dict[str, Any]) -> None:
    d = DESCRIPTOR
    assert ld["name"] == d["title"] and ld["version"] == d["version"]
    assert ld["identifier"] == f"{d['name']}@{d['version']}"
    assert ld["license"] == d["licenses"][0]["path"] and ld["license"].startswith("https://")
    assert [c["name"] for c in ld["creator"]] == [c["title"] for c in d["contributors"] if "creator" in c["roles"]]
    assert ld["citation"] == citation_text(d)
    # the events' bounds, by hand from the CSV: an open start counts from its date_end
    events = read_csv("events")
    first = min(e["date_start"] or e["date_end"] for e in events)
    assert ld["temporalCoverage"] == f"{first}/{max(e['date_end'] for e in events)}" == "1999-01-01/2018-09-11"
    places = ld["spatialCoverage"]
    assert [p["name"] for p in places] == ["Russia", "Commonwealth of Independent States"] and places[1]["alternateName"] == "CIS"
    stated = "in Russia and the CIS (Commonwealth of Independent States)"
    assert all(stated in p["description"] for p in places)  # with the excerpt that says so
    assert any(stated in c["exact"] for c in read_csv("citations"))
    sources = read_csv("sources")
    assert [s["name"] for s in ld["isBasedOn"]] == [s["title"] for s in sources]


def test_json_ld_has_a_variable_per_field_with_its_provenance(ld: dict[str, Any]) -> None:
    variables = ld["variableMeasured"]
    expected = [
        (f"{name}.{f['name']}", f["description"], f["provenance"])
        for name in table_names()
        for f in next(r for r in DESCRIPTOR["resources"] if r["name"] == name)["schema"]["fields"]
    ]
    assert [(v["name"], v["description"], v["measurementTechnique"]["termCode"]) for v in variables] == expected
    share = next(v for v in variables if v["name"] == "stakes.share_exact")
    assert (share["minValue"], share["maxValue"]) == (0, 100)


def test_json_ld_lists_every_published_file(ld: dict[str, Any]) -> None:
    downloads_ = {d["name"]: d for d in ld["distribution"]}
    assert list(downloads_) == [r["name"] for r in DESCRIPTOR["resources"]] + ["datapackage.json", "croissant.json"]
    for r in DESCRIPTOR["resources"]:
        assert downloads_[r["name"]]["encodingFormat"] == r["mediatype"]
        assert downloads_[r["name"]]["sha256"] == r["hash"].removeprefix("sha256:")
        assert downloads_[r["name"]]["contentUrl"] == "../" + r["path"]  # from docs/index.html to the package root
    expected = {r["mediatype"] for r in DESCRIPTOR["resources"]} | {"application/json", "application/ld+json"}
    assert {d["encodingFormat"] for d in ld["distribution"]} == expected
    assert [s["archivedAt"] for s in ld["isBasedOn"]] == ["../" + s["archive_path"] for s in read_csv("sources")]


def test_json_ld_takes_any_resource_the_descriptor_declares(tmp_path: Path) -> None:
    """A workbook and a BODS file added as resources, and a croissant.json at the root, appear with their media types;
    nothing in the site names them."""
    root = package_with_more_files(tmp_path)
    package = load_package(root)
    listed = {d["name"]: d for d in json_ld(package, "../")["distribution"]}
    assert listed["workbook"]["encodingFormat"] == XLSX and listed["workbook"]["contentUrl"] == "../data/aliexpress-russia-jv.xlsx"
    assert listed["bods"]["encodingFormat"] == "application/json" and listed["bods"]["contentSize"] == "2 B"
    assert listed["croissant.json"]["encodingFormat"] == "application/ld+json"
    assert listed["croissant.json"]["contentUrl"] == "../croissant.json"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def package_with_more_files(tmp_path: Path) -> Path:
    """A package copy with a workbook and a BODS file as resources, and a croissant.json at its root."""
    root = copy_package(tmp_path / "pkg")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    extra = [
        {"name": "workbook", "path": "data/aliexpress-russia-jv.xlsx", "title": "All tables in one workbook", "mediatype": XLSX},
        {"name": "bods", "path": "data/bods.json", "title": "Beneficial ownership statements", "mediatype": "application/json"},
    ]
    descriptor["resources"] += extra
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (root / "data" / "aliexpress-russia-jv.xlsx").write_bytes(b"PK\x03\x04 workbook")
    (root / "data" / "bods.json").write_text("[]", encoding="utf-8")
    (root / "croissant.json").write_text("{}", encoding="utf-8")
    return root
