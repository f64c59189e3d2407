"""Checks across records and against the archive: what frictionless cannot express.

Keys, references, enums and bounds are checked again on the written package; these checks run first
so a curator gets file, line, record and field, and so that nothing is written when the facts are
wrong. Each excerpt is located once, here, and the locations are passed on to the tables.
"""

import re
from collections import defaultdict
from collections.abc import Iterator

import pycountry

from scripts.inputs.archive import ArchivedText, Located, Locations, locate, near_miss_hint, occurrences
from scripts.inputs.located_yaml import LocatedDict
from scripts.inputs.records import Records, record_id
from scripts.inputs.spans import Spans, check_spans
from scripts.model import schema
from scripts.model.dates import DateBounds, parse_date
from scripts.model.problems import Problem
from scripts.model.text import is_formula_like

Bounds = dict[tuple[str, str, str], DateBounds]  # (table, row id, field) -> parsed EDTF date
Furniture = list[tuple[int, int, str]]  # (start, end, what): character spans of a text's page furniture
SUM_TOLERANCE = 1e-9


def _problem(table: str, rec: LocatedDict, field: str, message: str, line: int | None = None) -> Problem:
    """A problem with a field of a record, at the line where the field stands (or `line`, for an item of a list)."""
    return Problem(rec.file, record_id(table, rec), field, message, line if line is not None else rec.line_of(field))


def check_ids(records: Records) -> Iterator[Problem]:
    """Ids are unique in their table; every id a record names exists in its table (the schema's foreign keys), every
    source an excerpt names too."""
    for table, recs in records.items():
        seen: dict[str, int] = {}
        for rec in recs:
            rid = record_id(table, rec)
            if rid in seen:
                yield Problem(rec.file, rid, schema.key_field(table), f"duplicate id (first on line {seen[rid]})", rec.line)
            else:
                seen[rid] = rec.line
    known = {t: {record_id(t, r) for r in recs} for t, recs in records.items()}
    for table, recs in records.items():
        for key in schema.table(table).get("foreignKeys", []):
            field, target = key["fields"][0], key["reference"]["resource"]
            for rec in recs:
                value = rec.get(field)
                if value is not None and value not in known.get(target, set()):
                    kind = schema.table(target).get("cited_as") or target
                    yield _problem(table, rec, field, f"unknown {kind} {value!r}")
        if schema.table(table).get("cited_as"):
            for rec in recs:
                for n, item in enumerate(rec.get("evidence") or [], 1):
                    if item["source_id"] not in known["sources"]:
                        message = f"unknown source {item['source_id']!r}"
                        yield _problem(table, rec, f"evidence[{n}].source_id", message, item.line_of("source_id"))


def _furniture(sources: list[LocatedDict], archive: dict[str, ArchivedText], problems: list[Problem]) -> dict[str, Furniture]:
    """source_id -> its page furniture; a range past the text's end is a problem."""
    spans: dict[str, Furniture] = defaultdict(list)
    for rec in sources:
        text = archive.get(rec["source_id"])
        for n, item in enumerate(rec.get("furniture") or [], 1):
            first, last = item["lines"]
            if text is not None and last > len(text.line_starts):
                message = f"lines {first}–{last} run past the end of {text.path} ({len(text.line_starts)} lines)"
                problems.append(_problem("sources", rec, f"furniture[{n}]", message, rec.line_of("furniture")))
            if text is None or last > len(text.line_starts):
                continue
            end = text.line_starts[last] if last < len(text.line_starts) else len(text.text)
            spans[rec["source_id"]].append((text.line_starts[first - 1], end, f"lines {first}–{last}: {item['what']}"))
    return spans


def _locate(text: ArchivedText, item: LocatedDict, furniture: Furniture) -> Located:
    """Where one excerpt stands: verbatim, in one place only, outside page furniture; ValueError says why not."""
    exact, prefix, suffix = item["exact"], item.get("prefix", ""), item.get("suffix", "")
    if not re.search(r"\w", exact):
        raise ValueError("has no word in it: choose other words of the text")
    if is_formula_like(exact):
        raise ValueError(f"starts with {exact[0]!r}, which a spreadsheet runs as a formula: choose other words of the text")
    found = occurrences(text.text, exact, prefix, suffix)
    if not found:
        hint = near_miss_hint(text.text, exact) if not (prefix or suffix) or not occurrences(text.text, exact) else ""
        context = " with its prefix and suffix" if (prefix or suffix) and not hint else ""
        raise ValueError(f"excerpt not found verbatim{context} in {text.path}{hint}: {exact[:80]!r}")
    if len(found) > 1:
        where = f"{len(found)} times in {text.path} (lines {', '.join(str(text.line_of(at)) for at in found)})"
        raise ValueError(f"occurs {where}: give a prefix or suffix, or a longer excerpt, so that one place is meant")
    start, end = found[0], found[0] + len(exact)
    clash = next((what for a, b, what in furniture if start < b and a < end), None)
    if clash:
        raise ValueError(f"cites page furniture of {text.path} ({clash}), not the article")
    return locate(text, start, exact)


