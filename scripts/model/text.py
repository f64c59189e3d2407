"""Normalisers for curated text and numbers, and the defects they refuse to paper over."""

import re
import unicodedata

_SPACE_RUN = re.compile(r"\s+")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet runs as a formula at the start of a cell
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def normalise_text(value: str) -> str:
    """NFC with every run of white space collapsed to one space: how prose cells are stored."""
    return _SPACE_RUN.sub(" ", unicodedata.normalize("NFC", value)).strip()


def is_formula_like(value: str) -> bool:
    """True for a cell a spreadsheet would run as a formula (a plain number is fine)."""
    return value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value)


def text_defects(value: str) -> list[str]:
    """What is wrong with a curated string; fixed silently it would hide a difference from the source."""
    messages = []
    if "\ufeff" in value:
        messages.append("contains a byte-order mark (U+FEFF)")
    controls = sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\ufeff"})
    if controls:  # Cf: bidi overrides and zero-width characters, which change how text reads or matches unseen
        messages.append(f"contains control or invisible format characters {', '.join(controls)}")
    if unicodedata.normalize("NFC", value) != value:
        messages.append("is not in Unicode NFC form")
    if value != value.strip():
        messages.append("has white space at its start or end")
    if is_formula_like(value):
        messages.append(f"starts with {value[0]!r}: a spreadsheet would run it as a formula")
    return messages


def format_number(value: float | int) -> str:
    """Shortest text that reads back as the same number: 48, not 48.0."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))
