"""Who owns the joint venture: one stacked bar of its equity holders, grouped and coloured by country; lying on
its side (wide) or upright (narrow). Also the helpers both ownership charts share."""

import textwrap
from typing import Any

import pycountry
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from scripts.model.schema import Row, Tables, list_items
from scripts.outputs.site.charts.style import INK, MUTED, NARROW_WIDTH, SMALL, country_colour, shade, text_colour
from scripts.package.reader import grouped

ACROSS = 2.0  # inches per unit across the upright bar (the wide bar's units across are its own)


def country_name(code: str | None) -> str:
    if not code:
        return "no country stated"
    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or getattr(country, "name", code)
    return {"Russian Federation": "Russia"}.get(name, name)


def short_name(party: Row, limit: int = 16) -> str:
    """The party's name, or its shortest alias when the name is too long for a small label."""
    aliases = list_items(party["aliases"])
    return party["name"] if len(party["name"]) <= limit or not aliases else min(aliases, key=lambda a: (len(a), a))


def all_stakes(tables: Tables) -> list[Row]:
    """Stakes, then group stakes drawn as stakes of the group party (interest combined_equity or control)."""
    kind = {"equity": "combined_equity"}
    groups = [
        {**g, "holder_id": g["group_id"], "interest_type": kind.get(g["interest_type"], g["interest_type"])} for g in tables["group_stakes"]
    ]
    return [*tables["stakes"], *({**g, "share_min": None, "share_max": None} for g in groups)]


def group_members(tables: Tables) -> dict[str, list[str]]:
    """Group party id -> its members' ids, in table order."""
    return {group: [m["member_id"] for m in rows] for group, rows in grouped(tables["party_members"], "group_id").items()}


def _holdings(tables: Tables) -> tuple[dict[str, Row], str, list[Row], list[Row]]:
    """Parties, the subject whose equity the sources state most fully (the joint venture), its stakes, and its
    equity stakes with a figure grouped by the holder's country (in order of first appearance), largest first."""
    parties = {p["party_id"]: p for p in tables["parties"]}
    totals: dict[str, float] = {}
    for s in tables["stakes"]:
        if s["interest_type"] == "equity" and s["share_exact"] is not None:
            totals[s["subject_id"]] = totals.get(s["subject_id"], 0) + s["share_exact"]
    subject = max(sorted(totals), key=lambda k: totals[k])
    stakes = [s for s in all_stakes(tables) if s["subject_id"] == subject]
    holdings = [s for s in stakes if s["interest_type"] == "equity" and s["share_exact"] is not None]
    countries = list(dict.fromkeys(parties[s["holder_id"]]["country"] for s in holdings))
    holdings.sort(key=lambda s: (countries.index(parties[s["holder_id"]]["country"]), -s["share_exact"], s["holder_id"]))
    return parties, subject, stakes, holdings


def _bracket(ax: Any, x0: float, x1: float, y: float, text: str, above: bool, upright: bool) -> None:
    """A square bracket beside a stretch of the bar, with its label: over or under it, or (upright) right or left of it."""
    tick = -0.08 if above else 0.08
    along, across = [x0 + 0.4, x0 + 0.4, x1 - 0.4, x1 - 0.4], [y + tick, y, y, y + tick]
    ax.plot(*((across, along) if upright else (along, across)), color=INK, linewidth=1)
    at = ((x0 + x1) / 2, y + (0.07 if above else -0.07))
    if upright:
        ax.text(at[1], at[0], text, ha="left" if above else "right", va="center", fontsize=9.5, color=INK)
    else:
        ax.text(*at, text, ha="center", va="bottom" if above else "top", fontsize=9.5, color=INK)


def _draw_bar(
    ax: Any, holdings: list[Row], parties: dict[str, Row], upright: bool
) -> tuple[dict[str, list[float]], dict[str | None, list[float]]]:
    """The stacked bar; returns where each holder's slice lies and the edges of each country's slices."""
    spans: dict[str, list[float]] = {}
    by_country: dict[str | None, list[float]] = {}

    def slice_(start: float, length: float, text: str, font: dict[str, Any], **style: Any) -> None:
        ax.add_patch(Rectangle((-0.3, start), 0.6, length, **style) if upright else Rectangle((start, -0.3), length, 0.6, **style))
        ax.text(*((0, start + length / 2) if upright else (start + length / 2, 0)), text, ha="center", va="center", **font)

    left = 0.0
    for i, s in enumerate(holdings):
        holder, share = parties[s["holder_id"]], float(s["share_exact"])
        same_country = sum(parties[h["holder_id"]]["country"] == holder["country"] for h in holdings[:i])
        colour, name = shade(country_colour(holder["country"]), same_country), short_name(holder, 12 if upright else 16)
        font = {"fontsize": 10, "color": text_colour(colour), "fontweight": "bold"}
        slice_(left, share, f"{name}\n{share:g} %", font, facecolor=colour, edgecolor="white", linewidth=1.5)
        spans[s["holder_id"]] = [left, left + share]
        by_country.setdefault(holder["country"], []).extend([left, left + share])
        left += share
    if left < 100:
        style = {"facecolor": "#eeeeee", "edgecolor": "#999999", "hatch": "///", "linewidth": 0.8}
        slice_(left, 100 - left, f"not stated\n{100 - left:g} %", {"fontsize": 9, "color": MUTED}, **style)
    return spans, by_country


