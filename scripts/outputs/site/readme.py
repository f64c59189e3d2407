"""What the data card (and the tests of the README) take from README.md: sections, code blocks, the install commands.

The page shows the README's own block, read at build time, so the two can never give different
commands; if the README loses the section or the block, the site build stops rather than show none.
"""

from __future__ import annotations

import re

INSTALL_SECTION = "Get it, check it, load it"
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")


def _closes(line: str, fence: str) -> bool:
    text = line.strip()
    return text.startswith(fence) and set(text) == {fence[0]}


def _scan(markdown: str) -> list[tuple[str, str | None, str]]:
    """Each line with what it is: ('heading', level text, line), ('open', info, line), ('code' | 'close' | 'text', None, line)."""
    out: list[tuple[str, str | None, str]] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        if fence is not None:
            kind = "close" if _closes(line, fence) else "code"
            fence = None if kind == "close" else fence
            out.append((kind, None, line))
        elif match := FENCE.match(line):
            fence = match.group(1)
            out.append(("open", match.group(2), line))
        elif match := HEADING.match(line.rstrip("\n")):
            out.append(("heading", f"{len(match.group(1))} {match.group(2)}", line))
        else:
            out.append(("text", None, line))
    return out


def section(markdown: str, heading: str) -> str:
    """The text under the level-2 heading, up to the next heading of level 1 or 2 (headings inside code do not count)."""
    out: list[str] = []
    inside = found = False
    for kind, info, line in _scan(markdown):
        if kind == "heading" and info is not None and info[0] in "12":
            if inside:
                break
            inside = found = info == f"2 {heading}"
            continue
        if inside:
            out.append(line)
    if not found:
        raise ValueError(f"no section '## {heading}'")
    return "".join(out)


def code_blocks(markdown: str, language: str) -> list[str]:
    """The bodies of the fenced code blocks whose info string is that language (fences left out), in order."""
    blocks: list[str] = []
    body: list[str] | None = None
    for kind, info, line in _scan(markdown):
        if body is None and kind == "open" and info == language:
            body = []
        elif body is not None and kind == "code":
            body.append(line)
        elif body is not None and kind == "close":
            blocks.append("".join(body))
            body = None
    return blocks


def first_code_block(markdown: str, language: str) -> str:
    """The body of the first complete fenced code block of that language."""
    blocks = code_blocks(markdown, language)
    if not blocks:
        raise ValueError(f"no complete ```{language} block")
    return blocks[0]


def install_commands(readme: str) -> str:
    """The README's install and validate commands: the first ```sh block of "## Download, validate, load"."""
    try:
        return first_code_block(section(readme, INSTALL_SECTION), "sh")
    except ValueError as err:
        raise ValueError(f"README.md: {err} (the data card shows the first ```sh block of '## {INSTALL_SECTION}')") from err
