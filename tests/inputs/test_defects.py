"""The catalogue of input defects: each is refused with file, line, record and field, and nothing is published.

Every case starts from a copy of the repository that has been built once, breaks one thing, runs
the build, and checks (1) that a problem names the right file, record and field with a message a
person understands, (2) its line where the format has lines, and (3) that data/, datapackage.json
and README.md are byte for byte what they were.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.model.files import PUBLISHED
from scripts.model.publish import staging
from scripts.package.build import build
from tests.conftest import build_problems, copy_inputs, fingerprint

Mutation = Callable[[Path], None]


def replace(rel: str, old: str, new: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"test setup: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def write(rel: str, content: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).write_bytes(content)

    return mutate


def delete(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).unlink()

    return mutate


def append(rel: str, text: str) -> Mutation:
    def mutate(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return mutate


def folder_for(rel: str) -> Mutation:
    """A folder where a file should be."""

    def mutate(root: Path) -> None:
        (root / rel).unlink()
        (root / rel).mkdir()

    return mutate


def flip_byte(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        data = bytearray((root / rel).read_bytes())
        data[10] ^= 0x01
        (root / rel).write_bytes(bytes(data))

    return mutate


@dataclass(frozen=True)
class Defect:
    name: str
    mutate: Mutation
    file: str
    record: str | None
    field: str | None
    message: str
    line_marker: str | None = None  # the problem's line is the first line containing this text


P, S, E, Q = "facts/parties.yaml", "facts/stakes.yaml", "facts/events.yaml", "facts/quotes.yaml"
SRC, D, G, SCH = "facts/sources.yaml", "facts/disagreements.yaml", "facts/group_stakes.yaml", "schema.yaml"
SBERBANK = '{source_id: ft, exact: "state-owned Sberbank", supports: [holder_id, subject_id, interest_type, status, as_of]}'
MEGAFON = '{source_id: jurnalis, exact: "telecom operator MegaFon", supports: [name, party_type, description]}'
AMOUNT = '        kind: money\n        description: "Money involved, in units of currency (so 2000000000 for $2 billion)."\n'
MAIL_RU_AFP = 'exact: "Chinese e-commerce giant Alibaba and Russian technology group Mail.ru on Tuesday announced a deal"'

FT = "archive/ft-2018-alibaba-advanced-talks-russian-ecommerce-jv.txt"
AGAIN = """
- stake_id: alibaba-in-aliexpress-russia-again
  holder_id: alibaba
  subject_id: aliexpress-russia
  interest_type: equity
  share_exact: 48
  status: agreed
  as_of: "2018-09-11"
  basis: stated
  evidence: [*jv-shares, *jv-name, *jv-signed]
