"""What the data card (and the tests of the README) take from README.md: sections, code blocks, the install commands.

The page shows the README's own block, read at build time, so the two can never give different commands; if the
README loses the section or the block, the site build stops rather than show none.
"""

import re
from collections.abc import Iterator

INSTALL_SECTION = "Get it, check it, load it"
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)")


def _lines(markdown: str) -> Iterator[tuple[str, str, str]]:
    """Each line with what it is: ('heading', '<level> <text>', line), ('open', info, line), ('code' | 'close' | 'text', '', line)."""
    fence = None
    for line in markdown.splitlines(keepends=True):
        if fence is not None:
            closes = line.strip().startswith(fence) and set(line.strip()) == {fence[0]}
            fence = None if closes else fence
            yield ("close" if closes else "code"), "", line
        elif opening := FENCE.match(line):
            fence = opening.group(1)
            yield "open", opening.group(2), line
        elif heading := re.match(r"(#{1,6})[ \t]+(.*?)[ \t#]*$", line.rstrip("\n")):
            yield "heading", f"{len(heading.group(1))} {heading.group(2)}", line
        else:
            yield "text", "", line


def section(markdown: str, heading: str) -> str:
    """The text under the level-2 heading, up to the next heading of level 1 or 2 (headings inside code do not count)."""
    out: list[str] | None = None
    for kind, info, line in _lines(markdown):
        if kind == "heading" and info[0] in "12":
            if out is not None:
                break
            out = [] if info == f"2 {heading}" else None
        elif out is not None:
            out.append(line)
    if out is None:
        raise ValueError(f"no section '## {heading}'")
    return "".join(out)


def code_blocks(markdown: str, language: str) -> list[str]:
    """The bodies of the complete fenced code blocks whose info string is that language (fences left out), in order."""
    blocks: list[str] = []
    body: list[str] | None = None
    for kind, info, line in _lines(markdown):
        if kind == "open" and info == language:
            body = []
        elif body is not None and kind == "code":
            body.append(line)
        elif body is not None and kind == "close":
            blocks.append("".join(body))
            body = None
    return blocks


def install_commands(readme: str) -> str:
    """The README's install and validate commands: the first ```sh block of "## Get it, check it, load it"."""
    blocks = code_blocks(section(readme, INSTALL_SECTION), "sh")
    if not blocks:
        raise ValueError(f"README.md: no complete ```sh block in '## {INSTALL_SECTION}' (the data card shows the first one)")
    return blocks[0]
