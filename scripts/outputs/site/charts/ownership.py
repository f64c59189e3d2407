"""Who owns the joint venture: one stacked bar of its equity holders, grouped and coloured by country.

Also the helpers both ownership charts share: every stake with group stakes as stakes of the group
party, and short names for small labels.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pycountry
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from scripts.model.schema import Row, Tables
from scripts.outputs.site.charts.style import INK, MUTED, SMALL, country_colour, shade, text_colour


def country_name(code: str | None) -> str:
    if not code:
        return "no country stated"
    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or getattr(country, "name", code)
    return {"Russian Federation": "Russia"}.get(name, name)


def short_name(party: Row, limit: int = 16) -> str:
    """The party's name, or its shortest alias when the name is too long for a small label."""
    aliases = [a.strip() for a in (party["aliases"] or "").split(";") if a.strip()]
    if len(party["name"]) <= limit or not aliases:
        return party["name"]
    return min(aliases, key=lambda a: (len(a), a))


def all_stakes(tables: Tables) -> list[Row]:
    """Stakes, then group stakes drawn as stakes of the group party (interest combined_equity or control)."""
    groups = [
        {
            **g,
            "holder_id": g["group_id"],
            "interest_type": "combined_equity" if g["interest_type"] == "equity" else g["interest_type"],
            "share_min": None,
            "share_max": None,
        }
        for g in tables["group_stakes"]
    ]
    return [*tables["stakes"], *groups]


def group_members(tables: Tables) -> dict[str, list[str]]:
    """Group party id -> its members' ids, in table order."""
    members: dict[str, list[str]] = {}
    for m in tables["party_members"]:
        members.setdefault(m["group_id"], []).append(m["member_id"])
    return members


def main_subject(tables: Tables) -> str:
    """The party whose equity the sources state most fully (the joint venture)."""
    totals: dict[str, float] = {}
    for s in tables["stakes"]:
        if s["interest_type"] == "equity" and s["share_exact"] is not None:
            totals[s["subject_id"]] = totals.get(s["subject_id"], 0) + s["share_exact"]
    return max(sorted(totals), key=lambda k: totals[k])


def _holdings(stakes: list[Row], parties: dict[str, Row]) -> list[Row]:
    """Equity stakes with a figure, grouped by the holder's country (in order of first appearance), largest first."""
    holdings = [s for s in stakes if s["interest_type"] == "equity" and s["share_exact"] is not None]
    countries: list[str | None] = []
    for s in holdings:
        code = parties[s["holder_id"]]["country"]
        if code not in countries:
            countries.append(code)
    return sorted(holdings, key=lambda s: (countries.index(parties[s["holder_id"]]["country"]), -s["share_exact"], s["holder_id"]))


def _bracket(ax: Any, x0: float, x1: float, y: float, text: str, above: bool) -> None:
    """A square bracket over (or under) a stretch of the bar, with its label."""
    tick = -0.08 if above else 0.08
    ax.plot([x0 + 0.4, x0 + 0.4, x1 - 0.4, x1 - 0.4], [y + tick, y, y, y + tick], color=INK, linewidth=1)
    ax.text((x0 + x1) / 2, y + (0.07 if above else -0.07), text, ha="center", va="bottom" if above else "top", fontsize=9.5, color=INK)


