"""Regular expression -> a SQL CHECK that SQLite evaluates without a REGEXP extension.

The condition tests what every full match of the pattern has in common: the characters a match can
contain, its first and last characters or literal prefix and suffix, and its length bounds, all
derived from the parsed regular expression. Every value matching the pattern passes it (a necessary
condition, tested), but it can accept some values the pattern refuses.
"""

from __future__ import annotations

import re._constants as sre_constants
import re._parser as sre_parse
from dataclasses import dataclass
from typing import Any

UNBOUNDED = 10**9  # a regex width at or above this is "no upper bound"
LARGEST_SET = 100_000  # character sets larger than this are treated as "any character" (still sound)
WHITESPACE = frozenset(c for c in range(0x110000) if chr(c).isspace())


# --- Character sets and the shape of a regular expression ----------------------------------------


@dataclass(frozen=True)
class Chars:
    """A set of characters: exactly `members`, or, when negated, every character but `members`."""

    members: frozenset[int]
    negated: bool = False

    def union(self, other: Chars) -> Chars:
        if not self.negated and not other.negated:
            return Chars(self.members | other.members)
        if self.negated and other.negated:
            return Chars(self.members & other.members, True)
        positive, negative = (self, other) if other.negated else (other, self)
        return Chars(negative.members - positive.members, True)


ANY_CHAR = Chars(frozenset(), True)
NO_CHAR = Chars(frozenset())


@dataclass(frozen=True)
class Shape:
    """What every full match of a pattern has in common (each part an over-approximation)."""

    chars: Chars  # characters a match can contain
    first: Chars  # characters a non-empty match can start with
    last: Chars  # characters a non-empty match can end with
    nullable: bool  # whether the empty string matches


UNKNOWN = Shape(ANY_CHAR, ANY_CHAR, ANY_CHAR, True)
EMPTY = Shape(NO_CHAR, NO_CHAR, NO_CHAR, True)


def _single(chars: Chars) -> Shape:
    return Shape(chars, chars, chars, False)


def _class(items: list[tuple[Any, Any]]) -> Chars:
    """The characters an IN [...] item matches."""
    out, negate = NO_CHAR, False
    for op, av in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            out = out.union(Chars(frozenset([av])))
        elif op is sre_constants.RANGE:
            lo, hi = av
            if hi - lo > LARGEST_SET:
                return ANY_CHAR
            out = out.union(Chars(frozenset(range(lo, hi + 1))))
        elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_SPACE:
            out = out.union(Chars(WHITESPACE))
        elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_NOT_SPACE:
            out = out.union(Chars(WHITESPACE, True))
        else:  # other categories (\d, \w ... match Unicode classes): assume anything
            return ANY_CHAR
    return Chars(out.members, not out.negated) if negate else out


def _sequence(shapes: list[Shape]) -> Shape:
    chars, first, last = NO_CHAR, NO_CHAR, NO_CHAR
    for shape in shapes:
        chars = chars.union(shape.chars)
    for shape in shapes:
        first = first.union(shape.first)
        if not shape.nullable:
            break
    for shape in reversed(shapes):
        last = last.union(shape.last)
        if not shape.nullable:
            break
    return Shape(chars, first, last, all(s.nullable for s in shapes))


def shape_of(items: Any) -> Shape:
    """The Shape of a parsed (sub)pattern; unknown constructs make it UNKNOWN, never too strict."""
    shapes = []
    for op, av in items:
        if op is sre_constants.LITERAL:
            shapes.append(_single(Chars(frozenset([av]))))
        elif op is sre_constants.NOT_LITERAL:
            shapes.append(_single(Chars(frozenset([av]), True)))
        elif op is sre_constants.ANY:
            shapes.append(_single(ANY_CHAR))
        elif op is sre_constants.IN:
            shapes.append(_single(_class(av)))
        elif op is sre_constants.AT:
            shapes.append(EMPTY)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            inner = shape_of(sub) if hi > 0 else EMPTY
            shapes.append(Shape(inner.chars, inner.first, inner.last, lo == 0 or inner.nullable))
        elif op is sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            shapes.append(UNKNOWN if add_flags or del_flags else shape_of(sub))
        elif op is sre_constants.BRANCH:
            alternatives = [shape_of(sub) for sub in av[1]]
            merged = alternatives[0]
            for alt in alternatives[1:]:
                merged = Shape(
                    merged.chars.union(alt.chars),
                    merged.first.union(alt.first),
                    merged.last.union(alt.last),
                    merged.nullable or alt.nullable,
                )
            shapes.append(merged)
        else:  # back-references, look-arounds, conditionals
            shapes.append(UNKNOWN)
    return _sequence(shapes)


