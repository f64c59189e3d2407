"""schema.org Dataset (JSON-LD) for the data card: what search engines and dataset catalogues read. All of it from
the published package, its tables and the files at its root; links are relative to the page (prefix leads to the root)."""

from typing import Any

from scripts.model import schema
from scripts.model.files import CROISSANT, DESCRIPTOR
from scripts.package.check import sha256_file
from scripts.package.citation import citation_text, creators, release_date
from scripts.package.reader import Package, csv_resources

METADATA = {  # files at the package root that are not resources
    DESCRIPTOR: ("application/json", "The Frictionless Data Package descriptor: every resource's schema, size and SHA-256."),
    CROISSANT: ("application/ld+json", "Croissant (ML Commons) metadata of the dataset."),
}
PLACES = {"Russia": None, "Commonwealth of Independent States": "CIS"}  # the area covered: one excerpt must name them all


def json_ld(package: Package, prefix: str) -> dict[str, Any]:
    """The Dataset, with a DataDownload per resource and metadata file, a PropertyValue per field, a NewsArticle per source."""
    d, root, events = package.descriptor, package.root, package.tables["events"]
    said = [c for c in package.tables["citations"] if all(p in c["exact"] for p in PLACES)]
    if not said:
        raise ValueError(f"no excerpt names all of {list(PLACES)}: the spatial coverage would not be what the data states")
    where = f"As the sources state it: {said[0]['source_id']}: “{said[0]['exact']}” (citation {said[0]['citation_id']})"
    files = [
        (r["name"], r["path"], r["mediatype"], f"{r['title']} — {r['description']}", r["hash"].removeprefix("sha256:"))
        for r in d["resources"]
    ]
    files += [
        (name, f["path"], f["mediatype"], f"{f['title']} — {f['description']}", sha256_file(root / f["path"]))
        for name, f in schema.files().items()
    ]
    files += [(name, name, kind, about, sha256_file(root / name)) for name, (kind, about) in METADATA.items()]
    meaning = schema.provenance()
    variables = [
        {"@type": "PropertyValue", "name": f"{r['name']}.{f['name']}", "description": f.get("description", "")}
        | {"measurementTechnique": {"@type": "DefinedTerm", "termCode": f["provenance"], "description": meaning[f["provenance"]]}}
        | {k: f["constraints"][c] for k, c in (("minValue", "minimum"), ("maxValue", "maximum")) if c in f.get("constraints", {})}
        for r in csv_resources(package.descriptor)
        for f in r["schema"]["fields"]
    ]
    sources = [
        {"@type": "NewsArticle", "name": s["title"], "publisher": {"@type": "Organization", "name": s["publisher"]}}
        | {"archivedAt": prefix + s["archive_path"], **({"url": s["url"]} if s["url"] else {})}
        | ({"datePublished": s["published_start"]} if s["published_start"] == s["published_end"] and not s["published_uncertain"] else {})
        for s in package.tables["sources"]
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": d["title"],
        "alternateName": d["name"],
        "identifier": f"{d['name']}@{d['version']}",
        "version": d["version"],
        "description": d["description"],
        "license": d["licenses"][0]["path"],
        "keywords": d["keywords"],
        "creator": [{"@type": "Organization", "name": name} for name in creators(d)],
        "datePublished": release_date(d),
        "isAccessibleForFree": True,
        "citation": citation_text(d),
        # from the earliest day any event can have happened (an open start counts from its end) to the latest
        "temporalCoverage": f"{min(e['date_start'] or e['date_end'] for e in events)}/{max(e['date_end'] for e in events)}",
        "spatialCoverage": [
            {"@type": "Place", "name": p, **({"alternateName": a} if a else {}), "description": where} for p, a in PLACES.items()
        ],
        "variableMeasured": variables,
        "distribution": [
            {"@type": "DataDownload", "name": name, "description": about, "contentUrl": prefix + path, "encodingFormat": kind}
            | {"contentSize": f"{(root / path).stat().st_size} B", "sha256": sha256}
            for name, path, kind, about, sha256 in files
        ],
        "isBasedOn": sources,
    }
