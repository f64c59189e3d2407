"""The words that state each value: for every excerpt and every field it supports, the span of the excerpt that
states the row's value, proved by the rule of the field's kind (schema.yaml, `kinds`); and every excerpt names a
party its row is about.

A rule lists what the excerpt says in the field's kind (every percentage, every date phrase the conventions resolve,
every party named ...), then keeps what equals the cell, so a slip is refused with what the words do say ("45 per
cent" is 45, not 54). Where one excerpt states a field for several rows (four shares in one sentence), a tied field's
span must also name the row's own party in the same clause, an untied one needs the curator's words (`spans`): a
value moved to another row of the sentence is refused.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scripts.inputs.archive import Located, Locations
from scripts.inputs.located_yaml import LocatedDict
from scripts.inputs.records import Records, record_id
from scripts.model import schema
from scripts.model.conventions import STATEMENT_CONVENTIONS, read_dates
from scripts.model.problems import Problem
from scripts.model.text import format_number


@dataclass(frozen=True)
class Span:
    field: str
    start: int  # offsets in the archived text
    end: int
    rule: str


Spans = dict[tuple[str, str, int], list[Span]]  # (table, row id, evidence number) -> the spans of that excerpt
Stated = dict[str, set[int]]  # list field -> indices of its items some excerpt of the row states


@dataclass(frozen=True)
class Said:
    """Something an excerpt says in one kind: where (offsets in the searched words), what value, by which rule."""

    start: int
    end: int
    value: Any
    rule: str


_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9}
_NUMERAL = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(?P<scale>thousand|million|billion|mn|bn|m|k|b)\b)?"
_NUMBER = re.compile(rf"(?<![\w.,]){_NUMERAL}(?P<unit>\s?(?:percent|per cent|%))?", re.I)
_CLAUSE = re.compile(r"[,;:]\s|\.\s|\s(?:and|or|but|while)\s")


def _words(text: str, phrase: str, *, case: bool = False) -> Iterable[re.Match[str]]:
    """Occurrences of phrase as whole words (a possessive 's after it is allowed)."""
    return re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, 0 if case else re.I)


def _amount(match: re.Match[str]) -> float:
    return float(match["n"].replace(",", "")) * _SCALES.get((match["scale"] or "").lower(), 1)