def _literal_run(items: list[tuple[Any, Any]]) -> str:
    out = []
    for op, av in items:
        if op is not sre_constants.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


# --- GLOB and SQL text ---------------------------------------------------------------------------


def sql_string(value: str) -> str:
    """A SQL expression for value: a quoted literal, with char(n) for characters that do not print."""
    parts, run = [], ""
    for c in value:
        if c.isprintable():
            run += c
            continue
        if run:
            parts.append("'" + run.replace("'", "''") + "'")
            run = ""
        parts.append(f"char({ord(c)})")
    if run or not parts:
        parts.append("'" + run.replace("'", "''") + "'")
    return " || ".join(parts)


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def glob_literal(text: str) -> str:
    """text as a GLOB pattern matching exactly itself (*, ? and [ in brackets)."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def glob_class(members: frozenset[int]) -> str | None:
    """The inside of a GLOB [...] matching exactly these characters; None when SQL text cannot hold them."""
    if not members or any(c == 0 or 0xD800 <= c <= 0xDFFF for c in members):
        return None
    special = {ord("]"), ord("-"), ord("^")}
    ranges: list[list[int]] = []
    for c in sorted(members - special):
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    body = "".join(chr(lo) if lo == hi else chr(lo) + chr(hi) if hi == lo + 1 else f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)
    # SQLite's GLOB: ']' is literal first, '^' anywhere but first, '-' first or last
    if ord("]") in members:
        body = "]" + body
    if ord("-") in members:
        body = "-" + body if not body.startswith("]") else body + "-"
    if ord("^") in members:
        if not body:
            return None  # a class of '^' alone cannot be written; callers skip the check
        body = body[0] + "^" + body[1:]
    return body


def pattern_check(column: str, pattern: str) -> str | None:
    """A SQL condition every full match of pattern satisfies (None when none can be derived)."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # an invalid pattern: frictionless reports it; no CHECK here
        return None
    if parsed.state.flags & (sre_constants.SRE_FLAG_IGNORECASE | sre_constants.SRE_FLAG_VERBOSE):
        return None
    col = quote_name(column)
    shape = shape_of(parsed)
    lo, hi = parsed.getwidth()
    items = list(parsed)
    while items and items[0][0] is sre_constants.AT:
        items.pop(0)
    while items and items[-1][0] is sre_constants.AT:
        items.pop()
    prefix, suffix = _literal_run(items), _literal_run(items[::-1])[::-1]
    parts = []
    if not shape.chars.negated:
        inside = glob_class(shape.chars.members)
        if not shape.chars.members:
            parts.append(f"{col} = ''")
        elif inside is not None:
            parts.append(f"{col} NOT GLOB {sql_string(f'*[^{inside}]*')}")
    elif (inside := glob_class(_ascii(shape.chars.members))) is not None:
        parts.append(f"{col} NOT GLOB {sql_string(f'*[{inside}]*')}")
    if prefix:
        parts.append(f"{col} GLOB {sql_string(glob_literal(prefix) + '*')}")
    if suffix:
        parts.append(f"{col} GLOB {sql_string('*' + glob_literal(suffix))}")
    if lo >= 1:  # a non-empty match starts and ends with one of these
        for chars, template, literal in ((shape.first, "[{}]*", prefix), (shape.last, "*[{}]", suffix)):
            if literal or chars == shape.chars:  # nothing beyond what is checked already
                continue
            if chars.negated:
                inside = glob_class(_ascii(chars.members))
                if inside is not None:
                    parts.append(f"{col} NOT GLOB {sql_string(template.format(inside))}")
            elif (inside := glob_class(chars.members)) is not None:
                parts.append(f"{col} GLOB {sql_string(template.format(inside))}")
    if lo == hi:
        parts.append(f"length({col}) = {lo}")
    else:
        if lo >= 2:
            parts.append(f"length({col}) >= {lo}")
        if hi < UNBOUNDED:
            parts.append(f"length({col}) <= {hi}")
    return " AND ".join(parts) if parts else None


def _ascii(members: frozenset[int]) -> frozenset[int]:
    """The ASCII part of a set of excluded characters: excluding fewer characters is weaker, still sound."""
    return frozenset(c for c in members if c < 128)
