"""Text and number normalisers: what every prose cell goes through."""

from __future__ import annotations

import pytest

from scripts.model.text import format_number, is_formula_like, normalise_text, text_defects


def test_normalise_text_collapses_white_space_and_composes_unicode() -> None:
    decomposed = "Dmitrie\u0301v  \t and\nPutin "
    assert normalise_text(decomposed) == "Dmitriév and Putin"


@pytest.mark.parametrize("value", ["=SUM(A1)", "+7 495", "-cmd", "@import"])
def test_formula_like_cells_are_flagged(value: str) -> None:
    assert is_formula_like(value)
    assert any("formula" in m for m in text_defects(value))


@pytest.mark.parametrize("value", ["-12", "+48", "-0.5", "48 percent", "Alibaba"])
def test_plain_numbers_and_text_are_not_formulas(value: str) -> None:
    assert not is_formula_like(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\ufeffAlibaba", "byte-order mark"),
        ("Ali\x07baba", "control or invisible format characters U+0007"),
        ("Dmitrie\u0301v", "NFC"),
        (" Alibaba", "white space at its start or end"),
        ("Alibaba\n", "white space at its start or end"),
    ],
)
def test_text_defects_name_the_defect(value: str, expected: str) -> None:
    assert any(expected in m for m in text_defects(value))


def test_clean_text_has_no_defects() -> None:
    assert text_defects("“We want this to be a Russian business,” — 52 percent") == []


@pytest.mark.parametrize(("value", "text"), [(48, "48"), (48.0, "48"), (13.5, "13.5"), (0.1, "0.1"), (2e9, "2000000000")])
def test_format_number_is_shortest_round_trip(value: float, text: str) -> None:
    assert format_number(value) == text
    assert float(text) == value
