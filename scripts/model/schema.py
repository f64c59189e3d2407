"""Reads schema.yaml, the one definition of the package and its fields, and refuses it unless it is well formed.

frictionless accepts unknown field properties silently, and a YAML slip once turned half a description into a
stray key. So the file is validated against a strict model: unknown keys, missing descriptions, provenance roles
or kinds, and references to fields or tables that do not exist stop the build with table, field, key and line.
What the citations share with the cited tables (their columns, id pattern and enums) is derived here and nowhere else.
"""

import copy
import datetime
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Self, get_args

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scripts.model.conventions import CONVENTIONS, STATEMENT_CONVENTIONS
from scripts.model.files import ROOT
from scripts.model.problems import BuildError, Problem

SCHEMA_FILE = "schema.yaml"  # at the root of the repository, beside facts/ and data/
TABLE_SCHEMA_KEYS = ("name", "type", "description", "constraints", "provenance", "kind")  # what datapackage.json gives of a field
Provenance = Literal["key", "stated", "derived", "editorial"]
# The kind of a stated field names the rule by which the build proves that an excerpt's words state its value.
Kind = Literal["number", "money", "currency", "party", "name", "verbatim", "source", "place", "quote", "country", "date", "judgement"]
Row = dict[str, Any]  # one row of a table, by field name
Tables = dict[str, list[Row]]  # every table of the package, by name
LIST_SEPARATOR = "; "  # the items of an input_list field, joined in its one cell
CONTEXT = 32  # characters of prefix and suffix published with each citation
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


def list_items(cell: str | None) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(pattern: str) -> str:
    try:
        return re.compile(pattern).pattern
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from None


class Constraints(_Strict):
    required: bool = False
    pattern: Annotated[str, AfterValidator(_compiles)] | None = None
    enum: list[str] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None


class FieldSpec(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal["string", "integer", "number", "boolean", "date"]
    description: str = Field(min_length=10)
    provenance: Provenance
    constraints: Constraints | None = None
    input: bool = True
    input_list: bool = False
    edtf: bool = False
    verbatim: bool = False
    kind: Kind | None = None
    unit: Literal["percent"] | None = None  # number: the numeral must be a percentage
    tie: str | None = None  # where one excerpt states this field for several rows: the field whose party the span also names
    basis: str | None = None  # date: the field that says stated (a printed date), resolved (a relative phrase) or inferred (a judgement)
    as_published_when: dict[str, str] | None = None  # date: rows with these values may be dated by their text's publication

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.input and self.provenance not in ("derived", "key"):
            raise ValueError(f"a field the build computes (input: false) is derived or key, not {self.provenance}")
        if (self.input_list or self.edtf or self.verbatim) and self.type != "string":
            raise ValueError("input_list, edtf and verbatim are for string fields")
        if self.input and self.type == "date":
            raise ValueError("a curator types a date as an EDTF string (edtf: true); type date is for fields the build computes")
        if (self.kind is None) == (self.provenance == "stated"):
            raise ValueError("a stated field names its kind (the rule that checks its excerpts), and only a stated field does")
        if ((self.unit or self.tie) and self.kind != "number") or ((self.basis or self.as_published_when) and self.kind != "date"):
            raise ValueError("unit and tie are for number fields, basis and as_published_when for date fields")
        return self


class Nested(_Strict):
    within: str
    under: str
    parent_field: str


class Present(_Strict):
    label: str | None = None
    sort: str | None = None
    search: list[str] = []
    facets: list[str] = []
    leave_out: list[Literal["bods"]] = []


class Reference(_Strict):
    resource: str
    fields: list[str]


class ForeignKey(_Strict):
    fields: list[str]
    reference: Reference


class TableSpec(_Strict):
    facts: str | Nested | None
    title: str
    description: str = Field(min_length=10)
    cited_as: str | None = Field(default=None, pattern=r"^[a-z][a-z_]*$")
    citation_column: str | None = None
    key_from: list[str] | None = None
    primaryKey: list[str]
    foreignKeys: list[ForeignKey] = []
    extra_inputs: list[str] = []
    about: list[str] = []  # the party fields naming who a row is about (table.field: of its nested rows): every excerpt names one
    present: Present = Present()
    fields: list[FieldSpec]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"a field name is given twice: {names}")
        named = [f.tie for f in self.fields if f.tie] + [f.basis for f in self.fields if f.basis]
        named += [k for f in self.fields for k in f.as_published_when or {}] + [a for a in self.about if "." not in a]
        shown = self.present
        named += [n for n in [shown.label, (shown.sort or "").lstrip("-") or None, *shown.search, *shown.facets] if n]
        for label, used in (("primaryKey", self.primaryKey), ("key_from", self.key_from or []), ("tie, basis, about or present", named)):
            unknown = [n for n in used if n not in names]
            if unknown:
                raise ValueError(f"{label} names unknown fields {unknown}")
        for key in self.foreignKeys:
            if any(n not in names for n in key.fields):
                raise ValueError(f"foreign key names unknown fields {key.fields}")
        if isinstance(self.facts, Nested) and self.facts.parent_field not in names:
            raise ValueError(f"parent_field {self.facts.parent_field!r} is not a field")
        if self.citation_column and not self.cited_as:
            raise ValueError("citation_column without cited_as")
        return self


