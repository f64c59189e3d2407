"""The excerpt must state the value: typical curator slips, each keeping every sum and key intact, are refused by
the rule of the field's kind; and the spans the build publishes are the words that state each value."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_problems, copy_inputs

S, E, Q, P = "facts/stakes.yaml", "facts/events.yaml", "facts/quotes.yaml", "facts/parties.yaml"
SLIPS = [  # (what, file, [(old, new), ...], record, field)
    (
        "shares transposed between holders",
        S,
        [
            (
                "holder_id: megafon\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 24",
                "holder_id: megafon\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 15",
            ),
            (
                "holder_id: mail-ru\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 15",
                "holder_id: mail-ru\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 24",
            ),
        ],
        "megafon-in-aliexpress-russia",
        "share_exact",
    ),
    ("digits swapped", S, [("share_exact: 45", "share_exact: 54")], "ant-financial-in-telenor-microfinance-bank", "share_exact"),
    (
        "holders swapped",
        S,
        [
            ("holder_id: mail-ru\n  subject_id: aliexpress-russia", "holder_id: rdif\n  subject_id: aliexpress-russia"),
            (
                "holder_id: rdif\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 13",
                "holder_id: mail-ru\n  subject_id: aliexpress-russia\n  interest_type: equity\n  share_exact: 13",
            ),
        ],
        "mail-ru-in-aliexpress-russia",
        "share_exact",
    ),
    ("a subject changed", S, [("subject_id: sberbank", "subject_id: yandex")], "kremlin-owns-sberbank", "subject_id"),
    ("a held stake dated by another text", S, [('as_of: "2018-09-11?/2018-09-17?"', 'as_of: "2018-09-11"')], "alibaba-owns-tmall", "as_of"),
    ("a year shifted", E, [('date: "2015"', 'date: "2016"')], "alibaba-first-russian-office", "date"),
    ("a printed year shifted", E, [('date: "1999"', 'date: "1998"')], "alibaba-founded", "date"),
    ("a relative date resolved wrong", E, [('date: "2017-12?"', 'date: "2017-11?"')], "dmitriev-tells-putin", "date"),
    ("a place changed", E, [("  location: Indonesia\n", "  location: Russia\n")], "alibaba-invests-indonesia", "location"),
    ("an amount scaled", E, [("amount: 184000000", "amount: 18400000")], "ant-financial-telenor-investment", "amount"),
    (
        "a currency changed",
        E,
        [("amount: 184000000\n  currency: USD", "amount: 184000000\n  currency: EUR")],
        "ant-financial-telenor-investment",
        "currency",
    ),
    (
        "a quote given to another speaker",
        Q,
        [
            (
                "speaker_id: mike-evans\n  speaker_label: Alibaba Group president Michael Evans\n  quote_kind: direct",
                "speaker_id: kirill-dmitriev\n  speaker_label: Alibaba Group president Michael Evans\n  quote_kind: direct",
            )
        ],
        "evans-russian-business",
        "speaker_id",
    ),
    (
        "a quote's words changed",
        Q,
        [('text: "We want this to be a Russian business,"', 'text: "We want this to be a Chinese business,"')],
        "evans-russian-business",
        "text",
    ),
    (
        "a country changed",
        P,
        [
            (
                "  country: CN\n  description: >-\n    Chinese e-commerce company",
                "  country: RU\n  description: >-\n    Chinese e-commerce company",
            )
        ],
        "alibaba",
        "country",
    ),
    ("a spelling invented", P, [("aliases: [Mike Evans]", "aliases: [Mick Evans]")], "mike-evans", "aliases"),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_inputs(tmp_path_factory.mktemp("slips"))


@pytest.mark.parametrize("slip", SLIPS, ids=[s[0] for s in SLIPS])
def test_a_curator_slip_is_refused(slip: tuple, inputs: Path) -> None:
    _what, file, edits, record, field = slip
    path = inputs / file
    original = path.read_text(encoding="utf-8")
    text = original
    for old, new in edits:
        assert text.count(old) == 1, f"test setup: {old!r}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    try:
        found = build_problems(inputs)
    finally:
        path.write_text(original, encoding="utf-8")
    assert any(p.file == file and p.record == record and p.field == field for p in found), "\n".join(map(str, found))


def test_the_real_facts_pass_and_each_span_states_its_value() -> None:
    rows = list(csv.DictReader((ROOT / "data" / "citation_fields.csv").open(encoding="utf-8")))
    spans = {(r["citation_id"], r["field"]): (r["as_written"], r["rule"]) for r in rows}
    assert spans[("stake.megafon-in-aliexpress-russia.jurnalis.1", "share_exact")] == ("24 percent by MegaFon", "number")
    assert spans[("stake.ant-financial-in-telenor-microfinance-bank.ft.1", "share_exact")] == ("45 per cent", "number")
    assert spans[("event.dmitriev-tells-putin.ft.1", "date")] == ("Last December", "last-month")
    assert spans[("event.jv-agreement.moscowtimes.1", "amount")] == ("\\$2 billion", "money")
    assert spans[("stake.alibaba-in-aliexpress-russia.jurnalis.1", "subject_id")] == ("It", "anaphor")
    texts = {
        s: (ROOT / a).read_text(encoding="utf-8")
        for s, a in [(r["source_id"], r["archive_path"]) for r in csv.DictReader((ROOT / "data" / "sources.csv").open(encoding="utf-8"))]
    }
    citations = {c["citation_id"]: c for c in csv.DictReader((ROOT / "data" / "citations.csv").open(encoding="utf-8"))}
    for r in rows:  # every span stands at its offsets, inside its excerpt
        c = citations[r["citation_id"]]
        assert texts[c["source_id"]][int(r["start"]) : int(r["end"])] == r["as_written"]
        assert int(c["start"]) <= int(r["start"]) < int(r["end"]) <= int(c["end"])
