"""Citation metadata, generated from datapackage.json so CITATION.cff, README.md and the web page agree.

Usage: python -m scripts.citation [--write] [--root DIR]. Without --write, prints the citation sentence
and exits 1 when CITATION.cff or the README's "How to cite" block is out of date; with --write,
rewrites both (only the block between its markers in README.md).

The sentence itself comes from scripts/cite.py (shared with the web page); this module adds the
CITATION.cff file, a BibTeX entry, and the version in CHANGELOG.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from .cite import citation_text as _sentence
from .cite import creators, publication_year

ROOT = Path(__file__).resolve().parent.parent
CFF_VERSION = "1.2.0"
README_BLOCK = re.compile(r"(<!-- BEGIN citation: python -m scripts.citation --write -->\n).*?(<!-- END citation -->)", re.S)
CHANGELOG_ENTRY = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$", re.M)


def load_descriptor(root: Path = ROOT) -> dict[str, Any]:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def citation_text(descriptor: dict[str, Any] | None = None) -> str:
    """The citation sentence of the published package (of the repository when no descriptor is given)."""
    return _sentence(descriptor if descriptor is not None else load_descriptor())


def release_date(descriptor: dict[str, Any]) -> str:
    """The day of the package's `created` timestamp: the release date of this version."""
    return str(descriptor["created"])[:10]


def _yaml_str(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML), safe for any text."""
    return json.dumps(value, ensure_ascii=False)


def render_cff(descriptor: dict[str, Any]) -> str:
    """CITATION.cff for the package, in a fixed layout (the file is generated, never edited)."""
    lines = [
        "# Generated from datapackage.json by `python -m scripts.citation --write`; do not edit by hand.",
        f"cff-version: {CFF_VERSION}",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f"title: {_yaml_str(descriptor['title'])}",
        f"version: {_yaml_str(descriptor['version'])}",
        f"date-released: {_yaml_str(release_date(descriptor))}",
        f"license: {_yaml_str(descriptor['licenses'][0]['name'])}",
        "authors:",
        *(f"  - name: {_yaml_str(name)}" for name in creators(descriptor)),
        "keywords:",
        *(f"  - {_yaml_str(word)}" for word in descriptor.get("keywords", [])),
        f"abstract: {_yaml_str(descriptor['description'])}",
    ]
    if descriptor.get("homepage"):
        lines.append(f"repository-code: {_yaml_str(descriptor['homepage'])}")
    return "\n".join(lines) + "\n"


def bibtex_key(descriptor: dict[str, Any]) -> str:
    return f"{descriptor['name']}-{descriptor['version']}"


def bibtex(descriptor: dict[str, Any]) -> str:
    """A BibTeX @misc entry; corporate authors in double braces so BibTeX does not split them into names."""
    authors = " and ".join(f"{{{name}}}" for name in creators(descriptor))
    fields = [
        ("author", authors),
        ("title", f"{{{descriptor['title']}}}"),
        ("year", publication_year(descriptor)),
        ("version", descriptor["version"]),
        ("note", f"Data set (Frictionless Data Package), licensed {descriptor['licenses'][0]['name']}"),
    ]
    if descriptor.get("homepage"):
        fields.append(("url", descriptor["homepage"]))
    body = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(descriptor)},\n{body}\n}}\n"


def readme_block(descriptor: dict[str, Any]) -> str:
    """The generated part of README.md's "How to cite" section: the sentence and the BibTeX entry."""
    return f"{citation_text(descriptor)}\n\n```bibtex\n{bibtex(descriptor)}```\n"


def render_readme(text: str, descriptor: dict[str, Any]) -> str:
    if not README_BLOCK.search(text):
        raise ValueError("README.md has no citation block (<!-- BEGIN citation: ... --> ... <!-- END citation -->)")
    return README_BLOCK.sub(lambda m: m.group(1) + readme_block(descriptor) + m.group(2), text)


def readme_citation(text: str) -> str:
    """What README.md's citation block holds now."""
    match = README_BLOCK.search(text)
    if match is None:
        raise ValueError("README.md has no citation block")
    return text[match.end(1) : match.start(2)]


def changelog_latest(text: str) -> tuple[str, str]:
    """(version, date) of the newest released entry of a Keep a Changelog file ([Unreleased] skipped)."""
    match = CHANGELOG_ENTRY.search(text)
    if match is None:
        raise ValueError("CHANGELOG.md has no released entry '## [X.Y.Z] - YYYY-MM-DD'")
    return match.group("version"), match.group("date")


def stale(root: Path) -> list[str]:
    """Files whose citation metadata differ from what datapackage.json implies."""
    descriptor = load_descriptor(root)
    out = []
    cff = root / "CITATION.cff"
    if not cff.is_file() or cff.read_text(encoding="utf-8") != render_cff(descriptor):
        out.append("CITATION.cff")
    readme = (root / "README.md").read_text(encoding="utf-8")
    if not README_BLOCK.search(readme) or readme_citation(readme) != readme_block(descriptor):
        out.append("README.md")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite CITATION.cff and the README block")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    descriptor = load_descriptor(root)
    if args.write:
        (root / "CITATION.cff").write_text(render_cff(descriptor), encoding="utf-8")
        readme = root / "README.md"
        readme.write_text(render_readme(readme.read_text(encoding="utf-8"), descriptor), encoding="utf-8")
    print(citation_text(descriptor))
    out_of_date = stale(root)
    for name in out_of_date:
        print(f"{name} is out of date: run python -m scripts.citation --write", file=sys.stderr)
    return 1 if out_of_date else 0


if __name__ == "__main__":
    sys.exit(main())