class Package(_Strict):
    """The package's own values, by the Data Package rules: the name also names files (the SQLite file, the
    workbook, the release), so it is a plain lower-case word, never a path."""

    name: str = Field(pattern=r"^[a-z0-9]+([._-][a-z0-9]+)*$", max_length=100)
    title: str = Field(min_length=1)
    description: str = Field(min_length=10)
    version: str = Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")
    created: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    homepage: str | None = Field(pattern=r"^https?://\S+$")
    keywords: list[str]
    licenses: list[dict[str, str]] = Field(min_length=1)
    contributors: list[dict[str, Any]]

    @field_validator("created")
    @classmethod
    def _real_time(cls, value: str) -> str:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))  # ValueError: not a real date and time (RFC 3339)
        return value


class FileSpec(_Strict):
    path: str = Field(pattern=r"^data/[a-z{}.-]+$")
    title: str
    description: str = Field(min_length=10)
    mediatype: str


class Files(_Strict):  # one for each writer of a file beside the tables: a file no writer makes is refused here
    workbook: FileSpec
    bods: FileSpec
    sqlite: FileSpec
    datasette: FileSpec


class SchemaSpec(_Strict):
    package: Package
    files: Files
    provenance: dict[Provenance, str]
    kinds: dict[Kind, str]
    vocabulary: dict[Literal["countries", "currencies"], dict[str, list[str]]]
    patterns: dict[str, str]
    tables: dict[str, TableSpec]

    @model_validator(mode="after")
    def _references(self) -> Self:
        for name, given, known in (("provenance", self.provenance, Provenance), ("kinds", self.kinds, Kind)):
            if missing := [k for k in get_args(known) if k not in given]:
                raise ValueError(f"{name} does not say what {missing} means")
        for name, table in self.tables.items():
            for key in table.foreignKeys:
                target = self.tables.get(key.reference.resource)
                if target is None or any(f not in {g.name for g in target.fields} for f in key.reference.fields):
                    raise ValueError(f"table {name}: foreign key to unknown {key.reference.resource}.{key.reference.fields}")
            if isinstance(table.facts, Nested) and table.facts.within not in self.tables:
                raise ValueError(f"table {name}: nested within unknown table {table.facts.within!r}")
            for nested, _, field in (a.partition(".") for a in table.about if "." in a):
                rows = self.tables.get(nested)
                if (
                    rows is None
                    or not isinstance(rows.facts, Nested)
                    or rows.facts.within != name
                    or field not in {f.name for f in rows.fields}
                ):
                    raise ValueError(f"table {name}: about names {nested}.{field}, not a field of a table nested in it")
        return self


def _line(root: yaml.Node, loc: tuple[Any, ...]) -> int | None:
    """The line of the node at a pydantic error location (the deepest that exists); None for the whole file."""
    node, line = root, None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == part), None)
            if match is None:
                break
            node, line = match[1], match[0].start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node, line = node.value[part], node.value[part].start_mark.line + 1
        else:
            break
    return line


def _problem(error: Any, data: dict[str, Any], root: yaml.Node) -> Problem:
    """A schema problem named by table, field and key, at its line."""
    loc = tuple(error["loc"])
    table = loc[1] if len(loc) > 1 and loc[0] == "tables" else None
    field = None
    if table and len(loc) > 3 and loc[2] == "fields" and isinstance(loc[3], int):
        try:
            field = data["tables"][table]["fields"][loc[3]].get("name", f"#{loc[3] + 1}")
        except (KeyError, IndexError, AttributeError, TypeError):
            field = f"#{loc[3] + 1}"
    key = ".".join(str(p) for p in (loc[4:] if field else loc[2:] if table else loc) if not str(p).startswith(("function-", "literal")))
    message = f"{key}: {error['msg']}" if key else error["msg"]
    if error["type"] == "extra_forbidden":
        message = f"unknown key {str(loc[-1])!r}: not part of the schema format (a misspelling, or a YAML slip such as an unquoted comma)"
    return Problem(SCHEMA_FILE, str(table) if table else None, field, message, _line(root, loc))


_current: dict[str, Any] = {}