"""
MINIMUM = (
    AGAIN.replace("-again", "-at-least").replace("holder_id: alibaba", "holder_id: kremlin").replace("share_exact: 48", "share_min: 60")
)
MEGAFON_STAKE = "  holder_id: megafon\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 24\n"

DEFECTS = [
    Defect(
        "yaml syntax error",
        replace(P, "aliases: [Mail.Ru]", "aliases: [Mail.Ru"),
        P,
        None,
        None,
        "YAML error: did not find expected ',' or ']'",
        "aliases: [Mail.Ru",
    ),
    Defect(
        "key given twice",
        replace(P, "  name: MegaFon\n", "  name: MegaFon\n  name: Megafon\n"),
        P,
        None,
        None,
        "key 'name' given twice",
        "name: Megafon",
    ),
    Defect(
        "unknown field",
        replace(P, "  name: MegaFon\n", "  name: MegaFon\n  nickname: Mega\n"),
        P,
        "megafon",
        "nickname",
        "unknown field",
        "nickname",
    ),
    Defect(
        "missing required field",
        replace(E, "  event_type: office_opening\n", ""),
        E,
        "alibaba-first-russian-office",
        "event_type",
        "required field is missing",
    ),
    Defect(
        "wrong type: text for a number",
        replace(S, "share_exact: 24", 'share_exact: "24"'),
        S,
        "megafon-in-aliexpress-russia",
        "share_exact",
        "expected a number, got text",
        'share_exact: "24"',
    ),
    Defect(
        "wrong type: unquoted date",
        replace(S, 'as_of: "2018-09-11"', "as_of: 2018-09-11"),
        S,
        "alibaba-in-aliexpress-russia",
        "as_of",
        "got a date (put quotes around it",
        "as_of: 2018-09-11",
    ),
    Defect(
        "wrong type: text for a list",
        replace(P, "aliases: [Mail.Ru]", "aliases: Mail.Ru"),
        P,
        "mail-ru",
        "aliases",
        "expected a list",
        "aliases: Mail.Ru",
    ),
    Defect("duplicate id", replace(P, "party_id: tokopedia", "party_id: lazada"), P, "lazada", "party_id", "duplicate id"),
    Defect(
        "id breaks the pattern",
        replace(P, "party_id: megafon", "party_id: MegaFon_RU"),
        P,
        "MegaFon_RU",
        "party_id",
        "does not match the pattern",
        "party_id: MegaFon_RU",
    ),
    Defect(
        "unknown party",
        replace(S, "holder_id: megafon", "holder_id: megafone"),
        S,
        "megafon-in-aliexpress-russia",
        "holder_id",
        "unknown party 'megafone'",
        "holder_id: megafone",
    ),
    Defect(
        "unknown event",
        replace(Q, "event_id: dmitriev-tells-putin", "event_id: dmitriev-told-putin"),
        Q,
        "dmitriev-internet-platforms",
        "event_id",
        "unknown event",
        "dmitriev-told-putin",
    ),
    Defect(
        "unknown source",
        replace(S, SBERBANK, SBERBANK.replace("source_id: ft,", "source_id: afp,")),
        S,
        "kremlin-owns-sberbank",
        "evidence[1].source_id",
        "unknown source 'afp'",
        "source_id: afp",
    ),
    Defect(
        "unknown party in an event",
        replace(E, "    - party_id: pandao\n", "    - party_id: pandoo\n"),
        E,
        "pandao-launch.pandoo.subject",
        "party_id",
        "unknown party 'pandoo'",
        "party_id: pandoo",
    ),
    Defect(
        "stake citing nothing",
        replace(S, f"  evidence:\n    - {SBERBANK}\n", ""),
        S,
        "kremlin-owns-sberbank",
        "evidence",
        "at least one citation",
    ),
    Defect(
        "quote citing nothing",
        replace(
            Q,
            '  evidence:\n    - source_id: jurnalis\n      exact: "The two groups, along with the Russian sovereign wealth fund RDIF '
            'and telecom operator MegaFon, announced the creation of “a new strategic partnership”"\n'
            "      supports: [text, speaker_label, quote_kind, event_id]\n",
            "  evidence: []\n",
        ),
        Q,
        "jv-statement-strategic-partnership",
        "evidence",
        "at least one",
    ),
    Defect(
        "excerpt not in the text",
        replace(E, "Alibaba opened its first office in Russia in 2015", "Alibaba opened its first office in Moscow in 2015"),
        E,
        "alibaba-first-russian-office",
        "evidence[1].exact",
        "not found verbatim",
        "office in Moscow",
    ),
    Defect(
        "excerpt there only after normalising quotes",
        replace(Q, 'exact: "“We want', 'exact: "\\"We want'),
        Q,
        "evans-russian-business",
        "evidence[1].exact",
        "once quotes, dashes, spacing or Unicode forms are made alike",
        'exact: "\\"We want',
    ),
    Defect(
        "excerpt there only after normalising spaces",
        replace(E, "Alibaba opened its first office in Russia in 2015", "Alibaba opened its first  office in Russia in 2015"),
        E,
        "alibaba-first-russian-office",
        "evidence[1].exact",
        "made alike",
        "first  office",
    ),
    Defect("archived file altered", flip_byte(FT), SRC, "ft", "sha256", "the archived file was altered"),
    Defect("archived file missing", delete(FT), SRC, "ft", "archive_path", "is missing"),
    Defect(
        "share above 100",
        replace(S, "share_exact: 48", "share_exact: 148"),
        S,
        "alibaba-in-aliexpress-russia",
        "share_exact",
        "above the maximum 100",
        "share_exact: 148",
    ),
    Defect(
        "share below 0",
        replace(S, "share_exact: 13", "share_exact: -13"),
        S,
        "rdif-in-aliexpress-russia",
        "share_exact",
        "below the minimum 0",
        "share_exact: -13",
    ),
    Defect(
        "share_min above share_max",
        replace(
            S,
            '  interest_type: ownership\n  status: held\n  as_of: "2018-09-11"\n',
            '  interest_type: ownership\n  share_min: 60\n  share_max: 50\n  status: held\n  as_of: "2018-09-11"\n',
        ),
        S,
        "usmanov-owns-mail-ru",
        "share_min",
        "share_min 60 is above share_max 50",
        "share_min: 60",
    ),
    Defect(
        "exact stakes in one company above 100",
        replace(S, MEGAFON_STAKE, MEGAFON_STAKE.replace("24", "34")),
        S,
        "alibaba-in-aliexpress-russia",
        "share_exact",
        "add up to at least 110 percent, more than 100",
    ),
    Defect(
        "combined stake differs from its members",
        replace(G, "share_exact: 52", "share_exact: 62"),
        G,
        "russian-partners-in-aliexpress-russia",
        "share_exact",
        "differs from the members' stakes (24 + 15 + 13 = 52)",
        "share_exact: 62",
    ),
    Defect(
        "stake in itself",
        replace(S, "holder_id: telenor\n  subject_id: telenor-microfinance-bank", "holder_id: telenor\n  subject_id: telenor"),
        S,
        "telenor-owns-telenor-microfinance-bank",
        "holder_id",
        "cannot hold a stake in itself",
    ),
    Defect(
        "impossible date",
        replace(E, 'date: "2018-08?"', 'date: "2018-02-30"'),
        E,
        "sberbank-yandex-tie-up",
        "date",
        "not a valid EDTF date",
        "2018-02-30",
    ),
    Defect(
        "not a date",
        replace(E, 'date: "2015"', 'date: "in 2015"'),
        E,
        "alibaba-first-russian-office",
        "date",
        "not a valid EDTF date",
        "in 2015",
    ),
    Defect(
        "date_start after date_end",
        replace(E, 'date: "2018-09-10/2018-09-11"', 'date: "2018-09-12/2018-09-11"'),
        E,
        "ma-step-back-announcement",
        "date",
        "starts after it ends",
        "2018-09-12/2018-09-11",
    ),
    Defect(
        "event dated after every source reporting it",
        replace(E, 'date: "2015"', 'date: "2019"'),
        E,
        "alibaba-first-russian-office",
        "date",
        "after the latest publication (2018-09-11)",
        'date: "2019"',
    ),
    Defect(
        "currency that does not exist",
        replace(E, "currency: USD\n  disagreement_id", "currency: USX\n  disagreement_id"),
        E,
        "jv-agreement",
        "currency",
        "not an ISO 4217 currency code",
        "currency: USX",
    ),
    Defect(
        "amount without currency",
        replace(E, "  amount: 184000000\n  currency: USD\n", "  amount: 184000000\n"),
        E,
        "ant-financial-telenor-investment",
        "currency",
        "give both or neither",
    ),
    Defect(
        "country that does not exist",
        replace(P, "  country: US\n", "  country: XU\n"),
        P,
        "amazon",
        "country",
        "not an ISO 3166-1 alpha-2 country code",
        "country: XU",
    ),
    Defect(
        "enum value outside its list",
        replace(P, "party_type: bank\n  country: RU", "party_type: lender\n  country: RU"),
        P,
        "sberbank",
        "party_type",
        "'lender' is not one of",
        "party_type: lender",
    ),
    Defect(
        "enum value outside its list (event role)",
        replace(E, "    - party_id: kremlin\n      role: backer\n", "    - party_id: kremlin\n      role: sponsor\n"),
        E,
        "jv-agreement.kremlin.sponsor",
        "role",
        "'sponsor' is not one of",
        "role: sponsor",
    ),
    Defect(
        "control character in text",
        replace(P, "description: Parent of Telenor Microfinance Bank.", 'description: "Parent of Telenor\\u0007 Microfinance Bank."'),
        P,
        "telenor",
        "description",
        "control or invisible format characters U+0007",
        "Parent of Telenor",
    ),
    Defect(
        "byte-order mark in text",
        replace(P, "description: Parent of Telenor Microfinance Bank.", "description: \ufeffParent of Telenor Microfinance Bank."),
        P,
        "telenor",
        "description",
        "byte-order mark",
        "Parent of Telenor",
    ),
    Defect(
        "text not in NFC",
        replace(P, "name: Wildberries", "name: Wildberrie\u0301s"),
        P,
        "wildberries",
        "name",
        "not in Unicode NFC form",
        "name: Wildberrie",
    ),
    Defect(
        "stray surrounding white space",
        replace(P, "name: Wildberries", "name: ' Wildberries'"),
        P,
        "wildberries",
        "name",
        "white space at its start or end",
        "name: ' Wildberries'",
    ),
    Defect(
        "cell a spreadsheet would run",
        replace(P, "description: Parent of Telenor Microfinance Bank.", "description: '=HYPERLINK(\"http://x\")'"),
        P,
        "telenor",
        "description",
        "a spreadsheet would run it as a formula",
        "HYPERLINK",
    ),
    Defect("empty facts file", write(D, b""), D, None, None, "facts file is empty"),
    Defect("missing facts file", delete(Q), Q, None, None, "facts file is missing"),
    Defect("facts file not UTF-8", write(D, "- disagreement_id: caf\xe9\n".encode("latin-1")), D, None, None, "not valid UTF-8"),
    Defect(
        "alias not in any excerpt",
        replace(P, "aliases: [Mike Evans]", "aliases: [Mike Evans, Mikey Evans]"),
        P,
        "mike-evans",
        "aliases",
        "'Mikey Evans' is stated by none of the excerpts that support aliases",
        "Mikey Evans",
    ),
    Defect(
        "one spelling for two parties",
        replace(P, "  name: Tokopedia\n  aliases: []", "  name: Tokopedia\n  aliases: [Lazada]"),
        P,
        "tokopedia",
        "aliases",
        "also names party 'lazada'",
    ),
    Defect(
        "quote text not verbatim",
        replace(Q, 'text: "We want this to be a Russian business,"', 'text: "We want this to be a truly Russian business,"'),
        Q,
        "evans-russian-business",
        "text",
        "not verbatim in the first excerpt that supports it",
        "truly Russian",
    ),
    Defect(
        "disagreement with one source",
        replace(
            D,
            '    - {source_id: cpi, exact: "AliExpress, Alibaba’s cross-border eCommerce business, is the most visited site in Russia.", '
            "supports: [summary]}\n",
            "",
        ),
        D,
        "most-visited-site",
        "evidence",
        "at least two sources",
    ),
    Defect(
        "derived field typed by hand",
        replace(E, '  date: "2015"\n', '  date: "2015"\n  date_start: "2015-01-01"\n'),
        E,
        "alibaba-first-russian-office",
        "date_start",
        "derived by the build",
        'date_start: "2015-01-01"',
    ),
    Defect(
        "group party without members",
        replace(P, "  name: Tencent\n  aliases: []\n  party_type: company\n", "  name: Tencent\n  aliases: []\n  party_type: group\n"),
        P,
        "tencent",
        "party_type",
        "a group party needs members",
    ),
    Defect(
        "same excerpt cited twice",
        replace(
            P,
            '    - {source_id: ft, exact: "Amazon, the US ecommerce giant", supports: [name, country, description]}\n',
            '    - {source_id: ft, exact: "Amazon, the US ecommerce giant", supports: [name, country, description]}\n' * 2,
        ),
        P,
        "amazon",
        "evidence[2]",
        "cites the same excerpt twice",
    ),
    # Evidence for every value (issue 9): each stated cell, each excerpt and the schema itself.
    Defect(
        "stated cell that no excerpt names",
        replace(P, "supports: [party_type, country, description]", "supports: [party_type, description]"),
        P,
        "aliexpress-russia",
        "country",
        "is stated, but no excerpt of this record names it in `supports`",
        "country: RU",
    ),
    Defect(
        "excerpt without supports",
        replace(P, MEGAFON, '{source_id: jurnalis, exact: "telecom operator MegaFon"}'),
        P,
        "megafon",
        "evidence[1]",
        "needs the keys source_id, exact and supports",
        "telecom operator MegaFon",
    ),
    Defect(
        "excerpt names a field its table does not have",
        replace(P, MEGAFON, MEGAFON.replace("description]", "description, nickname]")),
        P,
        "megafon",
        "evidence[1].supports",
        "names 'nickname', which table parties does not have",
        "telecom operator MegaFon",
    ),
    Defect(
        "excerpt names a field that is not stated",
        replace(P, MEGAFON, MEGAFON.replace("description]", "description, basis]")),
        P,
        "megafon",
        "evidence[1].supports",
        "names 'basis', whose provenance is editorial: an excerpt supports stated fields only",
        "telecom operator MegaFon",
    ),
    Defect(
        "excerpt that occurs twice without context",
        replace(P, MAIL_RU_AFP, 'exact: "Russian technology group Mail.ru"'),
        P,
        "mail-ru",
        "evidence[4].exact",
        "occurs 2 times in archive/jurnalisindustri-afp-2018-09-alibaba-mailru-launch-venture.txt (lines 5, 10)",
        'exact: "Russian technology group Mail.ru"',
    ),
    Defect(
        "excerpt in page furniture (the share widget)",
        replace(P, MAIL_RU_AFP, 'exact: "Russian technology group Mail.ru"\n      suffix: " on Tuesday announced a..."'),
        P,
        "mail-ru",
        "evidence[4].exact",
        "cites page furniture of archive/jurnalisindustri-afp-2018-09-alibaba-mailru-launch-venture.txt (lines 5–5: share widget",
        'exact: "Russian technology group Mail.ru"',
    ),
    Defect(
        "context that matches nowhere",
        replace(P, MAIL_RU_AFP, MAIL_RU_AFP + '\n      prefix: "Share"'),
        P,
        "mail-ru",
        "evidence[4].exact",
        "excerpt not found verbatim with its prefix and suffix",
        MAIL_RU_AFP,
    ),
    Defect(
        "inferred value without a note",
        replace(
            P,
            '  note: "party_type: Bloomberg names Wildberries only as a local rival of the combined company; '
            'that it is a company is inferred."\n',
            "",
        ),
        P,
        "wildberries",
        "note",
        "basis is inferred: say how in note",
    ),
    Defect(
        "resolved date without a date_note",
        replace(E, "  date_note: '\"last year\" in moscowtimes, published 2018-09-11.'\n", ""),
        E,
        "alibaba-package-deliveries-2017",
        "date_note",
        "date_basis is resolved: say how in date_note",
    ),
    Defect(
        "held stake not dated by the publication of its citing text",
        replace(S, 'as_of: "2018-09-11?/2018-09-17?"', 'as_of: "2018-09-11"'),
        S,
        "alibaba-owns-tmall",
        "as_of",
        "does not state '2018-09-11' (date rule): its words state 1999 (printed-year); 2018-09-11?/2018-09-17? (as-published)",
    ),
    # The excerpt must state the value (issue 18): the span, the rule of the field's kind, aboutness.
    Defect(
        "span not in its excerpt",
        replace(E, "spans: {date: has invested}", "spans: {date: had invested}"),
        E,
        "alibaba-invests-indonesia",
        "date",
        "its span 'had invested' is not in the excerpt",
        "spans: {date: had invested}",
    ),
    Defect(
        "span that does not state its cell by the field's rule",
        replace(
            S,
            "share_exact, status, as_of]\n\n- stake_id: telenor",
            "share_exact, status, as_of]\n      spans: {share_exact: $184m}\n\n- stake_id: telenor",
        ),
        S,
        "ant-financial-in-telenor-microfinance-bank",
        "share_exact",
        "does not state '45' (number rule): it holds no such numeral",
    ),
    Defect(
        "rule-checked field cited on an excerpt without its words",
        replace(
            E,
            'Soviet countries."\n      supports: [event_type, summary]',
            'Soviet countries."\n      supports: [event_type, summary, amount]',
        ),
        E,
        "jv-agreement",
        "amount",
        "does not state '2000000000' (money rule)",
    ),
    Defect(
        "resolved date that its phrase does not give",
        replace(E, 'date: "2017-12?"', 'date: "2017-11?"'),
        E,
        "dmitriev-tells-putin",
        "date",
        "does not state '2017-11?' (date rule): its words state 2017-12? (last-month), read against ft's publication 2018-03?/2018-09-11",
    ),
    Defect(
        "value moved to another row of the sentence that states several",
        replace(
            S,
            "holder_id: megafon\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 24",
            "holder_id: megafon\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 13",
        ),
        S,
        "megafon-in-aliexpress-russia",
        "share_exact",
        "no clause holding 13 also names megafon (holder_id)",
    ),
    Defect(
        "excerpt about none of the row's parties",
        replace(
            P,
            MEGAFON,
            '{source_id: jurnalis, exact: "the Russian sovereign wealth fund RDIF and telecom operator", supports: [party_type]}',
        ),
        P,
        "megafon",
        "evidence",
        "names none of the parties this row is about (megafon): it supports nothing here",
    ),
    Defect(
        "anaphor whose party no excerpt of the row names",
        replace(
            S,
            "share_exact, status, as_of]\n\n- stake_id: telenor",
            "share_exact, status, as_of]\n      refers: {it: telenor}\n\n- stake_id: telenor",
        ),
        S,
        "ant-financial-in-telenor-microfinance-bank",
        "refers",
        "'it' stands for telenor, but no excerpt of this row from ft names telenor",
    ),
    Defect(
        "anaphor for a party that does not exist",
        replace(S, "refers: {It: aliexpress-russia}", "refers: {It: aliexpress-rossiya}"),
        S,
        "alibaba-in-aliexpress-russia",
        "refers",
        "'It' stands for 'aliexpress-rossiya', which is not a party",
    ),
    Defect(
        "excerpt supports a field that is empty in the row",
        replace(
            S,
            "supports: [holder_id, subject_id, interest_type, status, as_of]}\n\n- stake_id: kremlin-owns-rdif",
            "supports: [holder_id, subject_id, interest_type, status, as_of, share_exact]}\n\n- stake_id: kremlin-owns-rdif",
        ),
        S,
        "kremlin-owns-sberbank",
        "share_exact",
        "supports share_exact, which is empty in this row",
    ),
    Defect(
        "parent's id typed in a nested row",
        replace(
            E,
            "    - party_id: kremlin\n      role: backer\n",
            "    - party_id: kremlin\n      event_id: jv-agreement\n      role: backer\n",
        ),
        E,
        "jv-agreement.kremlin.backer",
        "event_id",
        "comes from the record it is nested in; do not type it",
        "      event_id: jv-agreement",
    ),
    Defect(
        "schema: a YAML slip splits a description into a stray key",
        replace(
            SCH,
            "      - name: amount\n        type: number\n        provenance: stated\n" + AMOUNT + "        constraints: {minimum: 0}\n",
            "      - {name: amount, type: number, provenance: stated, description: Money involved, in units of currency., "
            "constraints: {minimum: 0}}\n",
        ),
        SCH,
        "events",
        "amount",
        "unknown key 'in units of currency.'",
        "- {name: amount",
    ),
    Defect(
        "schema: a misspelt key",
        replace(SCH, AMOUNT, AMOUNT.replace("description:", "descripton:")),
        SCH,
        "events",
        "amount",
        "unknown key 'descripton'",
        "descripton:",
    ),
    Defect(
        "schema: a field without a provenance role",
        replace(SCH, "        provenance: stated\n" + AMOUNT, AMOUNT),
        SCH,
        "events",
        "amount",
        "provenance: Field required",
        "- name: amount",
    ),
    Defect(
        "schema: a provenance role that does not exist",
        replace(SCH, "        provenance: stated\n" + AMOUNT, "        provenance: reported\n" + AMOUNT),
        SCH,
        "events",
        "amount",
        "provenance: Input should be 'key', 'stated', 'derived' or 'editorial'",
        "provenance: reported",
    ),
    Defect(
        "schema: a pattern that is not a regular expression",
        replace(SCH, 'constraints: {pattern: "^[A-Z]{2}$"}', 'constraints: {pattern: "^([A-Z]{2}$"}'),
        SCH,
        "parties",
        "country",
        "not a regular expression: missing ), unterminated subpattern",
        'pattern: "^([A-Z]{2}$"',
    ),
    Defect(
        "schema: an interest type the BODS export cannot translate",
        replace(SCH, "enum: [equity, ownership, control, investment]", "enum: [equity, ownership, control, investment, loan]"),
        SCH,
        "stakes",
        "interest_type",
        "'loan' has no BODS mapping",
    ),
    Defect(
        "schema: a file beside the tables that no writer makes",
        replace(
            SCH,
            "files:\n",
            "files:\n  extra:\n    path: data/extra.json\n    title: Extra\n    description: A file nobody writes.\n"
            "    mediatype: application/json\n",
        ),
        SCH,
        None,
        None,
        "unknown key 'extra'",
        "  extra:",
    ),
    Defect(
        "schema: a curator-typed field of type date",
        replace(SCH, "      - name: capture\n        type: string\n", "      - name: capture\n        type: date\n"),
        SCH,
        "sources",
        "capture",
        "a curator types a date as an EDTF string",
        "- name: capture",
    ),
    Defect(
        "schema: a misspelt nested table in about (it would switch the aboutness check off)",
        replace(SCH, "about: [event_parties.party_id]", "about: [event_partys.party_id]"),
        SCH,
        None,
        None,
        "about names event_partys.party_id, not a field of a table nested in it",
    ),
    Defect(
        "schema: a kind of field whose rule is not described",
        replace(SCH, '  place: "The place name as printed (any case)."\n', ""),
        SCH,
        None,
        None,
        "kinds does not say what ['place'] means",
    ),
    # Hostile inputs and faults (issue 21): each refused with its message, nothing published, no traceback.
    Defect(
        "equity above 100 through a second stake of one holder",
        append(S, AGAIN),
        S,
        "alibaba-in-aliexpress-russia",
        "share_exact",
        "add up to at least 148 percent, more than 100",
    ),
    Defect(
        "equity above 100 through a lower bound",
        append(S, MINIMUM),
        S,
        "alibaba-in-aliexpress-russia",
        "share_exact",
        "add up to at least 160 percent, more than 100",
    ),
    Defect(
        "a group listed as its own member",
        replace(P, "    - member_id: rdif\n", "    - member_id: russian-partners\n"),
        P,
        "russian-partners.russian-partners",
        "member_id",
        "a group cannot be its own member",
    ),
    Defect(
        "a text derived from itself",
        replace(SRC, "  derived_from: ft\n", "  derived_from: cpi\n"),
        SRC,
        "cpi",
        "derived_from",
        "a text cannot be a digest of itself",
    ),
    Defect(
        "an agreed stake dated after every text citing it",
        replace(S, 'as_of: "2018-09-11"', 'as_of: "2999-09-11"'),
        S,
        "alibaba-in-aliexpress-russia",
        "as_of",
        "starts 2999-09-11, after the latest publication",
    ),
    Defect(
        "an excerpt of white space alone",
        replace(P, '"telecom operator MegaFon"', '" "'),
        P,
        "megafon",
        "evidence[1].exact",
        "has no word in it",
    ),
    Defect(
        "an excerpt that a spreadsheet runs as a formula",
        replace(
            P,
            '{source_id: jurnalis, exact: "Alibaba, founded by tech billionaire Jack Ma in 1999", supports: [aliases, description]}',
            '{source_id: moscowtimes, exact: "-commerce titan", supports: [description]}',
        ),
        P,
        "alibaba",
        "evidence[4].exact",
        "starts with '-', which a spreadsheet runs as a formula",
    ),
    Defect(
        "a bidi override in curated text",
        replace(P, "Parent of Telenor Microfinance Bank.", '"Parent of \\u202eTelenor Microfinance Bank."'),
        P,
        "telenor",
        "description",
        "invisible format characters U+202E",
    ),
    Defect(
        "a zero-width space in a name",
        replace(P, "aliases: [Mike Evans]", 'aliases: ["Mike\\u200b Evans"]'),
        P,
        "mike-evans",
        "aliases",
        "invisible format characters U+200B",
    ),
    Defect(
        "a furniture range past the end of its text",
        replace(SRC, "lines: [8, 39]", "lines: [8, 99]"),
        SRC,
        "cpi",
        "furniture[1]",
        "lines 8–99 run past the end of archive/cpi-2018-alibaba-partnering-with-russian-companies.txt (39 lines)",
    ),
    Defect(
        "a number a double would change",
        replace(E, "amount: 2000000000", "amount: 9007199254740993"),
        E,
        "jv-agreement",
        "amount",
        "has more digits than a double holds",
    ),
    Defect(
        "a date in other digits than ASCII",
        replace(E, 'date: "2015"', 'date: "٢٠١٥"'),
        E,
        "alibaba-first-russian-office",
        "date",
        "not a valid EDTF date",
    ),
    Defect(
        "an id too long to name a file",
        replace(E, "event_id: pandao-launch", "event_id: " + "p" * 261),
        E,
        "p" * 261,
        "event_id",
        "does not match the pattern",
    ),
    Defect(
        "a key that is not text",
        replace(P, "  name: MegaFon\n", "  name: MegaFon\n  [a, b]: 1\n"),
        P,
        None,
        None,
        "a key must be text",
        "[a, b]: 1",
    ),
    Defect(
        "a list inside a list field",
        replace(P, "aliases: [Mike Evans]", "aliases: [[Mike Evans]]"),
        P,
        "mike-evans",
        "aliases",
        "list items must be text, got a list",
    ),
    Defect(
        "nesting too deep to read",
        replace(P, "Parent of Telenor Microfinance Bank.", "[" * 5000 + "]" * 5000),
        P,
        None,
        None,
        "nested too deeply",
    ),
    Defect(
        "an integer of thousands of digits",
        replace(S, "share_exact: 45", "share_exact: " + "4" * 5000),
        S,
        None,
        None,
        "Exceeds the limit (4300 digits)",
    ),
    Defect("a folder where a facts file should be", folder_for(Q), Q, None, None, "is not a plain file"),
    Defect("a folder where an archived text should be", folder_for(FT), SRC, "ft", "archive_path", "cannot be read"),
    Defect(
        "a generated block of the README without its END marker",
        replace("README.md", "<!-- END generated: timeline -->\n", ""),
        "README.md",
        None,
        None,
        "the block 'timeline' has no END marker",
    ),
    Defect(
        "a generated block the build does not know",
        append("README.md", "<!-- BEGIN generated: secret -->\n<!-- END generated: secret -->\n"),
        "README.md",
        None,
        None,
        "a generated block 'secret' that no renderer knows",
    ),
    Defect(
        "a package name that is a path",
        replace(SCH, "  name: aliexpress-russia-jv\n", "  name: ../../../x\n"),
        SCH,
        None,
        None,
        "package.name: String should match pattern",
    ),
    Defect(
        "a package creation time that is no time",
        replace(SCH, '  created: "2026-12-03T00:00:00Z"', '  created: "soon"'),
        SCH,
        None,
        None,
        "package.created: String should match pattern",
    ),
]


def _readme_built(root: Path) -> str:
    """The README the package build writes (the publication moves it over README.md as it is)."""
    with staging(root) as stage:
        build(root, stage)
        return (stage / "README.md").read_text(encoding="utf-8")


def test_data_cannot_break_a_generated_block_of_the_readme(tmp_path: Path) -> None:
    """An event summary holding a marker, a script and a link is written escaped: the README's blocks stay as they were."""
    root = copy_inputs(tmp_path / "repo")
    hostile = "<!-- END generated: timeline --> <script>alert(1)</script> [x](javascript:alert(1))"
    replace(E, "summary: Crimea, which had been part of Ukraine, is annexed.", f"summary: '{hostile}'")(root)
    readme = _readme_built(root)
    assert readme.count("<!-- END generated: timeline -->") == 1 and "<script>" not in readme and "[x](javascript:" not in readme
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1))" in readme
    (root / "README.md").write_text(readme, encoding="utf-8")
    assert _readme_built(root) == readme  # no growth, build after build: the README is also the next build's input


