"""BODS 0.4 statements (data/bods.json) of the package's parties and stakes, each value with its excerpts as annotations.

BODS describes who holds interests in legal entities; the README ("BODS 0.4") says what the mapping decides. In short: a
group is no entity, so what a source says of a group's stake is an annotation on its members' relationships, never a
relationship (the shares of a company still add up); BODS has no status, so agreed and planned interests carry an
annotation saying they are not holdings; statementDate is the first day a stating text had certainly been published, and
startDate is never set (as_of is when the texts describe a stake, not when it began). The tables schema.yaml marks
`leave_out: [bods]` are listed in the subject's statement. statementId is the SHA-256 of the statement's canonical JSON.
"""

import json
import posixpath
from pathlib import Path
from typing import Any

import pycountry

from scripts.model import schema
from scripts.model.files import sha256_bytes
from scripts.model.problems import BuildError, Problem
from scripts.model.schema import Row, Tables
from scripts.package.citation import release_date
from scripts.package.evidence import cell_evidence
from scripts.package.files import write_json
from scripts.package.reader import grouped, resource

BODS_VERSION = "0.4"
PERSON, GROUP, VENTURE = "person", "group", "joint_venture"
# party_type -> entityType.type (its details: the party_type in words); a platform is unknownEntity: the texts name a
# service, not the legal entity that runs it. Persons are person statements; a group gets none.
ENTITY_TYPES = dict.fromkeys(["company", "joint_venture", "bank", "sovereign_wealth_fund"], "registeredEntity")
ENTITY_TYPES |= {"government": "state", "platform": "unknownEntity"}
# interest_type -> (interests[].type, what the stake says)
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
# Each enum of schema.yaml that a map above translates, with the values it covers: a new value is refused, not
# written as a null type or left to fail with a KeyError.
MAPPED = {
    ("parties", "party_type"): {*ENTITY_TYPES, PERSON, GROUP},
    ("stakes", "interest_type"): set(INTERESTS),
    ("stakes", "status"): set(STATUSES),
}
JOINT = "BODS has no interest held jointly, and no member is said to hold it alone, so it is no interest of its own."


class _Context:
    """The package and its indexes, as every statement needs them."""

    def __init__(self, descriptor: dict[str, Any], tables: Tables) -> None:
        self.descriptor, self.evidence = descriptor, cell_evidence(tables, descriptor)
        self.citations = {c["citation_id"]: c for c in tables["citations"]}
        self.order = {cid: i for i, cid in enumerate(self.citations)}  # citation id -> position in the citations table
        self.sources = {s["source_id"]: s for s in tables["sources"]}
        self.parties = {p["party_id"]: p for p in tables["parties"]}
        self.members = grouped(tables["party_members"], "group_id")  # group id -> its party_members rows
        self.group_stakes = grouped(tables["group_stakes"], "subject_id")  # subject id -> the group_stakes rows in it
        self.subject = next(p for p, row in self.parties.items() if row["party_type"] == VENTURE)  # of the declaration
        self.stated = {t: [f["name"] for f in resource(descriptor, t)["schema"]["fields"] if f["provenance"] == "stated"] for t in tables}

    def record(self, party_id: str) -> str:
        return f"{self.descriptor['name']}/party/{party_id}"


def _comment(pointer: str, text: str) -> dict[str, Any]:
    return {"statementPointerTarget": pointer, "motivation": "commenting", "description": text}