class Rules:
    """What the rules need to know beyond one excerpt: the parties' spellings, the sources' publication dates."""

    def __init__(self, records: Records):
        self.spelling: dict[str, str] = {}  # lower-case spelling -> party_id
        for party in records.get("parties", []):
            for name in [party.get("name"), *(party.get("aliases") or [])]:
                if isinstance(name, str) and name:
                    self.spelling.setdefault(name.lower(), party["party_id"])
        # spellings by their first word, longest first: a lookup per word of an excerpt, however many parties there are
        self.by_word: dict[str, list[str]] = defaultdict(list)
        for name in sorted(self.spelling, key=len, reverse=True):
            self.by_word[re.match(r"\w*", name).group(0)].append(name)  # type: ignore[union-attr]
        self.published = {s["source_id"]: s.get("published") for s in records.get("sources", [])}
        self.publisher = {s["source_id"]: s.get("publisher") for s in records.get("sources", [])}

    def parties(self, text: str, refers: dict[str, str]) -> list[Said]:
        """Every party the words name: by a spelling (the longest where spellings overlap), or by a declared anaphor."""
        said, lower, end = [], text.lower(), 0
        for word in re.finditer(r"(?<!\w)\w*", lower):
            if word.start() < end:
                continue
            for name in self.by_word.get(word.group(0), ()):
                stop = word.start() + len(name)
                if lower.startswith(name, word.start()) and not (stop < len(lower) and (lower[stop].isalnum() or lower[stop] == "_")):
                    said.append(Said(word.start(), stop, self.spelling[name], "party"))
                    end = stop
                    break
        for words, party in refers.items():
            said += [Said(m.start(), m.end(), party, "anaphor") for m in _words(text, words)]
        return sorted(said, key=lambda s: (s.start, -s.end))

    def said(self, kind: str, spec: dict[str, Any], text: str, value: Any, item: LocatedDict, rec: LocatedDict) -> list[Said]:
        """What the words say in this kind (value-directed kinds look only for the value)."""
        if kind == "party":
            return self.parties(text, item.get("refers") or {})
        if kind == "number":
            percent = spec.get("unit") == "percent"
            return [Said(m.start(), m.end(), _amount(m), kind) for m in _NUMBER.finditer(text) if bool(m["unit"]) == percent]
        if kind in ("money", "currency"):
            signs = {sign.upper(): code for code, signs in schema.vocabulary("currencies").items() for sign in signs}
            pattern = "|".join(r"\\?" + re.escape(s) for s in sorted(signs, key=len, reverse=True))  # \$: a Markdown escape
            money = re.finditer(rf"(?<!\w)(?P<sign>{pattern})\s?{_NUMERAL}", text, re.I)
            return [Said(m.start(), m.end(), _amount(m) if kind == "money" else signs[m["sign"].lstrip("\\").upper()], kind) for m in money]
        if kind == "country":
            words = {w: code for code, ws in schema.vocabulary("countries").items() for w in ws}
            return [Said(m.start(), m.end(), words[w], "country") for w in words for m in _words(text, w, case=True)]
        if kind == "date":
            return self.dates(spec, text, item, rec)
        out = []
        for one in value if isinstance(value, list) else [value]:  # the kinds that look for the value (each item of a list)
            if kind == "quote":
                out += _same_words(text, one)
            elif kind == "verbatim":
                pattern = "".join(r"\\?" + re.escape(c) if c in "\\`*_{}[]()#+-.!$<>" else re.escape(c) for c in one)
                out += [Said(m.start(), m.end(), one, kind) for m in re.finditer(pattern, text)]
            elif phrase := self.publisher.get(one) if kind == "source" else one:  # name, place: the value as printed
                out += [Said(m.start(), m.end(), one, kind) for m in _words(text, phrase, case=kind != "place")]
                if kind in ("name", "source"):  # or as a web address prints it: The Moscow Times in themoscowtimes.com
                    address = re.escape(re.sub(r"\W", "", phrase).lower())
                    out += [Said(m.start(), m.end(), one, kind) for m in re.finditer(rf"(?<=[/.]){address}(?=\.[a-z]{{2,}}\b)", text)]
        return sorted(out, key=lambda s: s.start)

    def dates(self, spec: dict[str, Any], text: str, item: LocatedDict, rec: LocatedDict) -> list[Said]:
        published = self.published[item["source_id"]]
        basis = rec.get(spec["basis"]) if spec.get("basis") else None
        printed = {"stated": True, "resolved": False}.get(basis)  # None: printed and relative phrases alike
        said = [Said(f.start, f.end, f.edtf, f.convention) for f in read_dates(text, published, printed)]
        # A statement's words named by the curator (an undated "has invested", a present "is in"), or a row the field
        # lets be dated by publication (a held stake): read by the statement conventions.
        named = basis == "resolved" and spec["name"] in (item.get("spans") or {}) and not said
        when = spec.get("as_published_when") or {}
        dated_by_publication = bool(when) and all(rec.get(k) == v for k, v in when.items())
        for rule in STATEMENT_CONVENTIONS:
            if named or (dated_by_publication and rule == "as-published"):
                said.append(Said(0, len(text), STATEMENT_CONVENTIONS[rule](published), rule))
        return said


def _same_words(text: str, quote: str) -> list[Said]:
    """Where the quote's words stand in text, word for word, whatever the punctuation and quotation marks between."""
    wanted = [w.casefold() for w in re.findall(r"\w+", quote)]
    words = list(re.finditer(r"\w+", text))
    out = []
    for i in range(len(words) - len(wanted) + 1):
        if wanted and all(words[i + j].group(0).casefold() == w for j, w in enumerate(wanted)):
            out.append(Said(words[i].start(), words[i + len(wanted) - 1].end(), quote, "quote"))
    return out


def _show(value: Any) -> str:
    return format_number(value) if isinstance(value, float | int) and not isinstance(value, bool) else str(value)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return a == b


