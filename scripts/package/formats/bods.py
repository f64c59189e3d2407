"""BODS 0.4 export: the parties and stakes of the published package as Beneficial Ownership Data
Standard statements, each stated value with its excerpt as an annotation.

The build writes it (data/bods.json, a file resource) from the validated tables and the archived texts,
as one JSON array, byte-identical from run to run. BODS describes who holds interests in legal entities;
the package says more and less than that, so the mapping decides (README, section "BODS 0.4"):

- Parties: a person is a person statement (knownPerson). Companies, banks, the joint venture and
  the sovereign wealth fund are registeredEntity (entityType.details keeps our party_type); the
  government is a state, with its country as jurisdiction. A platform is unknownEntity: the texts
  name a service, not the legal entity that runs it. A group (the Russian partners) gets no
  statement: it is not an entity, and what it holds is the sum of what its members hold.
- Countries other than a state's are an annotation, not jurisdiction or nationality: the texts tie
  a party to a country without saying where it is registered or what passport a person holds.
- Stakes: one relationship statement per holder and subject, one interest per stake. equity is
  shareholding (share.exact, or minimum and maximum); ownership and investment are unknownInterest
  (the texts do not say how the interest is held); control is otherInfluenceOrControl.
  directOrIndirect is unknown and beneficialOwnershipOrControl is left out (the texts apply no
  definition of beneficial ownership).
- Status: BODS has none. Every interest's details give its stakes row, status and as_of (EDTF), and
  agreed and planned interests carry an annotation saying they are not holdings.
- Group stakes: never a relationship (that would count the members' shares twice). Each becomes an
  annotation on the relationships of the group's members with the same subject, with its evidence.
- Dates: BODS wants full days. statementDate is the first day by which a text that states the row had
  certainly been published (the smallest published_end of the statement's texts); startDate is never
  set, because as_of is the day the texts describe a stake, not the day it began; the EDTF dates
  stay in details and descriptions. publicationDate is the package's created date.
- Evidence: one annotation per citation (motivation commenting, or linking with the page's address
  when the text has one): the excerpt, its source, its character offsets in the archived text, and
  the fields of the row it states, each with the JSON pointer of the value in the statement
  (statementPointerTarget is their common prefix). A custom `citation` object holds the same data
  for programs; the BODS annotation model allows custom properties there.
- Identifiers: recordId <name>/party/<party_id> and <name>/relationship/<holder_id>/<subject_id>;
  statementId the SHA-256 of the statement's canonical JSON without it. The whole export is one
  declaration, <name>/<version>, whose subject is the joint venture.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import pycountry

from scripts.model.schema import Row, Tables
from scripts.package.citation import release_date
from scripts.package.evidence import cell_evidence
from scripts.package.reader import Package, read_tables

BODS_VERSION = "0.4"
SOURCE_TYPE = ["thirdParty"]  # news reports: neither the parties' own declarations nor a register

# party_type -> (entityType.type, entityType.details); persons and groups are handled apart
ENTITY_TYPES: dict[str, tuple[str, str]] = {
    "company": ("registeredEntity", "company"),
    "joint_venture": ("registeredEntity", "joint venture"),
    "bank": ("registeredEntity", "bank"),
    "sovereign_wealth_fund": ("registeredEntity", "sovereign wealth fund"),  # BODS's government-linked investment entity
    "government": ("state", "government"),
    "platform": ("unknownEntity", "platform"),
}
PERSON = "person"
GROUP = "group"

# interest_type -> (interests[].type, what the stake says, for details)
INTERESTS: dict[str, tuple[str, str]] = {
    "equity": ("shareholding", "a shareholding"),
    "ownership": ("unknownInterest", "owns it; the texts state no share and not how it is held"),
    "control": ("otherInfluenceOrControl", "controls it; the texts do not say how"),
    "investment": ("unknownInterest", "has invested in it; the texts do not say in what form"),
}
STATUSES: dict[str, str] = {
    "held": "existing when the texts describe it",
    "agreed": "set in a signed deal, not yet held when the texts describe it",
    "planned": "announced as an intention, not held when the texts describe it",
}
NOT_EXPORTED = ("events", "event_parties", "quotes", "disagreements")  # not about who holds what


@dataclass(frozen=True)
class _Context:
    """What every statement needs: the package, its evidence index and the shared publication data."""

    package: Package
    evidence: dict[tuple[str, str, str], list[str]]
    citations: dict[str, Row]
    order: dict[str, int]  # citation id -> position in the citations table
    sources: dict[str, Row]
    parties: dict[str, Row]
    members: dict[str, list[Row]]  # group id -> its party_members rows, in table order
    group_stakes: dict[str, list[Row]]  # subject id -> the group_stakes rows in it, in table order
    stated: dict[str, list[str]]  # table -> its stated fields, in schema order
    declaration: str
    subject_record: str
    publication: dict[str, Any]

    def record(self, party_id: str) -> str:
        return f"{self.package.descriptor['name']}/party/{party_id}"


def _stated_fields(package: Package, table: str) -> list[str]:
    return [f["name"] for f in package.resource(table)["schema"]["fields"] if f["provenance"] == "stated"]


def _grouped(rows: list[Row], *columns: str) -> dict[Any, list[Row]]:
    """Rows by their value of one column (or tuple of several), each list in table order: an index, as a scan per
    group, stake or relationship made the export grow quadratically."""
    key = itemgetter(*columns)
    out: dict[Any, list[Row]] = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out


def _context(package: Package) -> _Context:
    descriptor = package.descriptor
    tables = package.tables
    parties = {p["party_id"]: p for p in tables["parties"]}
    ventures = [p["party_id"] for p in tables["parties"] if p["party_type"] == "joint_venture"]
    subject = ventures[0] if ventures else tables["parties"][0]["party_id"]
    publisher = {"name": descriptor["contributors"][0]["title"]}
    publication = {
        "publicationDate": release_date(descriptor),
        "bodsVersion": BODS_VERSION,
        "license": descriptor["licenses"][0]["path"],
        "publisher": publisher,
    }
    return _Context(
        package=package,
        evidence=cell_evidence(tables, descriptor),
        citations={c["citation_id"]: c for c in tables["citations"]},
        order={c["citation_id"]: i for i, c in enumerate(tables["citations"])},
        sources={s["source_id"]: s for s in tables["sources"]},
        parties=parties,
        members=_grouped(tables["party_members"], "group_id"),
        group_stakes=_grouped(tables["group_stakes"], "subject_id"),
        stated={t: _stated_fields(package, t) for t in ("parties", "stakes", "group_stakes", "party_members")},
        declaration=f"{descriptor['name']}/{descriptor['version']}",
        subject_record=f"{descriptor['name']}/party/{subject}",
        publication=publication,
    )


def _comment(pointer: str, text: str) -> dict[str, Any]:
    return {"statementPointerTarget": pointer, "motivation": "commenting", "description": text}


def _common_pointer(pointers: Iterable[str]) -> str:
    """The longest JSON pointer that all of these point into ("" is the whole statement)."""
    parts = [p.split("/")[1:] for p in pointers]
    if not parts:
        return ""
    common: list[str] = []
    for tokens in zip(*parts, strict=False):
        if len(set(tokens)) != 1:
            break
        common.append(tokens[0])
    return "".join(f"/{t}" for t in common)


def _evidence(ctx: _Context, table: str, row_id: str, pointers: dict[str, str]) -> list[dict[str, Any]]:
    """One annotation per citation of the row: its excerpt, source, offsets and the fields it states."""
    fields_of: dict[str, list[str]] = {}
    for field in ctx.stated[table]:
        for cid in ctx.evidence.get((table, row_id, field), []):
            fields_of.setdefault(cid, []).append(field)
    out = []
    for cid in sorted(fields_of, key=ctx.order.__getitem__):
        c, fields = ctx.citations[cid], fields_of[cid]
        source = ctx.sources[c["source_id"]]
        text = (
            f"Evidence {cid}: {c['source_id']} ({source['publisher']}, “{source['title']}”), "
            f"{source['archive_path']} characters {c['start']}–{c['end']}: “{c['exact']}”. "
            f"States {', '.join(fields)} of {table} row {row_id}."
        )
        annotation: dict[str, Any] = {
            "statementPointerTarget": _common_pointer(pointers[f] for f in fields),
            "motivation": "linking" if source["url"] else "commenting",
            "description": text,
        }
        if source["url"]:
            annotation["url"] = source["url"]
        annotation["citation"] = {
            "citationId": cid,
            "sourceId": c["source_id"],
            "sourceTitle": source["title"],
            "archivePath": source["archive_path"],
            "exact": c["exact"],
            "start": c["start"],
            "end": c["end"],
            "table": table,
            "rowId": row_id,
            "fields": [{"field": f, "pointer": pointers[f]} for f in fields],
        }
        out.append(annotation)
    return out


def _source(ctx: _Context, source_ids: list[str]) -> dict[str, Any]:
    """BODS source: the package, and the news texts whose excerpts support the statement."""
    descriptor = ctx.package.descriptor
    texts = []
    for sid in source_ids:
        s = ctx.sources[sid]
        credit = f", credited to {s['attributed_to'].replace('; ', ', ')}" if s["attributed_to"] else ""
        address = f", {s['url']}" if s["url"] else ""
        texts.append(f"{sid}: {s['title']} ({s['publisher']}{credit}; published {s['published']}, EDTF{address})")
    description = (
        f"{descriptor['title']}, data package {descriptor['name']} version {descriptor['version']}, "
        f"compiled by its curators from archived news texts; each value's excerpt is an annotation of this statement. "
        f"Texts: {'; '.join(texts)}."
    )
    publishers = list(dict.fromkeys(ctx.sources[sid]["publisher"] for sid in source_ids))
    return {"type": list(SOURCE_TYPE), "description": description, "assertedBy": [{"name": p} for p in publishers]}


def _statement(ctx: _Context, record_id: str, record_type: str, details: dict[str, Any], annotations: list[dict[str, Any]]) -> dict:
    """A complete statement: dates and source from its evidence, statementId from its content."""
    source_ids = sorted({a["citation"]["sourceId"] for a in annotations if "citation" in a}, key=list(ctx.sources).index)
    if not source_ids:
        raise ValueError(f"{record_id}: no excerpt supports it")
    body = {
        "declaration": ctx.declaration,
        "declarationSubject": ctx.subject_record,
        "statementDate": min(ctx.sources[s]["published_end"] for s in source_ids),
        "recordId": record_id,
        "recordType": record_type,
        "recordDetails": details,
        "publicationDetails": copy.deepcopy(ctx.publication),  # each statement its own objects, safe to edit
        "source": _source(ctx, source_ids),
        "annotations": annotations,
    }
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()
    return {"statementId": digest, **body}


def _aliases(party: Row) -> list[str]:
    return party["aliases"].split("; ") if party["aliases"] else []


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return country.name


def _party_statement(ctx: _Context, party: Row, left_out_note: str | None) -> dict[str, Any]:
    pid, kind = party["party_id"], party["party_type"]
    facts = [_comment("", f"Description (parties row {pid}): {party['description']}")]
    pointers = {"description": "/annotations/0/description"}
    if kind == PERSON:
        names = [{"fullName": party["name"]}] + [{"type": "alternative", "fullName": a} for a in _aliases(party)]
        details: dict[str, Any] = {"isComponent": False, "personType": "knownPerson", "names": names}
        pointers["name"] = "/recordDetails/names/0/fullName"
        pointers |= {"aliases": "/recordDetails/names", "party_type": "/recordDetails/personType"}
    else:
        entity_type, what = ENTITY_TYPES[kind]
        details = {"isComponent": False, "entityType": {"type": entity_type, "details": what}}
        if entity_type == "unknownEntity":
            details["unspecifiedEntityDetails"] = {
                "reason": "informationUnknownToPublisher",
                "description": f"The texts name {party['name']} as a platform, not the legal entity that runs it.",
            }
        details["name"] = party["name"]
        if party["aliases"]:
            details["alternateNames"] = _aliases(party)
        pointers |= {"name": "/recordDetails/name", "aliases": "/recordDetails/alternateNames", "party_type": "/recordDetails/entityType"}
        if entity_type == "state" and party["country"]:
            details["jurisdiction"] = {"name": _country_name(party["country"]), "code": party["country"]}
            pointers["country"] = "/recordDetails/jurisdiction"
    if party["country"] and "country" not in pointers:
        field, unsaid = ("nationality", "what passport the person holds") if kind == PERSON else ("jurisdiction", "where it is registered")
        pointers["country"] = f"/annotations/{len(facts)}/description"
        tie = f"Country: {party['country']} ({_country_name(party['country'])}), the country the texts tie {party['name']} to."
        facts.append(_comment("", f"{tie} Not given as {field}: they do not say {unsaid}."))
    if party["note"]:
        facts.append(_comment("", f"Curators' note (basis {party['basis']}): {party['note']}"))
    if left_out_note:
        facts.append(_comment("", left_out_note))
    annotations = facts + _evidence(ctx, "parties", pid, pointers)
    return _statement(ctx, ctx.record(pid), "person" if kind == PERSON else "entity", details, annotations)


def _interest(stake: Row) -> dict[str, Any]:
    bods_type, meaning = INTERESTS[stake["interest_type"]]
    interest: dict[str, Any] = {
        "type": bods_type,
        "directOrIndirect": "unknown",
        "details": (
            f"stakes row {stake['stake_id']}: {stake['interest_type']} ({meaning}); status {stake['status']} "
            f"({STATUSES[stake['status']]}); as of {stake['as_of']} (EDTF)"
        ),
    }
    if stake["share_exact"] is not None:
        interest["share"] = {"exact": stake["share_exact"]}
    elif stake["share_min"] is not None or stake["share_max"] is not None:
        bounds = {"minimum": stake["share_min"], "maximum": stake["share_max"]}
        interest["share"] = {k: v for k, v in bounds.items() if v is not None}
    return interest


def _stake_pointers(i: int) -> dict[str, str]:
    at = f"/recordDetails/interests/{i}"
    return {
        "holder_id": "/recordDetails/interestedParty",
        "subject_id": "/recordDetails/subject",
        "interest_type": f"{at}/type",
        "share_exact": f"{at}/share/exact",
        "share_min": f"{at}/share/minimum",
        "share_max": f"{at}/share/maximum",
        "status": f"{at}/details",
        "as_of": f"{at}/details",
    }


def _members(ctx: _Context, group_id: str) -> list[Row]:
    return ctx.members.get(group_id, [])


def _group_annotations(ctx: _Context, holder: str, subject: str, stakes: list[Row], start: int) -> list[dict[str, Any]]:
    """What a source says of a group this holder belongs to, in the same subject: a summary and its evidence."""
    out: list[dict[str, Any]] = []
    evidenced: set[str] = set()  # memberships already evidenced here (a member of one group, two group stakes)
    for group_stake in ctx.group_stakes.get(subject, []):
        members = _members(ctx, group_stake["group_id"])
        mine = [m for m in members if m["member_id"] == holder]
        if not mine:
            continue
        group = ctx.parties[group_stake["group_id"]]
        names = ", ".join(ctx.parties[m["member_id"]]["name"] for m in members)
        same = [i for i, s in enumerate(stakes) if s["interest_type"] == group_stake["interest_type"]]
        target = f"/recordDetails/interests/{same[0]}" if same else "/recordDetails/interests"
        if group_stake["share_exact"] is not None:
            claim = f"hold a combined {group_stake['share_exact']:g} % of {ctx.parties[subject]['name']}"
            why = "It is the sum of the members' own stakes, not a further holding, so it is no relationship of its own."
        elif group_stake["interest_type"] == "control":
            claim = f"control {ctx.parties[subject]['name']} together"
            why = "BODS has no interest held jointly, and no member is said to hold it alone, so it is no interest of its own."
        else:
            claim = f"together hold {group_stake['interest_type']} in {ctx.parties[subject]['name']}"
            why = "BODS has no interest held jointly, and no member is said to hold it alone, so it is no interest of its own."
        note = f" Note: {group_stake['note']}" if group_stake["note"] else ""
        membership = f" Membership ({mine[0]['basis']}): {mine[0]['note']}" if mine[0]["note"] else f" Membership: {mine[0]['basis']}."
        summary = _comment(
            target,
            f"Group stake {group_stake['group_stake_id']} ({group_stake['status']}, as of {group_stake['as_of']}, EDTF): "
            f"a source says the {group['name']} ({names}) {claim}. {why}{note}{membership}",
        )
        at = f"/annotations/{start + len(out)}/description"
        out.append(summary)
        out += _evidence(ctx, "group_stakes", group_stake["group_stake_id"], dict.fromkeys(ctx.stated["group_stakes"], at))
        if mine[0]["party_member_id"] not in evidenced:
            evidenced.add(mine[0]["party_member_id"])
            out += _evidence(ctx, "party_members", mine[0]["party_member_id"], dict.fromkeys(ctx.stated["party_members"], at))
    return out


def _relationship_statement(ctx: _Context, holder: str, subject: str, stakes: list[Row]) -> dict[str, Any]:
    details = {
        "isComponent": False,
        "subject": ctx.record(subject),
        "interestedParty": ctx.record(holder),
        "interests": [_interest(s) for s in stakes],
    }
    facts: list[dict[str, Any]] = []
    for i, stake in enumerate(stakes):
        at = f"/recordDetails/interests/{i}"
        if stake["status"] != "held":
            facts.append(
                _comment(
                    at,
                    f"Not a holding: status {stake['status']}, {STATUSES[stake['status']]} (as of {stake['as_of']}, EDTF). "
                    "BODS 0.4 has no status for an interest; read its details.",
                )
            )
        if stake["note"]:
            facts.append(_comment(at, f"Curators' note (basis {stake['basis']}): {stake['note']}"))
    facts += _group_annotations(ctx, holder, subject, stakes, len(facts))
    evidence = [a for i, s in enumerate(stakes) for a in _evidence(ctx, "stakes", s["stake_id"], _stake_pointers(i))]
    record = f"{ctx.package.descriptor['name']}/relationship/{holder}/{subject}"
    return _statement(ctx, record, "relationship", details, facts + evidence)


def left_out(package: Package) -> list[str]:
    """What of the package the export does not carry as statements, and where it went instead."""
    tables = package.tables
    out = []
    by_group = _grouped(tables["party_members"], "group_id")
    for party in tables["parties"]:
        if party["party_type"] == GROUP:
            members = ", ".join(m["member_id"] for m in by_group.get(party["party_id"], []))
            out.append(f"parties row {party['party_id']} ({party['name']}): a group, not an entity; its members are {members}")
    for row in tables["group_stakes"]:
        out.append(f"group_stakes row {row['group_stake_id']}: an annotation on its members' relationships, not a relationship")
    for row in tables["party_members"]:
        out.append(f"party_members row {row['party_member_id']}: in the group stake annotations")
    out += [f"table {name}: not about who holds what" for name in NOT_EXPORTED]
    return out


def statements(package: Package) -> list[dict[str, Any]]:
    """Every statement, in a fixed order: parties as in the parties table, then relationships as in stakes."""
    ctx = _context(package)
    summary = "This declaration leaves out: " + "; ".join(left_out(package)) + "."
    out = [
        _party_statement(ctx, p, summary if ctx.record(p["party_id"]) == ctx.subject_record else None)
        for p in package.tables["parties"]
        if p["party_type"] != GROUP
    ]
    pairs = _grouped(package.tables["stakes"], "holder_id", "subject_id")
    out += [_relationship_statement(ctx, holder, subject, rows) for (holder, subject), rows in pairs.items()]
    return out


def bods_statements(root: Path, descriptor: dict[str, Any], tables: Tables | None = None) -> list[dict[str, Any]]:
    """The BODS statements of the package at root (its tables, as its descriptor lists them, or those given)."""
    return statements(Package(root, descriptor, tables if tables is not None else read_tables(root, descriptor), {}))


def render(statements: list[dict[str, Any]]) -> str:
    return json.dumps(statements, ensure_ascii=False, indent=2) + "\n"


def write_bods(root: Path, descriptor: dict[str, Any], target: Path, tables: Tables | None = None) -> None:
    """Write the package's BODS statements to target (the build stages and publishes it)."""
    target.write_text(render(bods_statements(root, descriptor, tables)), encoding="utf-8", newline="\n")
