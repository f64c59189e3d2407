"""Facts checked by hand against the five texts: what a user relies on the data to say."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from tests.conftest import ROOT


def table(name: str) -> pd.DataFrame:
    return pd.read_parquet(ROOT / "data" / f"{name}.parquet")


def one(df: pd.DataFrame, column: str, value: str) -> pd.Series:
    rows = df[df[column] == value]
    assert len(rows) == 1, f"{column}={value}"
    return rows.iloc[0]


def test_joint_venture_shares_as_stated_by_jurnalis_afp() -> None:
    """'48 percent owned by Alibaba, 24 percent by MegaFon, 15 percent by Mail.ru and 13 percent by the RDIF'."""
    stakes = table("stakes")
    jv = stakes[(stakes.subject_id == "aliexpress-russia") & (stakes.interest_type == "equity")]
    assert dict(zip(jv.holder_id, jv.share_exact, strict=True)) == {"alibaba": 48, "megafon": 24, "mail-ru": 15, "rdif": 13}
    assert jv.share_exact.sum() == 100


def test_russian_partners_hold_52_percent_which_their_members_shares_make() -> None:
    """No text lists the partners who get 52 percent: MegaFon's membership, and its country, are not stated."""
    stakes, parties = table("stakes"), table("parties").set_index("party_id")
    jv = stakes[(stakes.subject_id == "aliexpress-russia") & (stakes.interest_type == "equity")].set_index("holder_id")
    assert jv.share_exact[["megafon", "mail-ru", "rdif"]].sum() == 52
    assert parties.loc[["alibaba", "mail-ru", "rdif"], "country"].tolist() == ["CN", "RU", "RU"] and pd.isna(
        parties.loc["megafon", "country"]
    )
    combined = one(table("group_stakes"), "group_stake_id", "russian-partners-in-aliexpress-russia")
    assert (combined.group_id, combined.interest_type, combined.share_exact) == ("russian-partners", "equity", 52)
    assert "russian-partners" not in set(stakes.holder_id), "a group's combined stake is not a holding in stakes"
    members = table("party_members")
    assert sorted(members[members.group_id == "russian-partners"].member_id) == ["mail-ru", "megafon", "rdif"]
    assert set(members.basis) == {"inferred"}, "no text lists the Russian partners: the membership is inferred"


def test_equity_shares_of_each_subject_add_up_to_at_most_100() -> None:
    stakes = table("stakes")
    totals = stakes[stakes.interest_type == "equity"].groupby("subject_id").share_exact.sum()
    assert totals.max() <= 100 and totals["aliexpress-russia"] == 100


def test_the_two_billion_is_cited_to_bloomberg_alone() -> None:
    """AFP says the amounts were not disclosed: its excerpts must not support the agreement's amount."""
    citations, fields = table("citations"), table("citation_fields")
    cited = citations[citations.event_id == "jv-agreement"].merge(fields, on="citation_id")
    amount = cited[cited.field == "amount"]
    assert set(amount.source_id) == {"moscowtimes"} and all("\\$2 billion" in e for e in amount.exact)
    assert "jurnalis" in set(cited.source_id), "AFP still supports other fields of the agreement"


def test_each_share_is_credited_to_the_words_that_state_it() -> None:
    """Only AFP (jurnalis) gives the four shares; each span names its own holder; MegaFon's date rests on AFP alone."""
    spans = table("citations").merge(table("citation_fields"), on="citation_id", suffixes=("", "_span"))
    shares = spans[spans.stake_id.str.endswith("-in-aliexpress-russia", na=False) & (spans.field == "share_exact")]
    assert dict(zip(shares.stake_id, shares.as_written, strict=True)) == {
        "alibaba-in-aliexpress-russia": "48 percent owned by Alibaba",
        "megafon-in-aliexpress-russia": "24 percent by MegaFon",
        "mail-ru-in-aliexpress-russia": "15 percent by Mail.ru",
        "rdif-in-aliexpress-russia": "13 percent by the RDIF",
    }
    assert set(shares.source_id) == {"jurnalis"}
    stakes = table("stakes").set_index("stake_id")
    assert (
        stakes.loc["megafon-in-aliexpress-russia", "as_of"] == "2018-09-11?"
        and stakes.loc["alibaba-in-aliexpress-russia", "as_of"] == "2018-09-11"
    )


