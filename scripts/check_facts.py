"""Checks across records and against the archive: what frictionless cannot express.

Keys, references, enums and bounds are checked again by `frictionless validate` on the written
package; these checks run first so a curator gets file, line, record and field, and so that nothing
is written when the facts are wrong.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pycountry

from . import schema
from .dates import DateBounds, parse_date
from .evidence import ArchivedText, locate, near_miss_hint, read_archived
from .load_facts import LocatedDict
from .problems import Problem

Records = dict[str, list[LocatedDict]]
EVIDENCE_TABLES = ["parties", "stakes", "events", "quotes", "disagreements"]
SUM_TOLERANCE = 1e-9


def _label(table: str) -> str:
    return f"facts/{schema.table(table)['facts']}"


def _id(table: str, rec: LocatedDict) -> str:
    return str(rec.get(schema.table(table)["primaryKey"][0]))


def _singular(table: str) -> str:
    """What one row of a table is called in messages: its primary key without `_id` (party, event...)."""
    return schema.table(table)["primaryKey"][0].removesuffix("_id")


def _problem(table: str, rec: LocatedDict, field: str, message: str, line: int | None = None) -> Problem:
    """A problem with a field of a record, at the line where the field stands (or `line`, for an item of a list)."""
    return Problem(_label(table), _id(table, rec), field, message, line if line is not None else rec.line_of(field))


def edtf_fields() -> list[tuple[str, str]]:
    """(table, field) of every EDTF date the curator types, from the schema's `edtf: true`."""
    return [(t, f["name"]) for t in schema.table_names() for f in schema.fields(t) if f.get("edtf")]


def load_archive(root: Path, sources: list[LocatedDict]) -> tuple[dict[str, ArchivedText], list[Problem]]:
    """Read each archived text and compare its bytes with the sha256 recorded when it was archived."""
    archive: dict[str, ArchivedText] = {}
    problems = []
    for rec in sources:
        sid, path = rec["source_id"], rec["archive_path"]
        try:
            text = read_archived(root, sid, path)
        except FileNotFoundError:
            problems.append(_problem("sources", rec, "archive_path", f"archived file {path} is missing"))
            continue
        except UnicodeDecodeError as err:
            problems.append(_problem("sources", rec, "archive_path", f"{path} is not valid UTF-8 (byte {err.start})"))
            continue
        if text.sha256 != rec["sha256"]:
            problems.append(
                _problem(
                    "sources",
                    rec,
                    "sha256",
                    f"{path} has sha256 {text.sha256}, not the recorded {rec['sha256']}: the archived file was altered",
                )
            )
        archive[sid] = text
    return archive, problems


def check_unique_ids(records: Records) -> list[Problem]:
    problems = []
    for table, recs in records.items():
        seen: dict[str, int] = {}
        for rec in recs:
            rid = _id(table, rec)
            if rid in seen:
                problems.append(
                    Problem(_label(table), rid, schema.table(table)["primaryKey"][0], f"duplicate id (first on line {seen[rid]})", rec.line)
                )
            else:
                seen[rid] = rec.line
    return problems


def _ids(records: Records, table: str) -> set[str]:
    return {_id(table, r) for r in records.get(table, [])}


def check_references(records: Records) -> list[Problem]:
    """Every id a record names must exist in its table."""
    known = {t: _ids(records, t) for t in records}
    problems = []
    for table in records:  # the schema's foreign keys of each facts table (all of them typed by the curator)
        for key in schema.table(table).get("foreignKeys", []):
            field, target = key["fields"][0], key["reference"]["resource"]
            for rec in records[table]:
                value = rec.get(field)
                if value is not None and value not in known.get(target, set()):
                    problems.append(_problem(table, rec, field, f"unknown {_singular(target)} {value!r}"))
    for rec in records.get("parties", []):
        for member in rec.get("members") or []:
            if member not in known["parties"]:
                problems.append(_problem("parties", rec, "members", f"unknown party {member!r}"))
    for rec in records.get("events", []):
        pairs_seen = set()
        for n, item in enumerate(rec.get("parties") or [], 1):
            if item["party_id"] not in known["parties"]:
                problems.append(_problem("events", rec, f"parties[{n}].party_id", f"unknown party {item['party_id']!r}", item.line))
            key = (item["party_id"], item["role"])
            if key in pairs_seen:
                problems.append(_problem("events", rec, f"parties[{n}]", f"lists {key[0]} as {key[1]} twice", item.line))
            pairs_seen.add(key)
    for table in EVIDENCE_TABLES:
        for rec in records.get(table, []):
            for n, item in enumerate(rec.get("evidence") or [], 1):
                if item["source_id"] not in known["sources"]:
                    problems.append(_problem(table, rec, f"evidence[{n}].source_id", f"unknown source {item['source_id']!r}", item.line))
    return problems