def _draw_bar(
    ax: Any, holdings: list[Row], parties: dict[str, Row]
) -> tuple[dict[str, tuple[float, float]], dict[str | None, list[float]]]:
    """The stacked bar; returns where each holder's slice lies and the edges of each country's slices."""
    spans: dict[str, tuple[float, float]] = {}
    by_country: dict[str | None, list[float]] = {}
    left = 0.0
    for s in holdings:
        holder = parties[s["holder_id"]]
        code = holder["country"]
        k = sum(1 for h in holdings[: holdings.index(s)] if parties[h["holder_id"]]["country"] == code)
        colour = shade(country_colour(code), k)
        share = float(s["share_exact"])
        ax.add_patch(Rectangle((left, -0.3), share, 0.6, facecolor=colour, edgecolor="white", linewidth=1.5))
        label = f"{short_name(holder)}\n{share:g} %"
        ax.text(left + share / 2, 0, label, ha="center", va="center", fontsize=10, color=text_colour(colour), fontweight="bold")
        spans[s["holder_id"]] = (left, left + share)
        by_country.setdefault(code, []).extend([left, left + share])
        left += share
    if left < 100:
        ax.add_patch(Rectangle((left, -0.3), 100 - left, 0.6, facecolor="#eeeeee", edgecolor="#999999", hatch="///", linewidth=0.8))
        ax.text((left + 100) / 2, 0, f"not stated\n{100 - left:g} %", ha="center", va="center", fontsize=9, color=MUTED)
    return spans, by_country


def _group_brackets(
    ax: Any, tables: Tables, stakes: list[Row], parties: dict[str, Row], spans: dict[str, tuple[float, float]]
) -> list[str]:
    """A bracket under the members of each group whose combined share is stated; notes on interests without a figure."""
    members = group_members(tables)
    notes = []
    for s in stakes:
        group = parties[s["holder_id"]]
        ids = members.get(group["party_id"], [])
        if s["interest_type"] == "combined_equity" and s["share_exact"] is not None and ids and all(m in spans for m in ids):
            xs = [x for m in ids for x in spans[m]]
            names = ", ".join(short_name(parties[m]) for m in ids)
            text = f"{group['name']} ({names}): combined {s['share_exact']:g} %\nthe same shares added up, not an extra holding"
            _bracket(ax, min(xs), max(xs), -0.45, text, above=False)
        elif s["interest_type"] in ("control", "ownership") and s["share_exact"] is None:
            notes.append(
                f"{group['name']} also hold{'s' if group['party_type'] != 'group' else ''} {s['interest_type']} (no figure stated)."
            )
    return notes


def ownership_figure(tables: Tables) -> tuple[Figure, str]:
    """Stacked bar of the joint venture's equity holders, grouped and coloured by the holder's country."""
    parties = {p["party_id"]: p for p in tables["parties"]}
    subject = main_subject(tables)
    stakes = [s for s in all_stakes(tables) if s["subject_id"] == subject]
    holdings = _holdings(stakes, parties)

    fig = Figure(figsize=(9.0, 3.3))
    ax = fig.add_axes((0.02, 0.14, 0.96, 0.60))
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.95, 0.95)
    ax.axis("off")
    spans, by_country = _draw_bar(ax, holdings, parties)
    for code, xs in by_country.items():
        total = sum(float(s["share_exact"]) for s in holdings if parties[s["holder_id"]]["country"] == code)
        where = f"{country_name(code)} ({code})" if code else country_name(code)
        _bracket(ax, min(xs), max(xs), 0.45, f"{where}: {total:g} %", above=True)
    notes = _group_brackets(ax, tables, stakes, parties, spans)
    as_of = sorted({s["as_of"] for s in holdings})
    status = sorted({s["status"] for s in holdings})
    fig.text(0.02, 0.95, f"Who owns {parties[subject]['name']}", fontsize=14, fontweight="bold", color=INK, va="top")
    fig.text(
        0.02,
        0.85,
        f"Equity stakes, {' / '.join(status)} as of {', '.join(as_of)}; colour = the holder's country",
        fontsize=9.5,
        color=MUTED,
        va="top",
    )
    footer = " ".join(notes) + " Source: stakes (interest_type equity) and group_stakes tables, evidence in citations."
    fig.text(0.02, 0.02, textwrap.fill(footer.strip(), 125), fontsize=SMALL, color=MUTED, va="bottom")
    alt = f"Stacked bar of {parties[subject]['name']}'s equity: " + "; ".join(
        f"{parties[s['holder_id']]['name']} ({parties[s['holder_id']]['country'] or 'no country'}) {s['share_exact']:g} %" for s in holdings
    )
    return fig, alt + "."