def test_stakes_without_a_figure_are_kept_with_empty_shares() -> None:
    stake = one(table("stakes"), "stake_id", "usmanov-owns-mail-ru")
    assert stake.interest_type == "ownership" and pd.isna(stake.share_exact) and pd.isna(stake.share_min)


@pytest.mark.parametrize(
    ("party_id", "spellings"),
    [
        ("kirill-dmitriev", {"Kirill Dmitriev", "Kirill Dmitriyev"}),
        ("mike-evans", {"Michael Evans", "Mike Evans"}),
        ("mail-ru", {"Mail.ru", "Mail.Ru"}),
        ("rdif", {"Russian Direct Investment Fund", "RDIF", "Russia’s Direct Investment Fund"}),
    ],
)
def test_one_party_per_entity_with_every_spelling(party_id: str, spellings: set[str]) -> None:
    party = one(table("parties"), "party_id", party_id)
    assert {party["name"], *party["aliases"].split("; ")} == spellings


def test_relative_dates_are_resolved_against_the_text_that_uses_them() -> None:
    events = table("events")
    tmall = one(events, "event_id", "tmall-russia-launch")  # ft: "Last September"
    assert (tmall.date, tmall.date_start, tmall.date_end, tmall.date_precision, tmall.date_basis) == (
        "2017-09?",
        dt.date(2017, 9, 1),
        dt.date(2017, 9, 30),
        "month",
        "resolved",
    )
    signing = one(events, "event_id", "jv-agreement")  # moscowtimes, 11 Sep 2018: "signed an accord Tuesday"
    assert (signing.date_start, signing.date_end, signing.date_precision) == (dt.date(2018, 9, 11),) * 2 + ("day",)
    step_back = one(events, "event_id", "ma-step-back-announcement")  # "this week", in a Tuesday text
    assert (step_back.date_start, step_back.date_end) == (dt.date(2018, 9, 10), dt.date(2018, 9, 11))
    autumn = one(events, "event_id", "ma-putin-stage")  # ft: "last autumn": September-November 2017, as uncertain as ft's year
    assert (autumn.date, autumn.date_start, autumn.date_end, autumn.date_uncertain) == (
        "2017-09?/2017-11?",
        dt.date(2017, 9, 1),
        dt.date(2017, 11, 30),
        True,
    )


def test_bounds_say_when_they_rest_on_an_inferred_year() -> None:
    """ft, cpi and warc print no year; every date resolved against ft's inferred 2018 is flagged."""
    sources = table("sources").set_index("source_id")
    assert sources.published_uncertain.to_dict() == {"ft": True, "cpi": True, "moscowtimes": False, "jurnalis": True, "warc": True}
    events = table("events").set_index("event_id")
    for event_id in ("tmall-russia-launch", "dmitriev-tells-putin", "ma-putin-stage", "ant-financial-telenor-investment"):
        assert events.loc[event_id, "date_uncertain"], event_id
    for event_id in ("jv-agreement", "alibaba-package-deliveries-2017", "ma-step-back-announcement", "alibaba-founded"):
        assert not events.loc[event_id, "date_uncertain"], event_id


def test_undated_texts_are_bounded_from_content_not_from_furniture() -> None:
    sources = table("sources").set_index("source_id")
    assert sources.loc["moscowtimes", "published"] == "2018-09-11" and sources.loc["moscowtimes", "published_basis"] == "stated"
    for sid in ("ft", "cpi", "warc", "jurnalis"):
        assert sources.loc[sid, "published_basis"] == "inferred"
        assert sources.loc[sid, "published_end"] <= dt.date(2018, 9, 17)  # cpi's sidebar says March 2025: ignored
    assert sources.loc["cpi", "derived_from"] == "ft" and sources.loc["warc", "derived_from"] == "ft"


