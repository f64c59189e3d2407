"""How to cite the package, from datapackage.json alone: one module, so the README, CITATION.cff,
the BibTeX entry and the web page cannot disagree.
"""

import json
import re
from typing import Any

CFF_VERSION = "1.2.0"
CHANGELOG_ENTRY = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$", re.M)


def publication_year(descriptor: dict[str, Any]) -> str:
    return str(descriptor["created"])[:4]


def release_date(descriptor: dict[str, Any]) -> str:
    """The day of the package's `created` timestamp: the release date of this version."""
    return str(descriptor["created"])[:10]


def creators(descriptor: dict[str, Any]) -> list[str]:
    """Contributors with the creator role (all contributors when none has it)."""
    people = descriptor.get("contributors", [])
    chosen = [c for c in people if "creator" in c.get("roles", [])] or people
    return [c["title"] for c in chosen]


def license_label(descriptor: dict[str, Any]) -> str:
    return ", ".join(lic.get("name") or lic.get("title", "") for lic in descriptor.get("licenses", []))


def citation_text(descriptor: dict[str, Any]) -> str:
    """A citation sentence: creators (year). Title. Version N [Data set]. Licence."""
    authors = "; ".join(creators(descriptor)) or "Anonymous"
    parts = [
        f"{authors} ({publication_year(descriptor)}).",
        f"{descriptor['title'].rstrip('.')}.",
        f"Version {descriptor['version']} [Data set].",
    ]
    if license_label(descriptor):
        parts.append(f"Licensed {license_label(descriptor)}.")
    return " ".join(parts)


def _yaml_str(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML), safe for any text."""
    return json.dumps(value, ensure_ascii=False)


def render_cff(descriptor: dict[str, Any]) -> str:
    """CITATION.cff for the package, in a fixed layout (the file is generated, never edited)."""
    lines = [
        "# Generated from datapackage.json by the build (scripts/package/citation.py); do not edit by hand.",
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
    return "\n".join(lines) + "\n"


def bibtex(descriptor: dict[str, Any]) -> str:
    """A BibTeX @misc entry; corporate authors in double braces so BibTeX does not split them into names."""
    authors = " and ".join(f"{{{name}}}" for name in creators(descriptor))
    fields = [
        ("author", authors),
        ("title", f"{{{descriptor['title']}}}"),
        ("year", publication_year(descriptor)),
        ("version", descriptor["version"]),
        ("note", f"Data set (Frictionless Data Package), licensed {license_label(descriptor)}"),
    ]
    body = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields)
    return f"@misc{{{descriptor['name']}-{descriptor['version']},\n{body}\n}}\n"


def changelog_latest(text: str) -> tuple[str, str]:
    """(version, date) of the newest released entry of a Keep a Changelog file ([Unreleased] skipped)."""
    match = CHANGELOG_ENTRY.search(text)
    if match is None:
        raise ValueError("CHANGELOG.md has no released entry '## [X.Y.Z] - YYYY-MM-DD'")
    return match.group("version"), match.group("date")
