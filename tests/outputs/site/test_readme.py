"""How README.md's sections and code blocks are found: the card shows its install commands, and other tests run its
snippets (so a heading inside a code block, another fence or an unclosed block must not fool them)."""

from __future__ import annotations

import pytest

from scripts.outputs.site.readme import install_commands


@pytest.mark.parametrize(
    ("readme", "expected"),
    [
        # the first sh block of the section, not a later one, not one of another section
        ("# T\n```sh\nno\n```\n## Get it, check it, load it\nText\n```python\nx\n```\n```sh\na\nb\n```\n```sh\nc\n```\n", "a\nb\n"),
        # a heading inside a code block does not end the section; ~~~ fences and a longer fence work too
        ("## Get it, check it, load it\n```text\n## not a heading\n```\n~~~sh\npip install x\n~~~\n", "pip install x\n"),
        ("## Get it, check it, load it\n````sh\necho ```\n````\n", "echo ```\n"),
    ],
)
def test_install_commands_are_found(readme: str, expected: str) -> None:
    assert install_commands(readme) == expected


@pytest.mark.parametrize(
    "readme",
    [
        "## Download\n```sh\na\n```\n",  # no such section
        "## Get it, check it, load it\ntext\n## Next\n```sh\na\n```\n",  # the block is in the next section
        "## Get it, check it, load it\n```sh\na\n",  # never closed
    ],
)
def test_missing_install_commands_stop_the_build(readme: str) -> None:
    with pytest.raises(ValueError, match="Get it, check it, load it"):
        install_commands(readme)
