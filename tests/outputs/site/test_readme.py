"""How README.md's sections and code blocks are found: the card shows its install commands, and other tests run its
snippets (so a heading inside a code block, another fence or an unclosed block must not fool them)."""

from __future__ import annotations

import pytest

from scripts.outputs.site.readme import install_commands


@pytest.mark.parametrize(
    ("readme", "expected"),
    [
        # the first sh block of the section, not a later one, not one of another section
        ("# T\n```sh\nno\n```\n## Download, validate, load\nText\n```python\nx\n```\n```sh\na\nb\n```\n```sh\nc\n```\n", "a\nb\n"),
        # a heading inside a code block does not end the section; ~~~ fences and a longer fence work too
        ("## Download, validate, load\n```text\n## not a heading\n```\n~~~sh\npip install x\n~~~\n", "pip install x\n"),
        ("## Download, validate, load\n````sh\necho ```\n````\n", "echo ```\n"),
    ],
)
def test_install_commands_are_found(readme: str, expected: str) -> None:
    assert install_commands(readme) == expected


@pytest.mark.parametrize(
    "readme",
    [
        "## Download\n```sh\na\n```\n",  # no such section
        "## Download, validate, load\ntext\n## Next\n```sh\na\n```\n",  # the block is in the next section
        "## Download, validate, load\n```sh\na\n",  # never closed
    ],
)
def test_missing_install_commands_stop_the_build(readme: str) -> None:
    with pytest.raises(ValueError, match="Download, validate, load"):
        install_commands(readme)
