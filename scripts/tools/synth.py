"""Synthetic inputs N times the real facts, for the benchmark's growth; they pass every build check.

Copy i of every record and archived text gets its own ids (suffix -c<i>) and its own party names: every
spelling of a party, wherever it stands (texts, excerpts, quotes, labels, descriptions), is followed by the
word K<i>, so that each copy's parties have spellings of their own (the build refuses a spelling two parties
share) while dates, numbers, places and the words the rules read stay as they are.
"""

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from scripts.model import schema
from scripts.model.files import sha256_bytes

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _copy(value: Any, key: str, ids: set[str], suffix: str, tag: re.Pattern[str], word: str) -> Any:
    """One value of copy `suffix`: ids suffixed, party spellings tagged, lists and mappings item by item."""
    if isinstance(value, list):
        return [_copy(v, key, ids, suffix, tag, word) for v in value]
    if isinstance(value, dict):
        if key == "refers":
            return {tag.sub(rf"\g<0>{word}", k): v + suffix for k, v in value.items()}
        return {k: _copy(v, k, ids, suffix, tag, word) for k, v in value.items()}
    if isinstance(value, str):  # a publisher is no party: "The Moscow Times" keeps its Moscow
        return value + suffix if key in ids else value if key == "publisher" else tag.sub(rf"\g<0>{word}", value)
    return value


def synthesize(root: Path, out: Path, factor: int) -> dict[str, int]:
    """Write inputs `factor` times the real ones into out (never the repository); returns records per facts table."""
    files = {t: schema.facts_file(t) for t in schema.table_names() if schema.facts_file(t)}
    facts = {t: yaml.load((root / "facts" / f).read_text(encoding="utf-8"), Loader=schema.LOADER) for t, f in files.items()}
    pattern = schema.spec()["patterns"]["id"]
    ids = {f["name"] for t in schema.table_names() for f in schema.fields(t) if f.get("constraints", {}).get("pattern") == pattern}
    spellings = sorted({s for p in facts["parties"] for s in [p["name"], *(p.get("aliases") or [])]}, key=len, reverse=True)
    tag = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, spellings)) + r")(?!\w)")
    for folder in ("facts", "archive"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for name in ("README.md", schema.SCHEMA_FILE):
        shutil.copyfile(root / name, out / name)
    result = {t: list(records) for t, records in facts.items()}
    for source in facts["sources"]:
        shutil.copyfile(root / source["archive_path"], out / source["archive_path"])
    for i in range(1, factor):
        suffix, word = f"-c{i}", f" K{i}"
        for table, records in facts.items():
            copies = [_copy(rec, "", ids, suffix, tag, word) for rec in records]
            for original, copy in zip(records, copies, strict=True) if table == "sources" else ():
                data = tag.sub(rf"\g<0>{word}", (root / original["archive_path"]).read_text(encoding="utf-8")).encode("utf-8")
                copy["archive_path"] = original["archive_path"].removesuffix(".txt") + f"{suffix}.txt"
                (out / copy["archive_path"]).write_bytes(data)
                copy["sha256"] = sha256_bytes(data)
            result[table] += copies
    for table, records in result.items():
        text = yaml.dump(records, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**9)
        (out / "facts" / files[table]).write_text(text, encoding="utf-8")
    return {table: len(records) for table, records in result.items()}
