"""MLCommons Croissant metadata (croissant.json) for the published package, from its datapackage.json.

`croissant(root)` returns the Croissant 1.1 JSON-LD of the package at `root` as a dict; `render()`
turns it into text and `write_croissant()` writes it (UTF-8, indent 2, keys in a fixed order,
trailing newline: byte-identical for the same package). The build writes croissant.json at the
root of the repository, in the same publication as the package it describes.

It reads only the published package: datapackage.json, and the files it lists (for their SHA-256,
which must agree with the `sha256:` hash the descriptor records for a resource, else ValueError).
The project venv does not depend on mlcroissant: the tests check the output with mlcroissant's own
`validate` and load every record set (tests/package/test_croissant.py, in the separate
.venv-croissant). The generator is generic over resources and fields: it names no table or
column, and ignores field properties it does not know (such as a `provenance` property).

What is written:

- The Dataset: name (the title), alternateName (the package name), description, version, license
  (URL), url (the homepage, only when the descriptor has one), citeAs (the sentence of
  scripts/citation.py's citation_text), creator, datePublished (the day of `created`), keywords,
  isBasedOn (the descriptor's `sources`), conformsTo.
- One cr:FileObject per published file, with its relative contentUrl, encodingFormat, contentSize
  and sha256: datapackage.json, every resource (CSV and Parquet), and the archived texts (see
  "Linked files" below).
- One cr:RecordSet per table (per CSV resource), one cr:Field per column: dataType from the Table
  Schema type (TYPES), the column's description, and a source extracting the column from the
  table's CSV FileObject. The primary key is the record set's `key`; each foreign key column has
  `references` (see the key record sets below) and says in its description which column it refers to.

CSV or Parquet. The record sets read the CSV files. mlcroissant 1.1.1 reads Parquet only with its
optional `parquet` extra (pyarrow; a plain `pip install mlcroissant` raises ImportError), and only
under the media type application/x-parquet, not the registered application/vnd.apache.parquet
that the descriptor uses: the Parquet FileObjects carry both types, so that its reader finds the
one it knows. The tests load every record set a second time with its source switched to the
Parquet file and get the same records, value for value; a second record set per table would only
make every consumer list each table twice. One caveat of reading CSV: mlcroissant reads it with
pandas' default type inference and NA strings, so a text cell "NA", "None" or "null" would load as
None, and a text column of digits as numbers ("007" as "7", or "7.0" when the column has empty
cells); Parquet keeps them. No cell of this package is affected (the tests compare every cell with
the CSV); if one ever is, the record sets should read the Parquet files instead.

Two limits of mlcroissant 1.1.1's loader, and how the output is shaped around them (each is
reproduced by the tests, so that a later mlcroissant that lifts one shows up):

(a) A table that references itself (sources.derived_from -> sources.source_id). A field with
    `references` makes the loader join the record set's file with the referenced record set, so a
    reference into the field's own record set makes its operation graph cyclic: `validate` passes,
    but loading that record set, or any record set that references it, fails with networkx's
    NetworkXUnfeasible "Graph contains a cycle or graph changed during iteration".
(b) One mlcroissant Dataset object used for several record sets (the natural loop over
    `ds.metadata.record_sets`). The loader keeps each operation's output on the Dataset object,
    and the output of the record set just read is kept as a spent generator. When a record set
    that has joins of its own (events, which references disagreements) is read first, a later
    record set that joins it (event_parties) fails: "Join(event_parties)" raises AttributeError
    "'generator' object has no attribute 'columns'". In the other order the joined record set's
    output is kept as a DataFrame, and reading events afterwards silently yields its 13 column
    names instead of its 20 rows. A record set without joins is read by a streaming path that
    keeps nothing, and is safe to join and to read in any order.

Both are avoided the same way: references never point at a table's own record set but at a key
record set, "<table>.keys", that reads only the referenced column(s) from the same CSV file and has
no joins. A self-reference is then a join with another record set, and every join input is a
record set without joins, so one Dataset object reads all record sets in any order (the tests
read them in document order and in reverse, and compare with a fresh Dataset per record set). Two record sets
reading one FileObject is fine in 1.1.1. The price: one extra record set per referenced table, whose
name and description say what it is. What stays: reading the same record set twice from one
Dataset object yields nothing the second time (use a new Dataset object), and mlcroissant's join
performs only the first of a record set's references (a left join on a key: it adds columns, never
changes the rows).

Linked files: besides the resources, a file is published when the descriptor's `sources` give its
relative path, or when a string column names it: a column with at least one value that is the
relative path of a file in the package (sources.archive_path) must name existing files in every
non-empty cell, else ValueError. A copy without those files (a package copied without archive/)
simply lists none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from scripts.model.files import DESCRIPTOR, sha256_file
from scripts.model.schema import Tables
from scripts.package.citation import citation_text, creators, release_date
from scripts.package.reader import read_table

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
KEY_SET_SUFFIX = ".keys"  # the key record sets: see limits (a) and (b) in the module docstring

# The @context mlcroissant 1.1.1 writes for a Croissant 1.1 dataset (mlcroissant._src.core.rdf.make_context):
# its validator warns about every key of it that a document leaves out. Inline, so nothing is fetched.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# Table Schema type -> Croissant dataType. A type without a counterpart (object, array, geopoint,
# duration, any, ...) is read as sc:Text, the cell as written, and its description names the type.
TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "datetime": "sc:DateTime",
    "time": "sc:Time",
    "year": "sc:Integer",
}

# Media type of a file, by its resource's format or its suffix, as mlcroissant's reader knows them.
MEDIA_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/json",
    "jsonl": "application/jsonlines",
    "parquet": "application/x-parquet",
    "txt": "text/plain",
    "md": "text/markdown",
    "html": "text/html",
}

_RELATIVE_PATH = re.compile(r"^[A-Za-z0-9._-]{1,255}(/[A-Za-z0-9._-]{1,255}){0,31}$")


# --- the package ---------------------------------------------------------------------------------------


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _tables(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV table resources, in the descriptor's order: one record set each."""
    return [
        r
        for r in descriptor.get("resources", [])
        if isinstance(r.get("schema"), dict) and "fields" in r["schema"] and str(r.get("format", "")).lower() == "csv"
    ]


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lstrip(".").lower()


