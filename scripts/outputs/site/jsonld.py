"""schema.org Dataset (JSON-LD) for the data card: what search engines and dataset catalogues read.

Everything comes from the published package: the descriptor (name, version, licence, creators, every
resource and every field), the tables (the events' date bounds, the sources) and the package root
(which files exist). Nothing names a table's file: a resource added to datapackage.json (a workbook, a
BODS file) is listed with the media type it declares.
"""

from __future__ import annotations

from typing import Any

from scripts.model.files import CROISSANT, DESCRIPTOR, sha256_file
from scripts.outputs.site.provenance import PROVENANCE
from scripts.package.citation import citation_text, creators, release_date
from scripts.package.reader import Package

EXTRA_FILES = {  # files of the package root that are not resources, listed when present
    DESCRIPTOR: ("application/json", "The Frictionless Data Package descriptor: every resource's schema, size and SHA-256."),
    CROISSANT: ("application/ld+json", "Croissant (ML Commons) metadata of the dataset."),
}
# The area the data covers, as the sources state it: each place must be named by one excerpt (checked).
PLACES = [("Russia", None), ("Commonwealth of Independent States", "CIS")]


def url(descriptor: dict[str, Any], path: str, prefix: str) -> str:
    """Where a package file is: under the homepage when the package has one, else relative to the page (prefix)."""
    home = descriptor.get("homepage")
    return f"{str(home).rstrip('/')}/{path}" if home else f"{prefix}{path}"


def distribution(package: Package, prefix: str) -> list[dict[str, Any]]:
    """A DataDownload for every resource, then for the descriptor and any other metadata file at the root."""
    d = package.descriptor
    out = []
    for r in d["resources"]:
        path = str(r["path"])
        item: dict[str, Any] = {"@type": "DataDownload", "name": r["name"], "contentUrl": url(d, path, prefix)}
        if r.get("title") or r.get("description"):
            item["description"] = " — ".join(str(r[k]) for k in ("title", "description") if r.get(k))
        if r.get("mediatype"):  # the build declares one on every resource
            item["encodingFormat"] = str(r["mediatype"])
        item["contentSize"] = f"{r.get('bytes') or (package.root / path).stat().st_size} B"
        if str(r.get("hash", "")).startswith("sha256:"):
            item["sha256"] = str(r["hash"]).removeprefix("sha256:")
        out.append(item)
    for name, (fmt, about) in EXTRA_FILES.items():
        file = package.root / name
        if file.is_file():
            out.append(
                {
                    "@type": "DataDownload",
                    "name": name,
                    "description": about,
                    "contentUrl": url(d, name, prefix),
                    "encodingFormat": fmt,
                    "contentSize": f"{file.stat().st_size} B",
                    "sha256": sha256_file(file),
                }
            )
    return out


def temporal_coverage(package: Package) -> str | None:
    """From the earliest to the latest day the events can have happened (ISO 8601 interval of days).

    Read from the table whose rows carry date_start and date_end (the events). An open start ('../X':
    on or before X) has no date_start and gives no earlier bound: it counts from its date_end, never as
    '..', which would claim the data covers all time before X. So the interval starts at the earliest
    bound the data gives any event (a date_start, or an open-start event's date_end if that is earlier).
    """
    for resource in package.csv_resources():
        names = {f["name"] for f in resource["schema"]["fields"]}
        if {"date_start", "date_end"} <= names:
            rows = package.tables[resource["name"]]
            starts = [r["date_start"] or r["date_end"] for r in rows if r["date_start"] or r["date_end"]]
            ends = [r["date_end"] for r in rows if r["date_end"]]
            if starts and ends:
                return f"{min(starts)}/{max(ends)}"
    return None


def spatial_coverage(package: Package) -> list[dict[str, Any]]:
    """Russia and the CIS, each a Place, with the excerpt that names them all (the build stops if none does)."""
    names = [[name, *([alias] if alias else [])] for name, alias in PLACES]
    for c in package.tables["citations"]:
        if all(any(n in c["exact"] for n in variants) for variants in names):
            said = f"{c['source_id']}: “{c['exact']}” (citation {c['citation_id']})"
            return [
                {
                    "@type": "Place",
                    "name": name,
                    **({"alternateName": alias} if alias else {}),
                    "description": f"As the sources state it: {said}",
                }
                for name, alias in PLACES
            ]
    raise ValueError(f"no excerpt names all of {[p for p, _ in PLACES]}: the spatial coverage would not be what the data states")


def variables(package: Package) -> list[dict[str, Any]]:
    """One PropertyValue per field of every table: its name, description, bounds, and its provenance.

    The provenance goes in measurementTechnique (how a value was obtained), as a DefinedTerm: schema.org
    has no additionalProperty on PropertyValue, and propertyID names the variable, not its origin.
    """
    out = []
    for resource in package.csv_resources():
        for f in resource["schema"]["fields"]:
            item: dict[str, Any] = {
                "@type": "PropertyValue",
                "name": f"{resource['name']}.{f['name']}",
                "description": f.get("description", ""),
                "measurementTechnique": {
                    "@type": "DefinedTerm",
                    "termCode": f["provenance"],
                    "name": f"provenance: {f['provenance']}",
                    "description": PROVENANCE[f["provenance"]],
                },
            }
            constraints = f.get("constraints", {})
            if "minimum" in constraints:
                item["minValue"] = constraints["minimum"]
            if "maximum" in constraints:
                item["maxValue"] = constraints["maximum"]
            out.append(item)
    return out


def sources(package: Package, prefix: str) -> list[dict[str, Any]]:
    """The archived news texts the data is based on, each with its archived copy (archivedAt)."""
    out = []
    for s in package.tables["sources"]:
        item: dict[str, Any] = {
            "@type": "NewsArticle",
            "name": s["title"],
            **({"headline": s["headline"]} if s["headline"] else {}),
            "publisher": {"@type": "Organization", "name": s["publisher"]},
            "archivedAt": url(package.descriptor, s["archive_path"], prefix),
        }
        if s["published_start"] == s["published_end"] and not s["published_uncertain"]:
            item["datePublished"] = s["published_start"]
        if s["url"]:
            item["url"] = s["url"]
        out.append(item)
    return out


def json_ld(package: Package, prefix: str) -> dict[str, Any]:
    """The Dataset; links are relative to the page (prefix leads from it to the package root) unless there is a homepage."""
    d = package.descriptor
    day = release_date(d)
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": d["title"],
        "alternateName": d["name"],
        "identifier": f"{d['name']}@{d['version']}",
        "version": d["version"],
        "description": d["description"],
        "license": next(lic["path"] for lic in d.get("licenses", []) if lic.get("path")),
        "keywords": d.get("keywords", []),
        "creator": [{"@type": "Organization", "name": name} for name in creators(d)],
        "dateCreated": day,
        "datePublished": day,
        "isAccessibleForFree": True,
        "citation": citation_text(d),
        "creditText": citation_text(d),
        "spatialCoverage": spatial_coverage(package),
        "variableMeasured": variables(package),
        "distribution": distribution(package, prefix),
        "isBasedOn": sources(package, prefix),
    }
    coverage = temporal_coverage(package)
    if coverage:
        out["temporalCoverage"] = coverage
    if d.get("homepage"):
        out["url"] = d["homepage"]
    return out
