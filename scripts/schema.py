"""Reads scripts/schema.yaml, the one definition of the package and its fields."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

import yaml

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")


class Field(TypedDict, total=False):
    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    input: bool


@cache
def spec() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def package_meta() -> dict[str, Any]:
    return spec()["package"]


def table_names() -> list[str]:
    return list(spec()["tables"])


def table(name: str) -> dict[str, Any]:
    return spec()["tables"][name]


def fields(name: str) -> list[Field]:
    return table(name)["fields"]


def field_names(name: str) -> list[str]:
    return [f["name"] for f in fields(name)]


def input_fields(name: str) -> list[Field]:
    """Fields a curator types in the facts file (the others are derived by the build)."""
    return [f for f in fields(name) if f.get("input", True)]


def table_schema(name: str, *, parquet: bool = False) -> dict[str, Any]:
    """Table Schema descriptor for datapackage.json.

    For Parquet, bounds are dropped from fields that may be empty: frictionless 5.21 reads an empty
    Parquet double as NaN and fails it against minimum/maximum. The build proves the Parquet file
    equals the CSV cell for cell, and the CSV is validated with the bounds.
    """
    out_fields = []
    for f in fields(name):
        field = {k: v for k, v in f.items() if k not in ("input", "input_list", "verbatim", "edtf")}
        constraints = dict(field.get("constraints", {}))
        if parquet and f["type"] in ("number", "integer") and not constraints.get("required"):
            constraints.pop("minimum", None)
            constraints.pop("maximum", None)
        if constraints:
            field["constraints"] = constraints
        else:
            field.pop("constraints", None)
        out_fields.append(field)
    descriptor: dict[str, Any] = {"fields": out_fields, "missingValues": [""]}
    descriptor["primaryKey"] = table(name)["primaryKey"]
    if table(name).get("foreignKeys"):
        descriptor["foreignKeys"] = copy.deepcopy(table(name)["foreignKeys"])  # callers may rewrite them
    return descriptor


def constraints_text(field: dict[str, Any], code: Callable[[str], str], plain: Callable[[str], str] = str) -> str:
    """A field's constraints other than `required`, for a data dictionary (README and web page alike).

    `code` formats what is shown as code (enum values, patterns); `plain` escapes the rest.
    """
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