def _media_types(resource_or_path: dict[str, Any] | str) -> str | list[str]:
    """encodingFormat: the type mlcroissant reads, preceded by the descriptor's own when that differs."""
    if isinstance(resource_or_path, str):
        return MEDIA_TYPES.get(_suffix(resource_or_path), "application/octet-stream")
    resource = resource_or_path
    stated = resource.get("mediatype")
    known = MEDIA_TYPES.get(str(resource.get("format") or _suffix(resource["path"])).lower())
    if known is None:
        return stated or "application/octet-stream"
    return known if stated in (None, known) else [stated, known]


def _recorded_sha256(resource: dict[str, Any]) -> str | None:
    algorithm, _, value = str(resource.get("hash", "")).partition(":")
    return value.lower() if value and algorithm.lower() == "sha256" else None


def _package_file(root: Path, tops: set[str], value: str) -> bool:
    """Whether value is the relative path of a file in the package (tops: the names in its top folder, listed
    once, so that the ids and texts of a large table cost no look-up on disk)."""
    if not _RELATIVE_PATH.match(value) or ".." in value.split("/") or value.split("/")[0] not in tops:
        return False
    return (root / value).is_file()


def _linked_files(root: Path, descriptor: dict[str, Any], tables_root: Path | None = None, rows: Tables | None = None) -> list[str]:
    """Files of the package that the descriptor's `sources` or a table column name (module docstring)."""
    tops = {p.name for p in root.iterdir()}
    found = {s["path"] for s in descriptor.get("sources", []) if isinstance(s.get("path"), str) and _package_file(root, tops, s["path"])}
    for resource in _tables(descriptor):
        table = rows[resource["name"]] if rows is not None else read_table(tables_root or root, resource)
        for field in resource["schema"]["fields"]:
            if field.get("type", "string") != "string":
                continue
            values = sorted({row[field["name"]] for row in table if row.get(field["name"])})
            named = [v for v in values if _package_file(root, tops, v)]
            if named and len(named) < len(values):
                missing = sorted(set(values) - set(named))
                raise ValueError(f"{resource['name']}.{field['name']} names files that the package does not have: {missing}")
            found |= set(named)
    return sorted(found - {r["path"] for r in descriptor.get("resources", [])} - {DESCRIPTOR})


