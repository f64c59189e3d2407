"""The excerpt locator: every occurrence, the context that picks one, and the hint for near misses."""

from __future__ import annotations

from scripts.inputs.archive import context, near_miss_hint, occurrences


def test_occurrences_are_every_place_and_context_picks_one() -> None:
    text = "Share: he said yes.\nHe said yes."
    assert occurrences(text, "said yes") == [10, 23]
    assert occurrences(text, "said yes", prefix="He ") == [23]
    assert occurrences(text, "said yes", suffix=".\nHe") == [10]
    assert occurrences(text, "said yes", prefix="She ") == []
    assert context(text, 23, 31) == ("Share: he said yes.\nHe ", ".")  # all the text there is before: still unique


def test_occurrences_are_verbatim_and_the_hint_explains_near_misses() -> None:
    text = "He said “yes” — twice."
    assert occurrences(text, 'He said "yes" - twice.') == []
    assert "made alike" in near_miss_hint(text, 'He said "yes"  - twice.')
    assert near_miss_hint(text, "He said no") == ""