def ownership_chart(tables: Tables, upright: bool) -> tuple[Figure, str]:
    """The stacked bar of the joint venture's equity holders and its text alternative: lying across (wide, the README's:
    countries above, groups below) or upright (narrow: countries right of it, groups left of it)."""
    parties, subject, stakes, holdings = _holdings(tables)
    fig = Figure(figsize=(NARROW_WIDTH, 6.0) if upright else (9.0, 3.3))
    xlim, ylim = ((-NARROW_WIDTH / 2 / ACROSS, NARROW_WIDTH / 2 / ACROSS), (100.5, -0.5)) if upright else ((0, 100), (-0.95, 0.95))
    ax = fig.add_axes((0.0, 1.35 / 6.0, 1.0, 1 - 2.4 / 6.0) if upright else (0.02, 0.14, 0.96, 0.60), xlim=xlim, ylim=ylim)
    ax.axis("off")
    spans, by_country = _draw_bar(ax, holdings, parties, upright)
    for code, xs in by_country.items():
        total = sum(float(s["share_exact"]) for s in holdings if parties[s["holder_id"]]["country"] == code)
        text = f"{country_name(code)} ({code}): {total:g} %" if code else f"{country_name(code)}: {total:g} %"
        _bracket(ax, min(xs), max(xs), 0.36 if upright else 0.45, textwrap.fill(text, 12) if upright else text, True, upright)
    members, notes = group_members(tables), []
    for s in stakes:  # a bracket beside the members of a group whose combined share is stated; notes on interests without a figure
        group, ids = parties[s["holder_id"]], members.get(s["holder_id"], [])
        if s["interest_type"] == "combined_equity" and s["share_exact"] is not None and ids and all(m in spans for m in ids):
            xs = [x for m in ids for x in spans[m]]
            said = f"{group['name']} ({', '.join(short_name(parties[m]) for m in ids)}): combined {s['share_exact']:g} %"
            if upright:  # the bracket names the group; the note says what the share is
                notes.append(f"{said} is the same shares added up, not an extra holding.")
                label = textwrap.fill(f"{group['name']}:", 13) + f"\ncombined {s['share_exact']:g} %"
            else:
                label = f"{said}\nthe same shares added up, not an extra holding"
            _bracket(ax, min(xs), max(xs), -0.36 if upright else -0.45, label, False, upright)
        elif s["interest_type"] in ("control", "ownership") and s["share_exact"] is None:
            verb = "hold" if group["party_type"] == "group" else "holds"
            notes.append(f"{group['name']} also {verb} {s['interest_type']} (no figure stated).")
    as_of, status = sorted({s["as_of"] for s in holdings}), sorted({s["status"] for s in holdings})
    subtitle = f"Equity stakes, {' / '.join(status)} as of {', '.join(as_of)}; colour = the holder's country"
    footer = (" ".join(notes) + " Source: stakes (interest_type equity) and group_stakes tables, evidence in citations.").strip()
    x, (y0, y1, y2) = (0.0, (1 - 0.05 / 6.0, 1 - 0.42 / 6.0, 0.0)) if upright else (0.02, (0.95, 0.85, 0.02))
    fig.text(x, y0, f"Who owns {parties[subject]['name']}", fontsize=14, fontweight="bold", color=INK, va="top")
    fig.text(x, y1, textwrap.fill(subtitle, 44) if upright else subtitle, fontsize=9.5, color=MUTED, va="top")
    fig.text(x, y2, textwrap.fill(footer, 52 if upright else 125), fontsize=SMALL, color=MUTED, va="bottom")
    shares = "; ".join(
        f"{parties[s['holder_id']]['name']} ({parties[s['holder_id']]['country'] or 'no country'}) {s['share_exact']:g} %" for s in holdings
    )
    return fig, f"Stacked bar of {parties[subject]['name']}'s equity: {shares}."