def use(path: Path) -> None:
    """Make the schema at path the one every function here answers from (the build uses its root's), or BuildError."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=LOADER)
        SchemaSpec.model_validate(data)
    except yaml.YAMLError as err:
        raise BuildError([Problem(SCHEMA_FILE, None, None, f"YAML error: {err}")]) from err
    except ValidationError as err:
        root = yaml.compose(text, Loader=LOADER)  # only now: the nodes know their lines
        raise BuildError([_problem(e, data, root) for e in err.errors()]) from err
    _current.clear()
    _current.update(data)
    _generate()


def _generate() -> None:
    """Add what is derived from the tables' cited_as: the citations' row columns and keys, the id pattern, the enums."""
    citations, columns = table("citations"), []
    for t in cited_tables():
        columns.append(
            {
                "name": citation_column(t),
                "type": "string",
                "provenance": "editorial",
                "description": f"The row of {t} the excerpt supports (its {key_field(t)}).",
                "constraints": {"pattern": field(t, key_field(t))["constraints"]["pattern"]},
            }
        )
        citations["foreignKeys"].append({"fields": [citation_column(t)], "reference": {"resource": t, "fields": table(t)["primaryKey"]}})
    at = field_names("citations").index("source_id") + 1
    citations["fields"][at:at] = columns
    pattern = rf"^({'|'.join(map(row_kind, cited_tables()))})\.[a-z0-9_.-]+\.[a-z0-9-]+\.[0-9]+$"
    for name in ("citations", "citation_fields"):
        field(name, "citation_id")["constraints"]["pattern"] = pattern
    field("citation_fields", "field")["constraints"]["enum"] = sorted({f for t in cited_tables() for f in stated_fields(t)})
    rules = [k for k in get_args(Kind) if k != "date"] + ["anaphor", *CONVENTIONS, *STATEMENT_CONVENTIONS]  # a date: its convention
    field("citation_fields", "rule")["constraints"]["enum"] = list(dict.fromkeys(rules))


def spec() -> dict[str, Any]:
    if not _current:
        use(ROOT / SCHEMA_FILE)
    return _current


def package_meta() -> dict[str, Any]:
    return spec()["package"]


def provenance() -> dict[str, str]:
    """What each provenance role means (schema.yaml's words): for the card and the JSON-LD."""
    return spec()["provenance"]


def files() -> dict[str, dict[str, Any]]:
    """The file resources (name -> path with the package name filled in, title, description, mediatype)."""
    return {key: {**f, "path": f["path"].format(name=package_meta()["name"])} for key, f in spec()["files"].items()}


def table_names() -> list[str]:
    return list(spec()["tables"])


def table(name: str) -> dict[str, Any]:
    return spec()["tables"][name]


def fields(name: str) -> list[dict[str, Any]]:
    return table(name)["fields"]


def field_names(name: str) -> list[str]:
    return [f["name"] for f in fields(name)]


def field(name: str, field_name: str) -> dict[str, Any]:
    return next(f for f in fields(name) if f["name"] == field_name)


def key_field(name: str) -> str:
    """The first primary key field: the row's id in messages and citations."""
    return table(name)["primaryKey"][0]


def cited_tables() -> list[str]:
    """Tables whose rows carry evidence, in schema order."""
    return [t for t in table_names() if table(t).get("cited_as")]


def row_kind(name: str) -> str:
    """What one row of a cited table is called (party, stake ...): citation ids and messages."""
    return table(name)["cited_as"]


def citation_column(name: str) -> str:
    """The citations column that points at rows of this cited table."""
    return table(name).get("citation_column") or f"{row_kind(name)}_id"


def present(name: str) -> dict[str, Any]:
    """How the outputs show a table (schema.yaml `present`): label, sort, search, facets, leave_out."""
    return {**Present().model_dump(), **table(name).get("present", {})}


def vocabulary(name: str) -> dict[str, list[str]]:
    return spec()["vocabulary"][name]


def stated_fields(name: str) -> list[str]:
    return [f["name"] for f in fields(name) if f["provenance"] == "stated"]


def facts_file(name: str) -> str | None:
    """The facts file of a top-level table (None for nested and built tables)."""
    facts = table(name).get("facts")
    return facts if isinstance(facts, str) else None


def nested_tables(parent: str) -> list[tuple[str, str, str]]:
    """(table, key under which its rows are typed, field that takes the parent's id) of tables typed inside parent's records."""
    facts = {name: table(name).get("facts") for name in table_names()}
    return [(name, f["under"], f["parent_field"]) for name, f in facts.items() if isinstance(f, dict) and f["within"] == parent]


def table_schema(name: str) -> dict[str, Any]:
    """Table Schema descriptor for datapackage.json (with our `provenance` and `kind` field properties)."""
    copied = copy.deepcopy(table(name))  # callers may rewrite what they get
    out_fields = [{k: v for k, v in f.items() if k in TABLE_SCHEMA_KEYS and (v or k != "constraints")} for f in copied["fields"]]
    descriptor: dict[str, Any] = {"fields": out_fields, "missingValues": [""], "primaryKey": copied["primaryKey"]}
    if copied.get("foreignKeys"):
        descriptor["foreignKeys"] = copied["foreignKeys"]
    return descriptor
