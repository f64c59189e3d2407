"""Synthetic inputs N times the size of the real facts, for the benchmark; they pass every build check.

Usage: python -m scripts synth --factor N --out DIR [--root DIR]. Writes DIR/facts/*.yaml,
DIR/archive/*.txt, DIR/schema.yaml and DIR/README.md (never into the repository): the real inputs, plus N-1 copies of
every record and archived text. Copy i gets its own ids (suffix -c<i>) and its own texts: the letters
a-z and A-Z of the archived text, of every excerpt and of every party name are replaced by letters
drawn, one-to-one, from a pool of a few hundred Latin, Greek and Cyrillic letters (one code point
each, unchanged by NFC), differently per copy. A letter-for-letter substitution keeps every excerpt
verbatim in its text at the same character offsets, every spelling inside its excerpts, and every
date, number and code as it was, while making each copy's names distinct (the build refuses a
spelling shared by two parties); a two-letter name such as "Ma" has some 100,000 images.
"""

from __future__ import annotations

import random
import shutil
import string
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from scripts.model import schema
from scripts.model.files import sha256_bytes

Transform = Callable[[str], str]
# Fields whose text must stay consistent with the archived texts: transformed like them.
TEXT_FIELDS = {"parties": ["name", "aliases"], "quotes": ["text"]}
EXCERPT_KEYS = ("exact", "prefix", "suffix")
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ATTEMPTS = 1000
POOL = [
    chr(c)
    for block in ((0xC0, 0x250), (0x391, 0x3CA), (0x410, 0x450))  # Latin-1 and Extended-A/B, Greek, Cyrillic
    for c in range(*block)
    if unicodedata.category(chr(c)) in ("Lu", "Ll") and unicodedata.normalize("NFKC", chr(c)) == chr(c)
]


def substitution(seed: str) -> dict[int, str]:
    """A str.translate table mapping a-z and A-Z one-to-one onto letters of POOL."""
    images = random.Random(seed).sample(POOL, 52)
    return {ord(a): b for a, b in zip(string.ascii_letters, images, strict=True)}


def id_fields(table: str) -> list[str]:
    """Input fields holding ids (own or referenced): those constrained by the schema's id pattern."""
    pattern = schema.spec()["patterns"]["id"]
    return [f["name"] for f in schema.input_fields(table) if f.get("constraints", {}).get("pattern") == pattern]


def copy_record(table: str, rec: dict[str, Any], suffix: str, text: Transform) -> dict[str, Any]:
    """One record of copy `suffix`: ids suffixed, texts transformed, archive path renamed."""
    out = dict(rec)
    for name in id_fields(table):
        if out.get(name) is not None:
            out[name] = out[name] + suffix
    for name in TEXT_FIELDS.get(table, []):
        value = out.get(name)
        if isinstance(value, list):
            out[name] = [text(v) for v in value]
        elif isinstance(value, str):
            out[name] = text(value)
    if table == "sources":
        out["archive_path"] = out["archive_path"].removesuffix(".txt") + f"{suffix}.txt"
        out["capture"] = f"synthetic{suffix}-{out['capture']}"
    for child, under, _parent in schema.nested_tables(table):
        if out.get(under):
            out[under] = [copy_record(child, item, suffix, text) for item in out[under]]
    if out.get("evidence"):
        out["evidence"] = [
            {**e, "source_id": e["source_id"] + suffix, **{k: text(e[k]) for k in EXCERPT_KEYS if k in e}} for e in out["evidence"]
        ]
    return out


def _spellings(parties: list[dict[str, Any]]) -> set[str]:
    return {s for p in parties for s in [p["name"], *(p.get("aliases") or [])]}


def synthesize(root: Path, out: Path, factor: int) -> dict[str, int]:
    """Write inputs `factor` times the real ones into out; returns records per facts table."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    facts: dict[str, list[dict[str, Any]]] = {}
    for table in schema.table_names():
        filename = schema.facts_file(table)
        if filename:
            facts[table] = yaml.load((root / "facts" / filename).read_text(encoding="utf-8"), Loader=Loader)
    texts = {s["source_id"]: (root / s["archive_path"]).read_text(encoding="utf-8") for s in facts["sources"]}
    (out / "facts").mkdir(parents=True, exist_ok=True)
    (out / "archive").mkdir(parents=True, exist_ok=True)
    for name in ("README.md", schema.SCHEMA_FILE):
        shutil.copyfile(root / name, out / name)
    result = {table: list(records) for table, records in facts.items()}
    for s in facts["sources"]:
        shutil.copyfile(root / s["archive_path"], out / s["archive_path"])
    used = _spellings(facts["parties"])
    for i in range(1, factor):
        suffix = f"-c{i}"
        for attempt in range(MAX_ATTEMPTS):  # a substitution whose party spellings no earlier copy uses
            table_ = substitution(f"synth-{i}-{attempt}")
            spellings = {s.translate(table_) for s in _spellings(facts["parties"])}
            if not spellings & used:
                break
        else:
            raise RuntimeError(f"no substitution with new party spellings for copy {i} in {MAX_ATTEMPTS} attempts")
        used |= spellings

        def text(value: str, table_: dict[int, str] = table_) -> str:
            return value.translate(table_)

        for table, records in facts.items():
            copies = [copy_record(table, rec, suffix, text) for rec in records]
            result[table].extend(copies)
            if table == "sources":
                for original, copy in zip(records, copies, strict=True):
                    data = text(texts[original["source_id"]]).encode("utf-8")
                    (out / copy["archive_path"]).write_bytes(data)
                    copy["sha256"] = sha256_bytes(data)
    for table, records in result.items():
        path = out / "facts" / schema.facts_file(table)
        path.write_text(yaml.dump(records, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    return {table: len(records) for table, records in result.items()}