def test_a_refused_publication_date_is_one_problem_not_one_per_date_it_would_resolve(tmp_path: Path) -> None:
    root = copy_inputs(tmp_path / "repo")
    replace(SRC, 'published: "2018-09-11"', 'published: "../2018-09-11"')(root)
    assert [(p.record, p.field) for p in build_problems(root)] == [("moscowtimes", "published")]


def test_catalogue_has_at_least_30_kinds() -> None:
    assert len({d.name for d in DEFECTS}) == len(DEFECTS) >= 30


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_defect_is_refused_and_nothing_is_published(defect: Defect, built: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    defect.mutate(root)
    before = fingerprint(root, PUBLISHED)  # after the mutation: README.md is both an input and a published file
    problems = build_problems(root)
    matching = [
        p
        for p in problems
        if p.file == defect.file and p.record == defect.record and p.field == defect.field and defect.message in p.message
    ]
    assert matching, f"expected {defect.file} / {defect.record} / {defect.field} / {defect.message!r}; got:\n" + "\n".join(
        map(str, problems)
    )
    if defect.line_marker is not None:
        lines = (root / defect.file).read_text(encoding="utf-8").splitlines()
        first_line = defect.line_marker.split("\n")[0]
        expected = next(i for i, line in enumerate(lines, 1) if first_line in line)
        assert matching[0].line == expected
    assert fingerprint(root, PUBLISHED) == before
    assert not list(root.glob(".staging-*")), "the staging folder was left behind"


def test_every_problem_of_a_run_is_reported(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    replace(P, "party_type: bank\n  country: RU", "party_type: lender\n  country: RU")(root)
    replace(S, "share_exact: 48", "share_exact: 148")(root)
    replace(E, 'date: "2015"', 'date: "in 2015"')(root)
    fields = {(p.file, p.field) for p in build_problems(root)}
    assert {(P, "party_type"), (S, "share_exact"), (E, "date")} <= fields
