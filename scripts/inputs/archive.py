"""The archive and the excerpts: every excerpt stands verbatim in its archived text, in one place only.

An excerpt is located like a W3C TextQuoteSelector: its exact text, with the prefix and suffix the
curator gives when the exact text alone occurs more than once. The published citation carries enough
context (at least CONTEXT characters each side) that prefix + exact + suffix occurs once.
"""

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from scripts.inputs.located_yaml import LocatedDict
from scripts.model.files import sha256_bytes
from scripts.model.problems import Problem
from scripts.model.schema import CONTEXT
from scripts.model.text import FORMULA_START, normalise_text
from scripts.package.check import inside  # the shipped checker's rule: inside the tree, through no link


@dataclass(frozen=True)
class ArchivedText:
    source_id: str
    path: str  # relative to the repository root
    text: str
    sha256: str
    bytes: int
    line_starts: tuple[int, ...]  # character offset at which each line begins

    def line_of(self, offset: int) -> int:
        """1-based line of a character offset."""
        return bisect_right(self.line_starts, offset)


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    line: int
    prefix: str  # published context: prefix + exact + suffix occurs once in the text
    suffix: str


Locations = dict[tuple[str, str, int], Located]  # (table, row id, evidence number) -> where the excerpt stands


def read_archived(root: Path, source_id: str, rel_path: str) -> ArchivedText:
    """Raises OSError, UnicodeDecodeError or ValueError (a link, a path out of root) for the caller to report."""
    path = inside(root, rel_path)
    if path is None:
        raise ValueError("a link or a path out of the repository: not read")
    data = path.read_bytes()
    text = data.decode("utf-8")
    starts = (0, *(i + 1 for i, c in enumerate(text) if c == "\n"))
    return ArchivedText(source_id, rel_path, text, sha256_bytes(data), len(data), starts)


def occurrences(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[int]:
    """Start offsets of every occurrence of exact preceded by prefix and followed by suffix."""
    found, at = [], text.find(exact)
    while at >= 0:
        if at >= len(prefix) and text.startswith(prefix, at - len(prefix)) and text.startswith(suffix, at + len(exact)):
            found.append(at)
        at = text.find(exact, at + 1)
    return found


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The published prefix and suffix: CONTEXT characters each side, more if needed to occur once. Neither starts
    a CSV cell with a character a spreadsheet runs as a formula: the prefix is lengthened past one (or shortened,
    at the start of the text), a suffix that would start with one is left out. ValueError when no context is left
    that picks the excerpt out."""
    exact, width = text[start:end], CONTEXT
    while True:
        lo = max(0, start - width)
        while lo > 0 and text[lo].startswith(FORMULA_START):
            lo -= 1
        suffix = "" if text.startswith(FORMULA_START, end) else text[end : end + width]
        if len(occurrences(text, exact, text[lo:start], suffix)) == 1 or (lo == 0 and (not suffix or end + len(suffix) >= len(text))):
            break
        width += CONTEXT
    for at in range(lo, start + 1):  # the longest prefix that starts safely and still picks the excerpt out
        if not text[at:start].startswith(FORMULA_START) and len(occurrences(text, exact, text[at:start], suffix)) == 1:
            return text[at:start], suffix
    raise ValueError("no context around it that is unique and starts no CSV cell as a formula: lengthen the excerpt")


def locate(archived: ArchivedText, start: int, exact: str) -> Located:
    end = start + len(exact)
    prefix, suffix = context(archived.text, start, end)
    return Located(start, end, archived.line_of(start), prefix, suffix)


_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def near_miss_hint(text: str, exact: str) -> str:
    """Why an excerpt was not found, when it is there but for quotes, dashes, spacing or Unicode forms."""
    text, exact = (normalise_text(unicodedata.normalize("NFKC", t).translate(_QUOTE_FOLD)) for t in (text, exact))
    if exact and exact in text:
        return " (it is there once quotes, dashes, spacing or Unicode forms are made alike: copy it verbatim)"
    return ""


def load_archive(root: Path, sources: list[LocatedDict]) -> tuple[dict[str, ArchivedText], list[Problem]]:
    """Read each archived text and compare its bytes with the sha256 recorded when it was archived."""
    archive: dict[str, ArchivedText] = {}
    problems = []
    for rec in sources:
        sid, path, field = rec["source_id"], rec["archive_path"], "archive_path"
        try:
            text = read_archived(root, sid, path)
        except FileNotFoundError:
            message = f"archived file {path} is missing"
        except UnicodeDecodeError as err:
            message = f"{path} is not valid UTF-8 (byte {err.start})"
        except (OSError, ValueError) as err:  # a folder where the text should be, a link out of the tree
            message = f"{path} cannot be read: {getattr(err, 'strerror', None) or err}"
        else:
            archive[sid] = text
            if text.sha256 == rec["sha256"]:
                continue
            field, message = "sha256", f"{path} has sha256 {text.sha256}, not the recorded {rec['sha256']}: the archived file was altered"
        problems.append(Problem(rec.file, sid, field, message, rec.line_of(field)))
    return archive, problems