# --- the JSON-LD ---------------------------------------------------------------------------------------


def _field_id(record_set: str, column: str) -> str:
    return f"{record_set}/{column}"


def _key_set_id(table: str) -> str:
    return f"{table}{KEY_SET_SUFFIX}"


def _file_object(root: Path, path: str, media_types: str | list[str], description: str | None, recorded: str | None) -> dict[str, Any]:
    full = root / path
    sha256 = sha256_file(full)
    if recorded is not None and recorded != sha256:
        raise ValueError(f"{path}: its sha256 is {sha256}, datapackage.json records {recorded}")
    out: dict[str, Any] = {"@type": "cr:FileObject", "@id": path, "name": path}
    if description:
        out["description"] = description
    out |= {"contentUrl": path, "encodingFormat": media_types, "contentSize": f"{full.stat().st_size} B", "sha256": sha256}
    return out


def _foreign_keys(resource: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """{column: (referenced table, referenced column)} over every foreign key (an empty or absent resource is this one)."""
    out = {}
    for fk in resource["schema"].get("foreignKeys", []):
        ref = fk["reference"]
        target = ref.get("resource") or resource["name"]
        for column, target_column in zip(_as_list(fk["fields"]), _as_list(ref["fields"]), strict=True):
            out[column] = (target, target_column)
    return out


def _key_columns(tables: list[dict[str, Any]]) -> dict[str, list[str]]:
    """{table: the columns foreign keys point at, in schema order}, for the tables that are referenced."""
    by_name = {r["name"]: r for r in tables}
    wanted: dict[str, set[str]] = {}
    for resource in tables:
        for target, target_column in _foreign_keys(resource).values():
            if target not in by_name:
                raise ValueError(f"{resource['name']} references {target!r}, which is no CSV table of the package")
            wanted.setdefault(target, set()).add(target_column)
    out = {}
    for table, columns in sorted(wanted.items()):
        names = [f["name"] for f in by_name[table]["schema"]["fields"]]
        if not columns <= set(names):
            raise ValueError(f"a foreign key references {table}.{sorted(columns - set(names))}, which {table} does not have")
        out[table] = [name for name in names if name in columns]
    return out


def _field(record_set: str, path: str, field: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    kind = field.get("type", "string")
    parts = [str(field.get("description", "")).strip()]
    if kind not in TYPES:
        parts.append(f"Table Schema type: {kind}, read as text.")
    return {
        "@type": "cr:Field",
        "@id": _field_id(record_set, field["name"]),
        "name": field["name"],
        "description": " ".join(p for p in [*parts, *notes] if p),
        "dataType": TYPES.get(kind, "sc:Text"),
        "source": {"fileObject": {"@id": path}, "extract": {"column": field["name"]}},
    }


def _key(record_set: str, columns: list[str]) -> dict[str, str] | list[dict[str, str]]:
    ids = [{"@id": _field_id(record_set, column)} for column in columns]
    return ids[0] if len(ids) == 1 else ids


def _record_set(resource: dict[str, Any]) -> dict[str, Any]:
    table = resource["name"]
    schema = resource["schema"]
    refs = _foreign_keys(resource)
    fields = []
    for field in schema["fields"]:
        ref = refs.get(field["name"])
        notes = [f"Refers to {ref[0]}.{ref[1]}." if ref else ""]
        out = _field(table, resource["path"], field, notes)
        if ref:
            out["references"] = {"field": {"@id": _field_id(_key_set_id(ref[0]), ref[1])}}
        fields.append(out)
    out = {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": resource.get("description") or resource.get("title") or table,
    }
    if schema.get("primaryKey"):
        out["key"] = _key(table, _as_list(schema["primaryKey"]))
    out["field"] = fields
    return out


def _key_set(resource: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The record set that references to `resource` point at: the referenced columns, from its own file, without joins."""
    table = resource["name"]
    name = _key_set_id(table)
    by_name = {f["name"]: f for f in resource["schema"]["fields"]}
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
    if _as_list(resource["schema"].get("primaryKey")) == columns:
        out["key"] = _key(name, columns)
    out["field"] = [_field(name, resource["path"], by_name[c], []) for c in columns]
    return out


def croissant(root: Path, package: Path | None = None, rows: Tables | None = None) -> dict[str, Any]:
    """The Croissant 1.1 JSON-LD of the package whose datapackage.json and files are in `package` (default: root);
    `rows`: its tables as already read (read_tables), else they are read here.

    Files the tables name (the archived texts) are read from `root`: the build stages the package
    without them, and publishes croissant.json with it.
    """
    root = Path(root)
    package = Path(package or root)
    d = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    tables = _tables(d)
    by_name = {r["name"]: r for r in tables}
    keys = _key_columns(tables)

    distribution = [_file_object(package, DESCRIPTOR, MEDIA_TYPES["json"], "The Frictionless Data Package descriptor.", None)]
    for resource in d.get("resources", []):
        description = resource.get("title") or resource.get("description")
        distribution.append(_file_object(package, resource["path"], _media_types(resource), description, _recorded_sha256(resource)))
    distribution += [_file_object(root, path, _media_types(path), None, None) for path in _linked_files(root, d, package, rows)]
    record_sets = [_record_set(r) for r in tables] + [_key_set(by_name[t], columns) for t, columns in keys.items()]

    ids = [o["@id"] for o in distribution] + [rs["@id"] for rs in record_sets] + [f["@id"] for rs in record_sets for f in rs["field"]]
    clashes = sorted({i for i in ids if ids.count(i) > 1})
    if clashes:
        raise ValueError(f"two Croissant nodes would share the @id {clashes}")

    out: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": d.get("title") or d["name"],
        "alternateName": d["name"],
        "description": d.get("description", ""),
    }
    if d.get("version"):
        out["version"] = d["version"]
    licenses = [lic.get("path") or lic["name"] for lic in d.get("licenses", []) if lic.get("path") or lic.get("name")]
    if licenses:
        out["license"] = licenses[0] if len(licenses) == 1 else licenses
    if d.get("homepage"):
        out["url"] = d["homepage"]
    if d.get("created") and d.get("title") and d.get("version"):
        out["citeAs"] = citation_text(d)
    if d.get("created"):
        out["datePublished"] = release_date(d)
    if creators(d):
        out["creator"] = [{"@type": "sc:Organization", "name": name} for name in creators(d)]
    if d.get("keywords"):
        out["keywords"] = list(d["keywords"])
    based_on = []
    for source in d.get("sources", []):
        work: dict[str, Any] = {"@type": "sc:CreativeWork", "name": source.get("title") or source.get("path", "")}
        if str(source.get("path", "")).startswith(("http://", "https://")):
            work["url"] = source["path"]  # a relative path is an archived file, already in distribution
        based_on.append(work)
    if based_on:
        out["isBasedOn"] = based_on
    out["distribution"] = distribution
    out["recordSet"] = record_sets
    return out


def render(document: dict[str, Any]) -> str:
    """The file's text: key order as built (fixed by the code), indent 2, UTF-8 as is, trailing newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_croissant(root: Path, package: Path, target: Path, rows: Tables | None = None) -> None:
    """Write croissant(root, package, rows) to target, byte-identical for the same package."""
    Path(target).write_bytes(render(croissant(root, package, rows)).encode("utf-8"))