def check_evidence(records: Records, archive: dict[str, ArchivedText]) -> list[Problem]:
    """Each excerpt stands verbatim in its archived text; no excerpt is cited twice for one row."""
    problems = []
    for table in EVIDENCE_TABLES:
        for rec in records.get(table, []):
            seen = set()
            for n, item in enumerate(rec.get("evidence") or [], 1):
                text = archive.get(item["source_id"])
                if text is None:
                    continue
                if (item["source_id"], item["exact"]) in seen:
                    problems.append(_problem(table, rec, f"evidence[{n}]", "cites the same excerpt twice", item.line))
                seen.add((item["source_id"], item["exact"]))
                if locate(text.text, item["exact"]) is None:
                    problems.append(
                        _problem(
                            table,
                            rec,
                            f"evidence[{n}].exact",
                            f"excerpt not found verbatim in {text.path}{near_miss_hint(text.text, item['exact'])}: {item['exact'][:80]!r}",
                            item.line,
                        )
                    )
    for rec in records.get("sources", []):
        text = archive.get(rec["source_id"])
        if text and locate(text.text, rec["published_evidence"]) is None:
            problems.append(
                _problem(
                    "sources",
                    rec,
                    "published_evidence",
                    f"not found verbatim in {text.path}{near_miss_hint(text.text, rec['published_evidence'])}",
                )
            )
    return problems


def check_dates(records: Records) -> tuple[dict[tuple[str, str], DateBounds], list[Problem]]:
    """Parse every EDTF field; returns the bounds by (table, id) for the other checks."""
    bounds: dict[tuple[str, str], DateBounds] = {}
    problems = []
    for table, field in edtf_fields():
        for rec in records.get(table, []):
            try:
                parsed = parse_date(rec[field])
            except ValueError as err:
                problems.append(_problem(table, rec, field, str(err)))
                continue
            if parsed.end is None or (table == "sources" and parsed.start is None):
                problems.append(
                    _problem(
                        table,
                        rec,
                        field,
                        f"{rec[field]!r} needs a bound at both ends" if table == "sources" else f"{rec[field]!r} has no upper bound",
                    )
                )
                continue
            bounds[(table, _id(table, rec))] = parsed
    return bounds, problems


def check_dates_against_sources(records: Records, bounds: dict[tuple[str, str], DateBounds]) -> list[Problem]:
    """An event cannot start after the latest publication of every source that reports it."""
    problems = []
    for rec in records.get("events", []):
        event = bounds.get(("events", rec["event_id"]))
        cited = {item["source_id"] for item in rec.get("evidence") or []}
        latest = [bounds[("sources", s)].end for s in cited if ("sources", s) in bounds]
        if event and event.start and latest and event.start > max(latest):
            problems.append(
                _problem(
                    "events",
                    rec,
                    "date",
                    f"starts {event.start}, after the latest publication ({max(latest)}) of every source that reports it",
                )
            )
    return problems


def check_codes(records: Records) -> list[Problem]:
    """Country and currency codes must exist, not only look right."""
    problems = []
    for rec in records.get("parties", []):
        code = rec.get("country")
        if code and pycountry.countries.get(alpha_2=code) is None:
            problems.append(_problem("parties", rec, "country", f"{code!r} is not an ISO 3166-1 alpha-2 country code"))
    for rec in records.get("events", []):
        code = rec.get("currency")
        if code and pycountry.currencies.get(alpha_3=code) is None:
            problems.append(_problem("events", rec, "currency", f"{code!r} is not an ISO 4217 currency code"))
        if (rec.get("amount") is None) != (code is None):
            problems.append(_problem("events", rec, "currency", "amount and currency go together: give both or neither"))
    return problems


def _excerpts(rec: LocatedDict) -> list[str]:
    return [item["exact"] for item in rec.get("evidence") or []]


