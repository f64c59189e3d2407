"""The package's count line and the data dictionary's wording of a field, read from the published descriptor.

The README, the data card and the workbook format what these functions return, so they cannot drift apart.
"""

from collections.abc import Callable
from typing import Any

from scripts.model.schema import Tables
from scripts.package.evidence import cell_spans, cited_columns


def references(resource: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Column -> (the table, the column) its foreign key refers to."""
    return {
        own: (fk["reference"]["resource"], other)
        for fk in resource["schema"].get("foreignKeys", [])
        for own, other in zip(fk["fields"], fk["reference"]["fields"], strict=True)
    }


def figures_line(tables: Tables, descriptor: dict[str, Any]) -> str:
    """What the package holds, in one sentence; every count says what it counts."""
    cited = sum(len(tables[t]) for t in cited_columns(descriptor))
    return (
        f"{len(tables['sources'])} sources; {len(tables['citations'])} citations (excerpts) supporting {cited} rows; "
        f"{len(tables['citation_fields'])} spans (the words of an excerpt that state a value) stating "
        f"{len(cell_spans(tables, descriptor))} distinct cells; {len(tables)} tables, each as CSV and as Parquet "
        f"({len(descriptor['resources'])} resources)."
    )


def constraints_text(field: dict[str, Any], code: Callable[[str], str], plain: Callable[[str], str] = str) -> str:
    """A field's constraints other than `required`, for the data dictionary (README and web page alike): `code` formats
    what is shown as code (enum values, patterns), `plain` escapes the rest."""
    parts = []
    for key, value in field.get("constraints", {}).items():
        if key == "required":
            continue
        if key == "enum":
            text = ", ".join(code(str(v)) for v in value)
        elif key == "pattern":
            text = code(value)
        else:
            text = plain(str(value))
        parts.append(f"{plain(key)}: {text}")
    return "; ".join(parts)