def locate_evidence(records: Records, archive: dict[str, ArchivedText]) -> tuple[Locations, list[Problem]]:
    """Each excerpt stands verbatim in its text, in one place only, outside page furniture; no row cites one twice."""
    problems: list[Problem] = []
    furniture = _furniture(records.get("sources", []), archive, problems)
    locations: Locations = {}
    for table in schema.cited_tables():
        for rec in records.get(table, []):
            seen = set()
            for n, item in enumerate(rec.get("evidence") or [], 1):
                text = archive.get(item["source_id"])
                if text is None:
                    continue
                key = (item["source_id"], item["exact"], item.get("prefix", ""), item.get("suffix", ""))
                if key in seen:
                    problems.append(_problem(table, rec, f"evidence[{n}]", "cites the same excerpt twice", item.line))
                seen.add(key)
                try:
                    locations[(table, record_id(table, rec), n)] = _locate(text, item, furniture.get(item["source_id"], []))
                except ValueError as err:
                    problems.append(_problem(table, rec, f"evidence[{n}].exact", str(err), item.line_of("exact")))
    return locations, problems


def check_support(records: Records) -> Iterator[Problem]:
    """Every non-empty stated cell has an excerpt of its row whose `supports` names the field."""
    for table in schema.cited_tables():
        stated = schema.stated_fields(table)
        for rec in records.get(table, []):
            supported = {name for item in rec.get("evidence") or [] for name in item.get("supports") or []}
            for name in stated:
                if rec.get(name) not in (None, [], "") and name not in supported:
                    yield _problem(table, rec, name, "is stated, but no excerpt of this record names it in `supports`")


def check_dates(records: Records) -> tuple[Bounds, list[Problem]]:
    """Parse every EDTF field once (the bounds, for the other checks and the tables); no date of a cited row (an event, a
    stake's as_of) starts after the latest publication of every text citing it."""
    bounds: Bounds = {}
    problems = []
    for table, recs in records.items():
        for field in (f["name"] for f in schema.fields(table) if f.get("edtf")):
            for rec in recs:
                if rec.get(field) is None:
                    continue
                parsed = parse_date(rec[field])  # records.check_value refused what is no EDTF date
                if parsed.end is None or (table == "sources" and parsed.start is None):
                    need = "needs a bound at both ends" if table == "sources" else "has no upper bound"
                    problems.append(_problem(table, rec, field, f"{rec[field]!r} {need}"))
                    continue
                bounds[(table, record_id(table, rec), field)] = parsed
    for table in schema.cited_tables():
        if table == "sources":
            continue
        for field in (f["name"] for f in schema.fields(table) if f.get("edtf")):
            for rec in records.get(table, []):
                date = bounds.get((table, record_id(table, rec), field))
                cited = {item["source_id"] for item in rec.get("evidence") or []}
                latest = [bounds[("sources", s, "published")].end for s in cited if ("sources", s, "published") in bounds]
                if date and date.start and latest and date.start > max(latest):
                    message = f"starts {date.start}, after the latest publication ({max(latest)}) of every source that cites it"
                    problems.append(_problem(table, rec, field, message))
    return bounds, problems


def check_explained(records: Records) -> Iterator[Problem]:
    """An inference says how it was made: basis inferred needs a note, a date not printed needs a date_note."""
    for table, recs in records.items():
        names = set(schema.field_names(table))
        for basis, note in (("basis", "note"), ("published_basis", "note"), ("date_basis", "date_note")):
            if basis not in names or note not in names:
                continue
            for rec in recs:
                if rec.get(basis) not in (None, "stated") and rec.get(note) in (None, [], ""):
                    yield _problem(table, rec, note, f"{basis} is {rec[basis]}: say how in {note}")