def _evidence(ctx: _Context, table: str, row_id: str, pointers: dict[str, str]) -> list[dict[str, Any]]:
    """One annotation per citation of the row: its excerpt, source, offsets and the fields it states (with their pointers)."""
    fields_of: dict[str, list[str]] = {}
    for field in ctx.stated[table]:
        for cid in ctx.evidence.get((table, row_id, field), []):
            fields_of.setdefault(cid, []).append(field)
    out = []
    for cid in sorted(fields_of, key=ctx.order.__getitem__):
        c, fields = ctx.citations[cid], fields_of[cid]
        source = ctx.sources[c["source_id"]]
        annotation: dict[str, Any] = {
            "statementPointerTarget": posixpath.commonpath([pointers[f] for f in fields]).rstrip("/"),  # "/": the whole statement
            "motivation": "linking" if source["url"] else "commenting",
            "description": (
                f"Evidence {cid}: {c['source_id']} ({source['publisher']}, “{source['title']}”), "
                f"{source['archive_path']} characters {c['start']}–{c['end']}: “{c['exact']}”. "
                f"States {', '.join(fields)} of {table} row {row_id}."
            ),
        }
        if source["url"]:
            annotation["url"] = source["url"]
        annotation["citation"] = {  # the same for programs: BODS annotations allow custom properties
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


def _statement(ctx: _Context, record_id: str, record_type: str, details: dict[str, Any], annotations: list[dict[str, Any]]) -> dict:
    """A complete statement: its date and source from its evidence, its statementId from its content."""
    ids = {a["citation"]["sourceId"] for a in annotations if "citation" in a}
    sources = [s for s in ctx.sources.values() if s["source_id"] in ids]
    d = ctx.descriptor
    texts = []
    for s in sources:
        credit = f", credited to {', '.join(schema.list_items(s['attributed_to']))}" if s["attributed_to"] else ""
        address = f", {s['url']}" if s["url"] else ""
        texts.append(f"{s['source_id']}: {s['title']} ({s['publisher']}{credit}; published {s['published']}, EDTF{address})")
    body = {
        "declaration": f"{d['name']}/{d['version']}",
        "declarationSubject": ctx.record(ctx.subject),
        "statementDate": min(s["published_end"] for s in sources),
        "recordId": record_id,
        "recordType": record_type,
        "recordDetails": details,
        "publicationDetails": {
            "publicationDate": release_date(d),
            "bodsVersion": BODS_VERSION,
            "license": d["licenses"][0]["path"],
            "publisher": {"name": d["contributors"][0]["title"]},
        },
        "source": {
            "type": ["thirdParty"],  # news reports: neither the parties' own declarations nor a register
            "description": (
                f"{d['title']}, data package {d['name']} version {d['version']}, compiled by its curators from archived news "
                f"texts; each value's excerpt is an annotation of this statement. Texts: {'; '.join(texts)}."
            ),
            "assertedBy": [{"name": p} for p in dict.fromkeys(s["publisher"] for s in sources)],
        },
        "annotations": annotations,
    }
    digest = sha256_bytes(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    return {"statementId": digest, **body}


def _party_statement(ctx: _Context, party: Row, left_out_note: str | None) -> dict[str, Any]:
    pid, kind, aliases = party["party_id"], party["party_type"], schema.list_items(party["aliases"])
    entity_type = ENTITY_TYPES.get(kind)
    facts = [_comment("", f"Description (parties row {pid}): {party['description']}")]
    pointers = {"description": "/annotations/0/description"}
    if kind == PERSON:
        names = [{"fullName": party["name"]}] + [{"type": "alternative", "fullName": a} for a in aliases]
        details: dict[str, Any] = {"isComponent": False, "personType": "knownPerson", "names": names}
        pointers |= {
            "name": "/recordDetails/names/0/fullName",
            "aliases": "/recordDetails/names",
            "party_type": "/recordDetails/personType",
        }
    else:
        details = {"isComponent": False, "entityType": {"type": entity_type, "details": kind.replace("_", " ")}}
        if entity_type == "unknownEntity":
            details["unspecifiedEntityDetails"] = {
                "reason": "informationUnknownToPublisher",
                "description": f"The texts name {party['name']} as a platform, not the legal entity that runs it.",
            }
        details["name"] = party["name"]
        if aliases:
            details["alternateNames"] = aliases
        pointers |= {"name": "/recordDetails/name", "aliases": "/recordDetails/alternateNames", "party_type": "/recordDetails/entityType"}
    country = party["country"] and pycountry.countries.get(alpha_2=party["country"]).name
    if country and entity_type == "state":
        details["jurisdiction"] = {"name": country, "code": party["country"]}
        pointers["country"] = "/recordDetails/jurisdiction"
    elif country:  # the texts tie a party to a country without saying where it is registered or what passport one holds
        field, unsaid = ("nationality", "what passport the person holds") if kind == PERSON else ("jurisdiction", "where it is registered")
        pointers["country"] = f"/annotations/{len(facts)}/description"
        tie = f"Country: {party['country']} ({country}), the country the texts tie {party['name']} to."
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
    exact, bounds = stake["share_exact"], {"minimum": stake["share_min"], "maximum": stake["share_max"]}
    share = {"exact": exact} if exact is not None else {k: v for k, v in bounds.items() if v is not None}
    if share:
        interest["share"] = share
    return interest


def _stake_pointers(i: int) -> dict[str, str]:
    at = f"/recordDetails/interests/{i}"
    shares = {"share_exact": f"{at}/share/exact", "share_min": f"{at}/share/minimum", "share_max": f"{at}/share/maximum"}
    parties = {"holder_id": "/recordDetails/interestedParty", "subject_id": "/recordDetails/subject"}
    return parties | shares | {"interest_type": f"{at}/type", "status": f"{at}/details", "as_of": f"{at}/details"}


def _group_annotations(ctx: _Context, holder: str, subject: str, stakes: list[Row], start: int) -> list[dict[str, Any]]:
    """What a source says of a group this holder belongs to, in the same subject: a summary and its evidence."""
    out: list[dict[str, Any]] = []
    evidenced: set[str] = set()  # memberships already evidenced here (one group, two group stakes)
    name = ctx.parties[subject]["name"]
    for gs in ctx.group_stakes.get(subject, []):
        members = ctx.members.get(gs["group_id"], [])
        mine = next((m for m in members if m["member_id"] == holder), None)
        if mine is None:
            continue
        names = ", ".join(ctx.parties[m["member_id"]]["name"] for m in members)
        same = [i for i, s in enumerate(stakes) if s["interest_type"] == gs["interest_type"]]
        if gs["share_exact"] is not None:
            claim = f"hold a combined {gs['share_exact']:g} % of {name}"
            why = "It is the sum of the members' own stakes, not a further holding, so it is no relationship of its own."
        else:
            claim, why = f"control {name} together" if gs["interest_type"] == "control" else f"together hold equity in {name}", JOINT
        note = f" Note: {gs['note']}" if gs["note"] else ""
        membership = f" Membership ({mine['basis']}): {mine['note']}" if mine["note"] else f" Membership: {mine['basis']}."
        at, group = f"/annotations/{start + len(out)}/description", ctx.parties[gs["group_id"]]["name"]
        text = f"a source says the {group} ({names}) {claim}. {why}{note}{membership}"
        target = f"/recordDetails/interests/{same[0]}" if same else "/recordDetails/interests"
        out.append(_comment(target, f"Group stake {gs['group_stake_id']} ({gs['status']}, as of {gs['as_of']}, EDTF): {text}"))
        out += _evidence(ctx, "group_stakes", gs["group_stake_id"], dict.fromkeys(ctx.stated["group_stakes"], at))
        if mine["party_member_id"] not in evidenced:
            evidenced.add(mine["party_member_id"])
            out += _evidence(ctx, "party_members", mine["party_member_id"], dict.fromkeys(ctx.stated["party_members"], at))
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
            why = f"Not a holding: status {stake['status']}, {STATUSES[stake['status']]} (as of {stake['as_of']}, EDTF)."
            facts.append(_comment(at, f"{why} BODS 0.4 has no status for an interest; read its details."))
        if stake["note"]:
            facts.append(_comment(at, f"Curators' note (basis {stake['basis']}): {stake['note']}"))
    facts += _group_annotations(ctx, holder, subject, stakes, len(facts))
    evidence = [a for i, s in enumerate(stakes) for a in _evidence(ctx, "stakes", s["stake_id"], _stake_pointers(i))]
    return _statement(ctx, f"{ctx.descriptor['name']}/relationship/{holder}/{subject}", "relationship", details, facts + evidence)


def left_out(ctx: _Context, tables: Tables) -> list[str]:
    """What of the package the export does not carry as statements, and where it went instead."""
    out = []
    for p in (p for p in tables["parties"] if p["party_type"] == GROUP):
        members = ", ".join(m["member_id"] for m in ctx.members.get(p["party_id"], []))
        out.append(f"parties row {p['party_id']} ({p['name']}): a group, not an entity; its members are {members}")
    moved = "an annotation on its members' relationships, not a relationship"
    out += [f"group_stakes row {r['group_stake_id']}: {moved}" for r in tables["group_stakes"]]
    out += [f"party_members row {r['party_member_id']}: in the group stake annotations" for r in tables["party_members"]]
    return out + [f"table {t}: not about who holds what" for t in schema.table_names() if "bods" in schema.present(t)["leave_out"]]


def write_bods(descriptor: dict[str, Any], target: Path, tables: Tables) -> None:
    """Write every statement to target, in a fixed order: parties as in the parties table, then relationships as in stakes."""
    unmapped = [
        Problem(schema.SCHEMA_FILE, table, name, f"{value!r} has no BODS mapping in scripts/package/formats/bods.py")
        for (table, name), known in MAPPED.items()
        for value in schema.field(table, name)["constraints"]["enum"]
        if value not in known
    ]
    if unmapped:
        raise BuildError(unmapped)
    ctx = _Context(descriptor, tables)
    summary = "This declaration leaves out: " + "; ".join(left_out(ctx, tables)) + "."
    out = [
        _party_statement(ctx, p, summary if p["party_id"] == ctx.subject else None) for p in tables["parties"] if p["party_type"] != GROUP
    ]
    pairs = grouped(tables["stakes"], "holder_id", "subject_id")
    write_json(target, out + [_relationship_statement(ctx, holder, subject, rows) for (holder, subject), rows in pairs.items()])
