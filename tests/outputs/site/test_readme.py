"""The data card shows the README's own install and validate commands: how they are found in README.md."""

from __future__ import annotations

import pytest

from scripts.outputs.site.readme import install_commands
from tests.conftest import ROOT


def readme_install_block(readme: str) -> str:
    """The block as a reader finds it: the section's heading, then the first line that opens ```sh, up to ```."""
    lines = readme.splitlines(keepends=True)
    start = lines.index("## Download, validate, load\n")
    opening = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "```sh")
    closing = next(i for i in range(opening + 1, len(lines)) if lines[i].rstrip() == "```")
    return "".join(lines[opening + 1 : closing])


def test_install_commands_are_the_readmes_block() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme_install_block(readme)
    assert "frictionless validate datapackage.json" in block  # the block a downloader runs, as the README prints it today
    assert install_commands(readme) == block


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
def test_install_commands_are_found_generically(readme: str, expected: str) -> None:
    assert install_commands(readme) == expected


@pytest.mark.parametrize(
    "readme",
    [
        "## Download\n```sh\na\n```\n",  # no such section
        "## Download, validate, load\ntext\n## Next\n```sh\na\n```\n",  # the block is in the next section
        "## Download, validate, load\n```sh\na\n",  # never closed
    ],
)
def test_install_commands_missing_is_an_error(readme: str) -> None:
    with pytest.raises(ValueError, match="Download, validate, load"):
        install_commands(readme)
