"""MLCommons Croissant 1.1 metadata (croissant.json) of the published package, from its datapackage.json.

Croissant is what Hugging Face, Kaggle and Google Dataset Search read: the dataset (licence, citation, creators), every
published file with its SHA-256, and one record set per table, read from its CSV file. A foreign key refers to a record
set "<table>.keys" (the referenced columns, read from the same file, without joins), never to a table's own record set:
mlcroissant 1.1.1 cannot load a record set that refers to itself (sources.derived_from), nor, reliably, one that joins a
record set with joins of its own. The project's venv does not depend on mlcroissant: the tests run it, in .venv-croissant.
"""

from pathlib import Path
from typing import Any

from scripts.model import schema
from scripts.model.files import DESCRIPTOR
from scripts.package.check import sha256_file
from scripts.package.citation import citation_text, creators, release_date
from scripts.package.dictionary import references
from scripts.package.files import write_json
from scripts.package.reader import csv_resources, read_descriptor, read_table, resource

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
KEYS = ".keys"  # suffix of the record sets that references point at
# The @context mlcroissant 1.1.1 writes for Croissant 1.1 (its validator warns about every term a document leaves out),
# inline so that nothing is fetched: its terms in its order, each "cr:<term>" unless given here.
TERMS = (
    "arrayShape citeAs column conformsTo containedIn cr rai data dataType dct description equivalentProperty examples extract "
    "field fileProperty fileObject fileSet format includes isArray isLiveDataset jsonPath key md5 name parentField path "
    "recordSet references regex repeated replace samplingRate sc separator source subField transform"
).split()
SPECIAL_TERMS: dict[str, Any] = {
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "name": {"@container": "@language"},
    "sc": "https://schema.org/",
}
CONTEXT = {"@language": "en", "@vocab": "https://schema.org/"} | {t: SPECIAL_TERMS.get(t, f"cr:{t}") for t in TERMS}
TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean", "date": "sc:Date"}
# mlcroissant reads Parquet only under this media type, not the registered one the descriptor gives: a FileObject lists both.
PARQUET = "application/x-parquet"


def _file_object(root: Path, path: str, media_type: str | list[str], description: str | None = None) -> dict[str, Any]:
    full = root / path
    out: dict[str, Any] = {"@type": "cr:FileObject", "@id": path, "name": path}
    if description:
        out["description"] = description
    return out | {"contentUrl": path, "encodingFormat": media_type, "contentSize": f"{full.stat().st_size} B", "sha256": sha256_file(full)}


def _key(record_set: str, columns: list[str]) -> dict[str, str] | list[dict[str, str]]:
    ids = [{"@id": f"{record_set}/{column}"} for column in columns]
    return ids[0] if len(ids) == 1 else ids


def _field(record_set: str, path: str, field: dict[str, Any], refers: tuple[str, str] | None = None) -> dict[str, Any]:
    out = {
        "@type": "cr:Field",
        "@id": f"{record_set}/{field['name']}",
        "name": field["name"],
        "description": field["description"] + (f" Refers to {refers[0]}.{refers[1]}." if refers else ""),
        "dataType": TYPES[field["type"]],
        "source": {"fileObject": {"@id": path}, "extract": {"column": field["name"]}},
    }
    if refers:
        out["references"] = {"field": {"@id": f"{refers[0]}{KEYS}/{refers[1]}"}}
    return out


def _record_set(resource: dict[str, Any]) -> dict[str, Any]:
    table, schema, refs = resource["name"], resource["schema"], references(resource)
    return {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": resource["description"],
        "key": _key(table, schema["primaryKey"]),
        "field": [_field(table, resource["path"], f, refs.get(f["name"])) for f in schema["fields"]],
    }


def _key_set(resource: dict[str, Any], referenced: set[str]) -> dict[str, Any]:
    """The record set that references to a table point at: the referenced columns, from its own file, without joins."""
    table, name = resource["name"], f"{resource['name']}{KEYS}"
    columns = [f["name"] for f in resource["schema"]["fields"] if f["name"] in referenced]
    out: dict[str, Any] = {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "description": (
            f"The key of {table} ({', '.join(columns)}), one record per record of {table}, read from the same file. "
            f"References to {table} point here rather than at {table} itself, because mlcroissant cannot join a "
            "record set with itself nor, reliably, with a record set that has joins of its own."
        ),
    }
    if resource["schema"]["primaryKey"] == columns:
        out["key"] = _key(name, columns)
    out["field"] = [_field(name, resource["path"], f) for f in resource["schema"]["fields"] if f["name"] in columns]
    return out


def write_croissant(package: Path, target: Path) -> None:
    """Write to target the Croissant JSON-LD of the package in `package` (its datapackage.json, files and archived texts)."""
    d = read_descriptor(package)
    distribution = [_file_object(package, DESCRIPTOR, "application/json", "The Frictionless Data Package descriptor.")]
    for r in d["resources"]:
        media_type = [r["mediatype"], PARQUET] if r["format"] == "parquet" else r["mediatype"]
        distribution.append(_file_object(package, r["path"], media_type, r["title"]))
    distribution += [_file_object(package, f["path"], f["mediatype"], f["title"]) for f in schema.files().values()]
    texts = sorted(s["archive_path"] for s in read_table(package, resource(d, "sources")))
    distribution += [_file_object(package, path, "text/plain") for path in texts]
    resources = csv_resources(d)
    referenced: dict[str, set[str]] = {}
    for r in resources:
        for table, column in references(r).values():
            referenced.setdefault(table, set()).add(column)
    by_name = {r["name"]: r for r in resources}
    key_sets = [_key_set(by_name[table], columns) for table, columns in sorted(referenced.items())]
    licenses = [lic["path"] for lic in d["licenses"]]
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": d["title"],
        "alternateName": d["name"],
        "description": d["description"],
        "version": d["version"],
        "license": licenses[0] if len(licenses) == 1 else licenses,
        "citeAs": citation_text(d),
        "datePublished": release_date(d),
        "creator": [{"@type": "sc:Organization", "name": name} for name in creators(d)],
        "keywords": d["keywords"],
        "isBasedOn": [
            {"@type": "sc:CreativeWork", "name": s["title"]} | ({"url": s["path"]} if s["path"].startswith(("http://", "https://")) else {})
            for s in d["sources"]  # a relative path is an archived text, in the distribution
        ],
        "distribution": distribution,
        "recordSet": [_record_set(r) for r in resources] + key_sets,
    }
    write_json(target, document)
