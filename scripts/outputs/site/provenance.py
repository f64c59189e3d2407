"""What each provenance role means, in the words of README.md ("How to trace a value"): one place for the
data card's cell panels and its schema.org metadata."""

from __future__ import annotations

from scripts.model.schema import Provenance

PROVENANCE: dict[Provenance, str] = {
    "key": "Key: the row's identifier (its primary key), chosen by the curators.",
    "stated": "Stated: a source states it; its evidence is the excerpts whose citation names this field of the row.",
    "derived": "Derived: computed by the build from other values; the field's description says how.",
    "editorial": (
        "Editorial: the curators' own (a note, a judgement on the evidence, a link between rows, the choice of evidence); "
        "no source states it."
    ),
}
