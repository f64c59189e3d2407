"""How to cite the package, from datapackage.json alone.

One function, so the web page and a later CITATION.cff cannot disagree on the wording.
"""

from __future__ import annotations

from typing import Any


def publication_year(descriptor: dict[str, Any]) -> str:
    """The year of the package's `created` timestamp (YYYY-...)."""
    return str(descriptor["created"])[:4]


def creators(descriptor: dict[str, Any]) -> list[str]:
    """Contributors with the creator role (all contributors when none has it)."""
    people = descriptor.get("contributors", [])
    chosen = [c for c in people if "creator" in c.get("roles", [])] or people
    return [c["title"] for c in chosen]


def license_label(descriptor: dict[str, Any]) -> str:
    licenses = descriptor.get("licenses", [])
    return ", ".join(lic.get("name") or lic.get("title", "") for lic in licenses)


def citation_text(descriptor: dict[str, Any]) -> str:
    """A citation sentence: creators (year). Title. Version N [Data set]. Licence. Homepage when known."""
    authors = "; ".join(creators(descriptor)) or "Anonymous"
    parts = [
        f"{authors} ({publication_year(descriptor)}).",
        f"{descriptor['title'].rstrip('.')}.",
        f"Version {descriptor['version']} [Data set].",
    ]
    if license_label(descriptor):
        parts.append(f"Licensed {license_label(descriptor)}.")
    if descriptor.get("homepage"):
        parts.append(str(descriptor["homepage"]))
    return " ".join(parts)