def check_parties(records: Records) -> list[Problem]:
    """Every spelling is evidenced, and belongs to one party only; groups have members."""
    problems = []
    owner: dict[str, str] = {}
    for rec in records.get("parties", []):
        pid = rec["party_id"]
        spellings = [rec["name"], *(rec.get("aliases") or [])]
        if rec["name"] in (rec.get("aliases") or []):
            problems.append(_problem("parties", rec, "aliases", "repeats the name"))
        for spelling in spellings:
            if not any(spelling in excerpt for excerpt in _excerpts(rec)):
                field = "name" if spelling == rec["name"] else "aliases"
                problems.append(_problem("parties", rec, field, f"spelling {spelling!r} is in none of the record's excerpts"))
            if spelling in owner and owner[spelling] != pid:
                problems.append(
                    _problem(
                        "parties",
                        rec,
                        "aliases",
                        f"spelling {spelling!r} also names party {owner[spelling]!r}: one party per real-world entity",
                    )
                )
            owner.setdefault(spelling, pid)
        is_group = rec.get("party_type") == "group"
        if is_group != bool(rec.get("members")):
            problems.append(_problem("parties", rec, "members", "a group party needs members, and only a group has them"))
    return problems


def check_stakes(records: Records) -> list[Problem]:
    """Shares that make sense together: bounds in order, no self-stakes, totals at most 100."""
    problems = []
    equity: dict[str, dict[str, float]] = defaultdict(dict)
    for rec in records.get("stakes", []):
        if rec["holder_id"] == rec["subject_id"]:
            problems.append(_problem("stakes", rec, "holder_id", "a party cannot hold a stake in itself"))
        lo, hi, exact = rec.get("share_min"), rec.get("share_max"), rec.get("share_exact")
        if lo is not None and hi is not None and lo > hi:
            problems.append(_problem("stakes", rec, "share_min", f"share_min {lo} is above share_max {hi}"))
        if exact is not None and (lo is not None or hi is not None):
            problems.append(_problem("stakes", rec, "share_exact", "give share_exact or share_min/share_max, not both"))
        if rec.get("interest_type") == "equity" and exact is not None:
            equity[rec["subject_id"]][rec["holder_id"]] = exact
    for subject, holders in equity.items():
        total = sum(holders.values())
        if total > 100 + SUM_TOLERANCE:
            first = next(r for r in records["stakes"] if r["subject_id"] == subject and r["interest_type"] == "equity")
            problems.append(
                _problem("stakes", first, "share_exact", f"exact equity stakes in {subject!r} add up to {total:g} percent, more than 100")
            )
    members = {r["party_id"]: r.get("members") or [] for r in records.get("parties", [])}
    for rec in records.get("stakes", []):
        if rec.get("interest_type") == "combined_equity" and rec.get("share_exact") is not None:
            parts = [equity[rec["subject_id"]].get(m) for m in members.get(rec["holder_id"], [])]
            if parts and None not in parts and abs(sum(parts) - rec["share_exact"]) > SUM_TOLERANCE:
                summed = " + ".join(f"{p:g}" for p in parts)
                problems.append(
                    _problem(
                        "stakes",
                        rec,
                        "share_exact",
                        f"combined {rec['share_exact']:g} percent differs from the members' stakes ({summed} = {sum(parts):g})",
                    )
                )
    return problems


def check_quotes(records: Records) -> list[Problem]:
    """A quote's text is verbatim in its first citation."""
    problems = []
    for rec in records.get("quotes", []):
        excerpts = _excerpts(rec)
        if excerpts and rec["text"] not in excerpts[0]:
            problems.append(_problem("quotes", rec, "text", "is not verbatim in the first evidence excerpt"))
    return problems


def check_disagreements(records: Records) -> list[Problem]:
    """A disagreement needs at least two sources, and each is pointed at by a row or stands on its own."""
    problems = []
    for rec in records.get("disagreements", []):
        sources = {item["source_id"] for item in rec.get("evidence") or []}
        if len(sources) < 2:
            problems.append(_problem("disagreements", rec, "evidence", "a disagreement needs excerpts from at least two sources"))
    return problems


def check_all(records: Records, archive: dict[str, ArchivedText]) -> tuple[dict[tuple[str, str], DateBounds], list[Problem]]:
    problems = check_unique_ids(records) + check_references(records) + check_evidence(records, archive)
    bounds, date_problems = check_dates(records)
    problems += date_problems + check_dates_against_sources(records, bounds)
    problems += check_codes(records) + check_parties(records) + check_stakes(records)
    problems += check_quotes(records) + check_disagreements(records)
    return bounds, problems