def check_codes(records: Records) -> Iterator[Problem]:
    """Country and currency codes must exist, not only look right."""
    for rec in records.get("parties", []):
        code = rec.get("country")
        if code and pycountry.countries.get(alpha_2=code) is None:
            yield _problem("parties", rec, "country", f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    for rec in records.get("events", []):
        code = rec.get("currency")
        if code and pycountry.currencies.get(alpha_3=code) is None:
            yield _problem("events", rec, "currency", f"{code!r} is not an ISO 4217 currency code")
        if (rec.get("amount") is None) != (code is None):
            yield _problem("events", rec, "currency", "amount and currency go together: give both or neither")


def check_parties(records: Records) -> Iterator[Problem]:
    """Every spelling names one party only; groups, and only groups, have members (the name rule proves each spelling)."""
    owner: dict[str, str] = {}
    groups = {rec["group_id"] for rec in records.get("party_members", [])}
    for rec in records.get("parties", []):
        pid = rec["party_id"]
        aliases = rec.get("aliases") or []
        if rec["name"] in aliases:
            yield _problem("parties", rec, "aliases", "repeats the name")
        for field, spellings in (("name", [rec["name"]]), ("aliases", aliases)):
            for spelling in spellings:
                first = owner.setdefault(spelling.lower(), pid)
                if first != pid:
                    message = f"spelling {spelling!r} also names party {first!r}: one party per real-world entity"
                    yield _problem("parties", rec, field, message)
        if (rec.get("party_type") == "group") != (pid in groups):
            yield _problem("parties", rec, "party_type", "a group party needs members, and only a group has them")
    for rec in records.get("party_members", []):
        if rec["member_id"] == rec["group_id"]:
            yield _problem("party_members", rec, "member_id", "a group cannot be its own member")
    for rec in records.get("sources", []):
        if rec.get("derived_from") == rec["source_id"]:
            yield _problem("sources", rec, "derived_from", "a text cannot be a digest of itself")


def _equity(records: Records) -> dict[str, dict[str, float]]:
    """subject -> holder -> its least equity share: the exact share, or the lower bound, added over its stakes."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for rec in records.get("stakes", []):
        least = rec.get("share_exact") if rec.get("share_exact") is not None else rec.get("share_min")
        if rec.get("interest_type") == "equity" and isinstance(least, int | float):
            out[rec["subject_id"]][rec["holder_id"]] += least
    return out


def check_stakes(records: Records) -> Iterator[Problem]:
    """Shares that make sense together: bounds in order, no self-stakes, equity in one subject at most 100."""
    for table, holder in (("stakes", "holder_id"), ("group_stakes", "group_id")):
        for rec in records.get(table, []):
            if rec[holder] == rec["subject_id"]:
                yield _problem(table, rec, holder, "a party cannot hold a stake in itself")
            lo, hi, exact = rec.get("share_min"), rec.get("share_max"), rec.get("share_exact")
            if lo is not None and hi is not None and lo > hi:
                yield _problem(table, rec, "share_min", f"share_min {lo} is above share_max {hi}")
            if exact is not None and (lo is not None or hi is not None):
                yield _problem(table, rec, "share_exact", "give share_exact or share_min/share_max, not both")
    for subject, holders in _equity(records).items():
        total = sum(holders.values())
        if total > 100 + SUM_TOLERANCE:
            first = next(r for r in records["stakes"] if r["subject_id"] == subject and r["interest_type"] == "equity")
            message = f"equity stakes in {subject!r} add up to at least {total:g} percent, more than 100"
            yield _problem("stakes", first, "share_exact", message)


def check_group_stakes(records: Records) -> Iterator[Problem]:
    """A group's stated combined stake is checked against its members' own stakes: an aggregate never disagrees with its parts."""
    types = {r["party_id"]: r.get("party_type") for r in records.get("parties", [])}
    members = defaultdict(list)
    for rec in records.get("party_members", []):
        members[rec["group_id"]].append(rec["member_id"])
    equity = _equity(records)
    for rec in records.get("group_stakes", []):
        group, share = rec["group_id"], rec.get("share_exact")
        if types.get(group) not in (None, "group"):
            yield _problem("group_stakes", rec, "group_id", f"{group!r} is a {types[group]}, not a group party")
            continue
        if rec.get("interest_type") == "control" and share is not None:
            yield _problem("group_stakes", rec, "share_exact", "a control stake has no share: use interest_type equity")
        if rec.get("interest_type") != "equity" or share is None:
            continue
        parts = {m: equity[rec["subject_id"]].get(m) for m in members.get(group, [])}
        known = [p for p in parts.values() if p is not None]
        summed = " + ".join(f"{p:g}" for p in known)
        if None not in parts.values() and abs(sum(known) - share) > SUM_TOLERANCE:
            message = f"combined {share:g} percent differs from the members' stakes ({summed} = {sum(known):g})"
            yield _problem("group_stakes", rec, "share_exact", message)
        elif sum(known) > share + SUM_TOLERANCE:
            message = f"combined {share:g} percent is less than the members' known stakes ({summed} = {sum(known):g})"
            yield _problem("group_stakes", rec, "share_exact", message)


def check_quotes(records: Records) -> Iterator[Problem]:
    """A quote's text is verbatim in the first excerpt that supports it."""
    for rec in records.get("quotes", []):
        excerpts = [item["exact"] for item in rec.get("evidence") or [] if "text" in (item.get("supports") or [])]
        if excerpts and rec["text"] not in excerpts[0]:
            yield _problem("quotes", rec, "text", "is not verbatim in the first excerpt that supports it")


def check_disagreements(records: Records) -> Iterator[Problem]:
    """A disagreement needs excerpts from at least two sources."""
    for rec in records.get("disagreements", []):
        if len({item["source_id"] for item in rec.get("evidence") or []}) < 2:
            yield _problem("disagreements", rec, "evidence", "a disagreement needs excerpts from at least two sources")


def check_all(records: Records, archive: dict[str, ArchivedText]) -> tuple[Bounds, Locations, Spans, list[Problem]]:
    problems = list(check_ids(records))
    locations, evidence_problems = locate_evidence(records, archive)
    bounds, date_problems = check_dates(records)
    problems += [*evidence_problems, *check_support(records), *date_problems]
    for check in (check_explained, check_codes, check_parties, check_stakes, check_group_stakes, check_quotes, check_disagreements):
        problems += check(records)
    spans, span_problems = check_spans(
        records, locations, {row for table, row, field in bounds if (table, field) == ("sources", "published")}
    )
    return bounds, locations, spans, problems + span_problems