class _Checker:
    def __init__(self, records: Records, locations: Locations, dated: set[str]):
        self.rules = Rules(records)
        self.records, self.locations, self.dated = records, locations, dated
        self.problems: list[Problem] = []
        self.spans: Spans = {}
        self.known = {p["party_id"] for p in records.get("parties", [])}
        self.children: dict[tuple[str, str], list[LocatedDict]] = defaultdict(list)  # (nested table, parent id) -> its rows
        for parent in schema.table_names():
            for child, _under, field in schema.nested_tables(parent):
                for row in records.get(child, []):
                    self.children[(child, str(row.get(field)))].append(row)
        # (table, field, source, start, end) -> ids of the rows that cite that excerpt for that field
        self.sharing: dict[tuple[str, str, str, int, int], list[str]] = defaultdict(list)
        for table in schema.cited_tables():
            for rec in records.get(table, []):
                for n, item in enumerate(rec.get("evidence") or [], 1):
                    where = locations.get((table, record_id(table, rec), n))
                    for field in item.get("supports") or [] if where else []:
                        self.sharing[(table, field, item["source_id"], where.start, where.end)].append(record_id(table, rec))

    def problem(self, table: str, rec: LocatedDict, n: int, item: LocatedDict, field: str, message: str, key: str = "") -> None:
        """A problem of one excerpt, at the line of the excerpt (or of its key `spans` or `refers`), quoting it."""
        exact = item["exact"] if len(item["exact"]) <= 90 else item["exact"][:87] + "..."
        text = f"evidence[{n}] ({item['source_id']}: {exact!r}): {message}"
        self.problems.append(Problem(rec.file, record_id(table, rec), field, text, item.line_of(key) if key else item.line))

    def run(self) -> tuple[Spans, list[Problem]]:
        for table in schema.cited_tables():
            for rec in self.records.get(table, []):
                stated: Stated = defaultdict(set)
                for n, item in enumerate(rec.get("evidence") or [], 1):
                    where = self.locations.get((table, record_id(table, rec), n))  # item["exact"] stands there verbatim
                    if where is None:  # refused by checks.py
                        continue
                    self.refers(table, rec, n, item)
                    self.about(table, rec, n, item)
                    self.spans[(table, record_id(table, rec), n)] = [
                        span for field in item.get("supports") or [] for span in self.field(table, rec, n, item, field, where, stated)
                    ]
                for field, items in stated.items():
                    missing = [v for i, v in enumerate(rec[field]) if i not in items]
                    if missing:
                        message = f"{', '.join(map(repr, missing))} is stated by none of the excerpts that support {field}"
                        self.problems.append(Problem(rec.file, record_id(table, rec), field, message, rec.line_of(field)))
        return self.spans, self.problems

    def field(self, table: str, rec: LocatedDict, n: int, item: LocatedDict, field: str, where: Located, stated: Stated) -> list[Span]:
        value, excerpt = rec.get(field), item["exact"]
        if value in (None, [], ""):
            self.problem(table, rec, n, item, field, f"supports {field}, which is empty in this row")
            return []
        spec = schema.field(table, field)
        words = (item.get("spans") or {}).get(field)
        lo, hi = 0, len(excerpt)
        if words is not None:
            lo = excerpt.find(words)
            if lo < 0:
                self.problem(table, rec, n, item, field, f"its span {words!r} is not in the excerpt", "spans")
                return []
            hi = lo + len(words)
        kind = spec["kind"]
        if kind == "date" and spec.get("basis") and rec.get(spec["basis"]) == "inferred":
            kind = "judgement"  # an inferred date rests on other facts: its words are shown, not proved
        if kind == "judgement":
            return [Span(field, where.start + lo, where.start + hi, "judgement")]
        if kind == "date" and item["source_id"] not in self.dated:
            return []  # its text's publication date is refused (checks.check_dates): no phrase resolves against it
        values = list(value) if spec.get("input_list") else [value]
        said = [Said(s.start + lo, s.end + lo, s.value, s.rule) for s in self.rules.said(kind, spec, excerpt[lo:hi], value, item, rec)]
        if kind == "party" and said:
            said = [s for s in said if s.rule != "anaphor" or self.antecedent(table, rec, item, s.value)]
        out = []
        several = words is None and kind != "party" and len({_show(s.value) for s in said}) > 1  # a party names itself: no moving unseen
        for i, wanted in enumerate(values):
            matching = [s for s in said if _equal(s.value, wanted)]
            if matching and several:
                matching = self.own_row(table, rec, n, item, field, where, matching)
                if matching is None:
                    return []
            if matching:
                if spec.get("input_list"):
                    stated[field].add(i)
                best = matching[0]
                out.append(Span(field, where.start + best.start, where.start + best.end, best.rule))
        if not out:
            self.problem(table, rec, n, item, field, self.refusal(kind, values, said, item))
        return out

    def own_row(
        self, table: str, rec: LocatedDict, n: int, item: LocatedDict, field: str, where: Located, matching: list[Said]
    ) -> list[Said] | None:
        """Where the excerpt states this field for other rows too (and says several values), keep only what ties the value to this row."""
        rows = self.sharing[(table, field, item["source_id"], where.start, where.end)]
        if len(rows) < 2:
            return matching
        tie = schema.field(table, field).get("tie")
        others = ", ".join(r for r in rows if r != record_id(table, rec))
        if tie is None:
            message = f"states several values of {field} for several rows ({others}): name this row's words under spans"
            self.problem(table, rec, n, item, field, message)
            return None
        party = rec.get(tie)
        excerpt = item["exact"]
        cuts = [(m.start(), m.end()) for m in _CLAUSE.finditer(excerpt)]
        tied = []
        for s in matching:  # the clause around the value: between the separators (", ", "; ", " and " ...) either side
            start = max([b for a, b in cuts if b <= s.start], default=0)
            end = min([a for a, b in cuts if a >= s.end], default=len(excerpt))
            names = [p for p in self.rules.parties(excerpt[start:end], item.get("refers") or {}) if p.value == party]
            if names:
                tied.append(Said(min(s.start, start + names[0].start), max(s.end, start + names[0].end), s.value, s.rule))
        if not tied:
            message = f"states {field} for several rows ({others}): no clause holding {_show(matching[0].value)} also names {party} ({tie})"
            self.problem(table, rec, n, item, field, message)
            return None
        return tied

    def refusal(self, kind: str, values: list[Any], said: list[Said], item: LocatedDict) -> str:
        wanted = " or ".join(repr(_show(v)) for v in values)
        if not said:
            what = {
                "party": "it names no party",
                "date": "it holds no date phrase the conventions read",
                "number": "it holds no such numeral",
            }
            detail = what.get(kind, "it does not print it" if kind != "source" else "it does not print its publisher")
            return f"does not state {wanted} ({kind} rule): {detail}"
        shown = "; ".join(dict.fromkeys(f"{_show(s.value)} ({s.rule})" for s in said))
        if kind == "date":
            shown += f", read against {item['source_id']}'s publication {self.rules.published.get(item['source_id'])}"
        return f"does not state {wanted} ({kind} rule): its words state {shown}"

    def antecedent(self, table: str, rec: LocatedDict, item: LocatedDict, party: str) -> bool:
        """An anaphor counts where an excerpt of the same row from the same text names its party by a spelling."""
        for n, other in enumerate(rec.get("evidence") or [], 1):
            if other["source_id"] == item["source_id"] and (table, record_id(table, rec), n) in self.locations:
                if any(s.value == party for s in self.rules.parties(other["exact"], {})):
                    return True
        return False

    def refers(self, table: str, rec: LocatedDict, n: int, item: LocatedDict) -> None:
        for words, party in (item.get("refers") or {}).items():
            if party not in self.known:
                self.problem(table, rec, n, item, "refers", f"{words!r} stands for {party!r}, which is not a party", "refers")
            elif not any(True for _ in _words(item["exact"], words)):
                self.problem(table, rec, n, item, "refers", f"{words!r} is not in the excerpt", "refers")
            elif not self.antecedent(table, rec, item, party):
                message = f"{words!r} stands for {party}, but no excerpt of this row from {item['source_id']} names {party}"
                self.problem(table, rec, n, item, "refers", message, "refers")

    def about(self, table: str, rec: LocatedDict, n: int, item: LocatedDict) -> None:
        """The excerpt names a party the row is about: one of its party fields named in `about`, or of its nested rows (T.F)."""
        parties = set()
        for name in schema.table(table).get("about", []):
            child, _, column = name.partition(".")
            if column:
                parties |= {r[column] for r in self.children[(child, record_id(table, rec))]}
            elif rec.get(name):
                parties.add(rec[name])
        if not parties:
            return
        named = self.rules.parties(item["exact"], item.get("refers") or {})
        if not any(s.value in parties and (s.rule == "party" or self.antecedent(table, rec, item, s.value)) for s in named):
            message = f"names none of the parties this row is about ({', '.join(sorted(parties))}): it supports nothing here"
            self.problem(table, rec, n, item, "evidence", message)


def check_spans(records: Records, locations: Locations, dated: set[str]) -> tuple[Spans, list[Problem]]:
    """The span of every (excerpt, field) pair, and the problems of every excerpt that does not state what it supports;
    dated: the sources whose publication date was read (a date is checked only against one)."""
    return _Checker(records, locations, dated).run()