def test_money_is_an_amount_and_a_currency_and_disputed_values_are_marked() -> None:
    signing = one(table("events"), "event_id", "jv-agreement")
    assert (signing.amount, signing.currency, signing.disagreement_id) == (2e9, "USD", "jv-value")
    ant = one(table("events"), "event_id", "ant-financial-telenor-investment")
    assert (ant.amount, ant.currency) == (184e6, "USD")


def test_disagreement_on_the_sberbank_talks_keeps_both_accounts() -> None:
    events = table("events")
    sides = events[events.disagreement_id == "sberbank-talks-timing"]
    assert sorted(sides.event_id) == ["sberbank-talks-abandoned-bloomberg", "sberbank-talks-collapse-ft"]
    citations = table("citations")
    assert set(citations[citations.event_id == "sberbank-talks-collapse-ft"].source_id) == {"ft"}
    # Bloomberg's account, dated from AFP's "in August" for the Sberbank-Yandex tie-up
    assert set(citations[citations.event_id == "sberbank-talks-abandoned-bloomberg"].source_id) == {"moscowtimes", "jurnalis"}
    assert events.set_index("event_id").loc["sberbank-talks-abandoned-bloomberg", "date"] == "2018-08?/2018-09-11"


def test_the_share_widget_and_other_furniture_are_never_cited() -> None:
    """jurnalis lines 1, 5, 8, 12-13 and 37-41 are category links, the share widget, photo labels and the comment form."""
    citations = table("citations")
    lines = set(citations[citations.source_id == "jurnalis"].line)
    assert not lines & {1, 5, 8, 12, 13, *range(37, 42)}
    mail_ru = citations[(citations.party_id == "mail-ru") & (citations.source_id == "jurnalis")]
    assert "Russian technology group Mail.ru on Tuesday announced a deal" in mail_ru.exact.str.cat()


def test_quotes_keep_the_source_wording_and_unnamed_speakers_stay_unnamed() -> None:
    quotes = table("quotes")
    unnamed = one(quotes, "quote_id", "digital-silk-road-investment")
    assert pd.isna(unnamed.speaker_id) and unnamed.speaker_label == "one Russian participant in the planned deal"
    typo = one(quotes, "quote_id", "dmitriev-combined-52-percent")
    assert "52 percent percent" in typo.text and typo.quote_kind == "paraphrase"
    evans = one(quotes, "quote_id", "evans-russian-business")
    assert (evans.speaker_id, evans.text, evans.quote_kind) == ("mike-evans", "We want this to be a Russian business,", "direct")


def test_the_readmes_hand_written_shares_agree_with_the_data() -> None:
    """Prose outside the generated blocks names shares too ('Alibaba 48 %'): each must be a stake in the data."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"<!-- BEGIN generated: (\w+) -->.*?<!-- END generated: \1 -->", "", readme, flags=re.S)
    parties = table("parties")
    aliases = parties.aliases.fillna("").str.split("; ")
    spelling = {s: pid for pid, name, more in zip(parties.party_id, parties.name, aliases, strict=True) for s in [name, *more] if s}
    stakes = table("stakes")
    groups = table("group_stakes").rename(columns={"group_id": "holder_id"})
    in_jv = pd.concat([stakes, groups])
    in_jv = in_jv[in_jv.subject_id == "aliexpress-russia"].dropna(subset=["share_exact"])
    jv = dict(zip(in_jv.holder_id, in_jv.share_exact, strict=True))
    names = "|".join(re.escape(s) for s in sorted(spelling, key=len, reverse=True))
    found = re.findall(rf"\b({names})(?: \([A-Za-z]+\))? (\d+) %", prose)
    assert len(found) >= 8, found
    for name, share in found:
        assert jv.get(spelling[name]) == int(share), (name, share)
    assert "Russian partners'\" combined 52 %" in prose and jv["russian-partners"] == 52
