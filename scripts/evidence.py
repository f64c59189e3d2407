"""The archive and the excerpts: every excerpt must stand verbatim in its archived text."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .normalise import normalise_text


@dataclass(frozen=True)
class ArchivedText:
    source_id: str
    path: str  # relative to the repository root
    text: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    line: int


def read_archived(root: Path, source_id: str, rel_path: str) -> ArchivedText:
    """Raises FileNotFoundError or UnicodeDecodeError for the caller to report."""
    data = (root / rel_path).read_bytes()
    return ArchivedText(source_id, rel_path, data.decode("utf-8"), hashlib.sha256(data).hexdigest(), len(data))


_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _fold(text: str) -> str:
    return normalise_text(unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD))


def locate(text: str, exact: str) -> Located | None:
    """First verbatim occurrence of the excerpt; None when it is not there as typed."""
    start = text.find(exact)
    if start < 0:
        return None
    return Located(start, start + len(exact), text.count("\n", 0, start) + 1)


def near_miss_hint(text: str, exact: str) -> str:
    """Why an excerpt was not found, when it is there but for quotes, dashes or spacing."""
    if _fold(exact) and _fold(exact) in _fold(text):
        return " (it is there once quotes, dashes, spacing or Unicode forms are made alike: copy it verbatim)"
    return ""
