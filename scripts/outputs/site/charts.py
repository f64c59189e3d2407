"""Charts of the published package: who owns the joint venture, the wider ownership graph, the timeline.

Drawn with matplotlib only, from the package's tables, and written byte for byte the same on every
run (fixed fonts, fixed SVG hash salt, no dates or software versions in the file metadata), so a
rebuild changes nothing and a diff of docs/ shows only real changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import pycountry
from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from scripts.model.schema import Row, Tables

PNG_DPI = 110
FONT = "DejaVu Sans"  # shipped inside matplotlib, so every machine draws the same glyphs
COUNTRY_COLOURS = {"CN": "#c0392b", "RU": "#2c5d8f"}
OTHER_COUNTRY = "#7d8b6a"
NO_COUNTRY = "#ffffff"
BASIS_COLOURS = {"stated": "#1f3b5a", "resolved": "#3f7fb5", "inferred": "#d08a2e"}
INK = "#222222"
MUTED = "#666666"


@dataclass(frozen=True)
class Chart:
    """A rendered chart: file stem under docs/charts/, a title and a text alternative."""

    name: str
    title: str
    alt: str


def _style(salt: str) -> dict[str, Any]:
    return {
        "svg.hashsalt": salt,
        "svg.fonttype": "path",
        "font.family": [FONT],
        "font.size": 9,
        "text.parse_math": False,
        "text.usetex": False,
        "axes.unicode_minus": False,
        "savefig.dpi": PNG_DPI,
        "hatch.linewidth": 0.8,
    }


@contextlib.contextmanager
def fixed_style(salt: str) -> Iterator[None]:
    """rcParams that make output reproducible; refuses a system font that would shadow matplotlib's own."""
    with matplotlib.rc_context(_style(salt)):
        found = Path(font_manager.findfont(font_manager.FontProperties(family=FONT)))
        if Path(matplotlib.get_data_path()) not in found.parents:
            raise RuntimeError(f"{FONT} resolves to {found}, not to matplotlib's bundled copy; charts would not be reproducible")
        yield


def save(fig: Figure, out: Path, name: str, title: str, *, png: bool = True) -> None:
    """SVG (and PNG) without timestamps or version strings, so rebuilds are byte-identical."""
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(
        out / f"{name}.svg", format="svg", metadata={"Date": None, "Creator": None, "Title": title}, bbox_inches="tight", pad_inches=0.12
    )
    if png:
        fig.savefig(
            out / f"{name}.png",
            format="png",
            metadata={"Software": None},
            bbox_inches="tight",
            pad_inches=0.12,
            facecolor="white",
        )


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


def _country_colour(code: str | None) -> str:
    if not code:
        return NO_COUNTRY
    return COUNTRY_COLOURS.get(code, OTHER_COUNTRY)


def _shade(hex_colour: str, k: int) -> str:
    """The k-th lighter variant of a colour, to tell holders of one country apart."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    f = min(0.18 * k, 0.6)
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * f) for c in (r, g, b)))


def _mix(colour: str, ground: str, strength: float) -> str:
    """colour laid over ground at the given opacity, as one opaque colour (no seams between slices)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(ground[i : i + 2], 16) for i in (1, 3, 5)]
    return "#{:02x}{:02x}{:02x}".format(*(round(x * strength + y * (1 - strength)) for x, y in zip(a, b, strict=True)))


def _text_colour(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 150 else INK


# --- 1. Ownership of the joint venture -----------------------------------------------------------------


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


def main_subject(tables: Tables) -> str:
    """The party whose equity the sources state most fully (the joint venture)."""
    totals: dict[str, float] = {}
    for s in tables["stakes"]:
        if s["interest_type"] == "equity" and s["share_exact"] is not None:
            totals[s["subject_id"]] = totals.get(s["subject_id"], 0) + s["share_exact"]
    return max(sorted(totals), key=lambda k: totals[k])


def ownership_figure(tables: Tables) -> tuple[Figure, str]:
    """Stacked bar of the joint venture's equity holders, grouped and coloured by the holder's country."""
    parties = {p["party_id"]: p for p in tables["parties"]}
    subject = main_subject(tables)
    stakes = [s for s in all_stakes(tables) if s["subject_id"] == subject]
    holdings = [s for s in stakes if s["interest_type"] == "equity" and s["share_exact"] is not None]
    countries: list[str | None] = []
    for s in holdings:
        code = parties[s["holder_id"]]["country"]
        if code not in countries:
            countries.append(code)
    holdings.sort(key=lambda s: (countries.index(parties[s["holder_id"]]["country"]), -s["share_exact"], s["holder_id"]))

    fig = Figure(figsize=(9.0, 3.3))
    ax = fig.add_axes((0.02, 0.14, 0.96, 0.60))
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.95, 0.95)
    ax.axis("off")
    spans: dict[str, tuple[float, float]] = {}
    by_country: dict[str | None, list[float]] = {}
    left = 0.0
    for s in holdings:
        holder = parties[s["holder_id"]]
        code = holder["country"]
        k = sum(1 for h in holdings[: holdings.index(s)] if parties[h["holder_id"]]["country"] == code)
        colour = _shade(_country_colour(code), k)
        share = float(s["share_exact"])
        ax.add_patch(Rectangle((left, -0.3), share, 0.6, facecolor=colour, edgecolor="white", linewidth=1.5))
        label = f"{short_name(holder)}\n{share:g} %"
        ax.text(left + share / 2, 0, label, ha="center", va="center", fontsize=10, color=_text_colour(colour), fontweight="bold")
        spans[s["holder_id"]] = (left, left + share)
        by_country.setdefault(code, []).extend([left, left + share])
        left += share
    if left < 100:
        ax.add_patch(Rectangle((left, -0.3), 100 - left, 0.6, facecolor="#eeeeee", edgecolor="#999999", hatch="///", linewidth=0.8))
        ax.text((left + 100) / 2, 0, f"not stated\n{100 - left:g} %", ha="center", va="center", fontsize=9, color=MUTED)

    def bracket(x0: float, x1: float, y: float, text: str, above: bool) -> None:
        tick = -0.08 if above else 0.08
        ax.plot([x0 + 0.4, x0 + 0.4, x1 - 0.4, x1 - 0.4], [y + tick, y, y, y + tick], color=INK, linewidth=1)
        ax.text((x0 + x1) / 2, y + (0.07 if above else -0.07), text, ha="center", va="bottom" if above else "top", fontsize=9.5, color=INK)

    for code, xs in by_country.items():
        total = sum(float(s["share_exact"]) for s in holdings if parties[s["holder_id"]]["country"] == code)
        where = f"{country_name(code)} ({code})" if code else country_name(code)
        bracket(min(xs), max(xs), 0.45, f"{where}: {total:g} %", above=True)
    notes = []
    members: dict[str, list[str]] = {}
    for m in tables["party_members"]:
        members.setdefault(m["group_id"], []).append(m["member_id"])
    for s in stakes:
        group = parties[s["holder_id"]]
        ids = members.get(group["party_id"], [])
        if s["interest_type"] == "combined_equity" and s["share_exact"] is not None and ids and all(m in spans for m in ids):
            xs = [x for m in ids for x in spans[m]]
            names = ", ".join(short_name(parties[m]) for m in ids)
            text = f"{group['name']} ({names}): combined {s['share_exact']:g} %\nthe same shares added up, not an extra holding"
            bracket(min(xs), max(xs), -0.45, text, above=False)
        elif s["interest_type"] in ("control", "ownership") and s["share_exact"] is None:
            notes.append(
                f"{group['name']} also hold{'s' if group['party_type'] != 'group' else ''} {s['interest_type']} (no figure stated)."
            )
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
    fig.text(0.02, 0.02, textwrap.fill(footer.strip(), 150), fontsize=8, color=MUTED, va="bottom")
    alt = f"Stacked bar of {parties[subject]['name']}'s equity: " + "; ".join(
        f"{parties[s['holder_id']]['name']} ({parties[s['holder_id']]['country'] or 'no country'}) {s['share_exact']:g} %" for s in holdings
    )
    return fig, alt + "."


# --- 2. Ownership and control graph --------------------------------------------------------------------


@dataclass
class _Edge:
    holder: str
    subject: str
    stakes: list[Row]


def _edge_label(stakes: list[Row]) -> str:
    parts = []
    for s in stakes:
        share = s["share_exact"]
        kind = s["interest_type"]
        if kind == "equity":
            text = f"{share:g} %" if share is not None else "equity, no figure"
        elif kind == "combined_equity":
            text = f"combined {share:g} %" if share is not None else "combined"
        elif kind == "control":
            text = "control"
        else:
            text = "owns"
        if s["share_min"] is not None or s["share_max"] is not None:
            text += f" ({s['share_min'] or ''}–{s['share_max'] or ''} %)"
        if s["status"] == "planned":
            text += " (planned)"
        parts.append(text)
    return " + ".join(parts)


def _edge_style(stakes: list[Row]) -> dict[str, Any]:
    first = stakes[0]
    colour = "#9a9a9a" if first["status"] == "planned" else "#3a3a3a"
    share = first["share_exact"]
    if first["interest_type"] == "equity":
        return {"color": colour, "linewidth": 1.0 + (share or 0) / 10, "linestyle": "-"}
    if first["interest_type"] == "combined_equity":
        return {"color": "#2c5d8f", "linewidth": 2.0, "linestyle": (0, (1, 1.5))}
    if first["interest_type"] == "control":
        return {"color": colour, "linewidth": 1.2, "linestyle": (0, (5, 3))}
    return {"color": "#8a8a8a", "linewidth": 1.0, "linestyle": "-"}


def _layers(nodes: list[str], edges: list[_Edge]) -> dict[str, int]:
    """Longest-path layers (holders left of what they hold), then each root moved next to its nearest subject."""
    layer = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):
        changed = False
        for e in edges:
            if layer[e.subject] < layer[e.holder] + 1:
                layer[e.subject] = layer[e.holder] + 1
                changed = True
        if not changed:
            break
    has_holder = {e.subject for e in edges}
    for n in nodes:
        if n not in has_holder:
            layer[n] = min(layer[e.subject] for e in edges if e.holder == n) - 1
    low = min(layer.values())
    return {n: v - low for n, v in layer.items()}


def _components(nodes: list[str], edges: list[_Edge]) -> dict[str, int]:
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for e in edges:
        a, b = sorted((find(e.holder), find(e.subject)))
        parent[b] = a
    roots = sorted({find(n) for n in nodes}, key=lambda r: (-sum(find(n) == r for n in nodes), r))
    return {n: roots.index(find(n)) for n in nodes}


def graph_layout(nodes: list[str], edges: list[_Edge]) -> tuple[dict[str, tuple[float, float]], dict[int, list[str]]]:
    """Layered layout: virtual points on long edges, barycentre ordering; returns positions and per-edge chains."""
    layer = _layers(nodes, edges)
    component = _components(nodes, edges)
    chains: dict[int, list[str]] = {}
    all_layer = dict(layer)
    neighbours: dict[str, list[str]] = {n: [] for n in nodes}
    for i, e in enumerate(edges):
        chain = [e.holder]
        for level in range(layer[e.holder] + 1, layer[e.subject]):
            virtual = f"~{i}~{level}"
            all_layer[virtual] = level
            component[virtual] = component[e.holder]
            neighbours[virtual] = []
            chain.append(virtual)
        chain.append(e.subject)
        chains[i] = chain
        for a, b in itertools.pairwise(chain):
            neighbours[a].append(b)
            neighbours[b].append(a)
    columns: dict[int, list[str]] = {}
    for n in sorted(all_layer, key=lambda n: (component[n], n.startswith("~"), n)):
        columns.setdefault(all_layer[n], []).append(n)

    def position(n: str) -> float:
        col = columns[all_layer[n]]
        return (col.index(n) + 0.5) / len(col)

    for sweep in range(12):
        order = sorted(columns) if sweep % 2 == 0 else sorted(columns, reverse=True)
        for level in order:
            col = columns[level]
            keys = {}
            for idx, n in enumerate(col):
                ns = neighbours[n]
                bary = sum(position(m) for m in ns) / len(ns) if ns else position(n)
                keys[n] = (component[n], round(bary, 9), idx)
            columns[level] = sorted(col, key=lambda n: keys[n])
    links = [(a, b) for chain in chains.values() for a, b in itertools.pairwise(chain)]

    def crossings() -> int:
        index = {n: i for col in columns.values() for i, n in enumerate(col)}
        count = 0
        for i, (a, b) in enumerate(links):
            for c, d in links[i + 1 :]:
                if all_layer[a] == all_layer[c] and (index[a] - index[c]) * (index[b] - index[d]) < 0:
                    count += 1
        return count

    # adjacent swaps that do not add crossings, never revisiting an order; keep the best order seen
    def state() -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(columns[level]) for level in sorted(columns))

    def stretch() -> float:
        """Secondary score: how far (in slots) links climb; keeps a holder's subjects beside it."""
        return round(sum((position(a) - position(b)) ** 2 for a, b in links), 9)

    current = crossings()
    best = (current, stretch())
    best_state, seen = state(), {state()}
    for _ in range(60):
        moved = False
        for level in sorted(columns):
            col = columns[level]
            for i in range(len(col) - 1):
                if component[col[i]] != component[col[i + 1]]:
                    continue
                col[i], col[i + 1] = col[i + 1], col[i]
                now = crossings()
                if now <= current and state() not in seen:
                    seen.add(state())
                    current, moved = now, True
                    if (now, stretch()) < best:
                        best, best_state = (now, stretch()), state()
                else:
                    col[i], col[i + 1] = col[i + 1], col[i]
        if not moved:
            break
    columns = {level: list(col) for level, col in zip(sorted(columns), best_state, strict=True)}
    # rows: the fullest column in even slots; every other column as near its neighbours as spacing allows
    widest = max(sorted(columns), key=lambda level: len(columns[level]))
    row = {n: float(i) for i, n in enumerate(columns[widest])}
    for level in columns:
        if level != widest:
            offset = (len(columns[widest]) - len(columns[level])) / 2
            row.update({n: offset + i for i, n in enumerate(columns[level])})
    for _ in range(6):
        for level in sorted(columns, key=lambda level: (abs(level - widest), level)):
            if level == widest:
                continue
            col = columns[level]
            wanted = [sum(row[m] for m in neighbours[n]) / len(neighbours[n]) if neighbours[n] else row[n] for n in col]
            row.update(zip(col, spaced(wanted), strict=True))
    top = min(row.values())
    pos = {n: (float(all_layer[n]), -(row[n] - top)) for n in row}
    return pos, chains


def spaced(wanted: list[float], gap: float = 1.0) -> list[float]:
    """Positions closest (least squares) to the wanted ones that keep their order and at least gap apart.

    Pool-adjacent-violators on wanted[i] - i * gap: the isotonic fit, shifted back.
    """
    blocks: list[list[float]] = []  # [mean, weight]
    for i, w in enumerate(wanted):
        blocks.append([w - i * gap, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, w2), (m1, w1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    out: list[float] = []
    for mean, weight in blocks:
        out += [mean] * int(weight)
    return [round(v + i * gap, 6) for i, v in enumerate(out)]


def graph_figure(tables: Tables) -> tuple[Figure, str]:
    """Every stake as an arrow from holder to subject, labelled with its share or interest type."""
    parties = {p["party_id"]: p for p in tables["parties"]}
    members: dict[str, list[str]] = {}
    for m in tables["party_members"]:
        members.setdefault(m["group_id"], []).append(m["member_id"])
    grouped: dict[tuple[str, str], list[Row]] = {}
    for s in all_stakes(tables):
        grouped.setdefault((s["holder_id"], s["subject_id"]), []).append(s)
    edges = [_Edge(h, s, rows) for (h, s), rows in grouped.items()]
    nodes = sorted({e.holder for e in edges} | {e.subject for e in edges})
    pos, chains = graph_layout(nodes, edges)

    xgap, ygap, box_w, box_h = 3.4, 0.92, 2.05, 0.62
    span = -min(y for _, y in pos.values())  # rows from the top node to the bottom one
    cols_used = 1 + max(x for x, _ in pos.values())
    body, head, foot = 0.6 * (span * ygap + box_h + 0.3), 0.95, 0.6
    fig = Figure(figsize=(2.9 * cols_used + 1.2, body + head + foot))
    total_h = body + head + foot
    ax = fig.add_axes((0.0, foot / total_h, 1.0, body / total_h))
    ax.axis("off")
    ax.set_xlim(-box_w / 2 - 0.15, (cols_used - 1) * xgap + box_w / 2 + 0.15)
    ax.set_ylim(-span * ygap - box_h / 2 - 0.15, box_h / 2 + 0.15)

    def xy(n: str) -> tuple[float, float]:
        x, y = pos[n]
        return x * xgap, y * ygap

    # ports: spread arrows over a box's side, ordered by where the other end lies
    out_ports: dict[str, list[int]] = {}
    in_ports: dict[str, list[int]] = {}
    for i, e in enumerate(edges):
        out_ports.setdefault(e.holder, []).append(i)
        in_ports.setdefault(e.subject, []).append(i)
    for side in (out_ports, in_ports):
        for ids in side.values():
            other = 1 if side is out_ports else -2
            ids.sort(key=lambda i: (-xy(chains[i][other])[1], i))

    def port(n: str, i: int, side: dict[str, list[int]], dx: float) -> tuple[float, float]:
        x, y = xy(n)
        ids = side[n]
        k = ids.index(i)
        spread = min(box_h * 0.7, 0.14 * (len(ids) - 1))
        dy = 0.0 if len(ids) == 1 else spread / 2 - spread * k / (len(ids) - 1)
        return x + dx, y + dy

    for i, e in enumerate(edges):
        style = _edge_style(e.stakes)
        points = [port(e.holder, i, out_ports, box_w / 2)]
        for v in chains[i][1:-1]:  # pass a column straight, as wide as its boxes, so no curve cuts a box
            vx, vy = xy(v)
            points += [(vx - box_w / 2, vy), (vx + box_w / 2, vy)]
        points.append(port(e.subject, i, in_ports, -box_w / 2 - 0.1))
        verts = [points[0]]
        codes = [MplPath.MOVETO]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            mid = (x0 + x1) / 2
            verts += [(mid, y0), (mid, y1), (x1, y1)]
            codes += [MplPath.CURVE4] * 3
        curve = {k: v for k, v in style.items() if k != "color"}
        ax.add_patch(PathPatch(MplPath(verts, codes), facecolor="none", edgecolor=style["color"], capstyle="butt", zorder=1, **curve))
        end = points[-1]
        ax.add_patch(
            FancyArrowPatch(
                (end[0] - 0.05, end[1]),
                (end[0] + 0.1, end[1]),
                arrowstyle="-|>",
                mutation_scale=11,
                color=style["color"],
                linewidth=0.8,
                shrinkA=0,
                shrinkB=0,
                zorder=2,
            )
        )
        # label where the arrows fan out most: near the holder when its subject collects many arrows;
        # a long edge is labelled where it passes a column, in the room kept free for it
        (x0, y0), (x1, y1) = points[-2], points[-1]
        t = 0.3 if len(in_ports[e.subject]) > len(out_ports[e.holder]) else 0.7
        if len(points) > 2:
            (x0, y0), (x1, y1), t = points[1], points[2], 0.5
        # the point at parameter t of the cubic from (x0, y0) to (x1, y1) with both controls at mid-x
        lx = x0 + (x1 - x0) * (1.5 * t * (1 - t) + t**3)
        ly = y0 + (y1 - y0) * (3 * t**2 - 2 * t**3)
        ax.text(
            lx,
            ly,
            _edge_label(e.stakes),
            ha="center",
            va="center",
            fontsize=7.5,
            color=INK,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        )
    for n in nodes:
        x, y = xy(n)
        party = parties[n]
        colour = _country_colour(party["country"])
        ax.add_patch(
            FancyBboxPatch(
                (x - box_w / 2, y - box_h / 2),
                box_w,
                box_h,
                boxstyle="round,pad=0,rounding_size=0.1",
                facecolor=colour,
                edgecolor="#555555" if colour == NO_COUNTRY else colour,
                linewidth=1.0,
                linestyle="--" if party["party_type"] == "group" else "-",
                zorder=3,
            )
        )
        label = "\n".join(textwrap.wrap(party["name"], 22)[:2])
        if n in members:
            label += "\n= " + " + ".join(short_name(parties[m], 8) for m in members[n])
        ax.text(x, y, label, ha="center", va="center", fontsize=8.5, color=_text_colour(colour), zorder=5, linespacing=1.15)
    fig.text(
        0.01, 1 - 0.1 / total_h, "Ownership and control, as the sources state them", fontsize=14, fontweight="bold", color=INK, va="top"
    )
    fig.text(
        0.01,
        1 - 0.45 / total_h,
        "Arrow: holder → what it holds, labelled with the share or the kind of interest. "
        "A group's combined stake is its members' stakes added up, not an extra holding.",
        fontsize=9,
        color=MUTED,
        va="top",
    )
    used = sorted({parties[n]["country"] or "" for n in nodes}, key=lambda c: (c == "", c not in COUNTRY_COLOURS, c))
    handles: list[Any] = [
        Patch(facecolor=_country_colour(c or None), edgecolor="#555555", label=country_name(c or None) + (f" ({c})" if c else ""))
        for c in used
        if c in COUNTRY_COLOURS or not c
    ]
    others = [c for c in used if c and c not in COUNTRY_COLOURS]
    if others:
        handles.append(Patch(facecolor=OTHER_COUNTRY, edgecolor="#555555", label="other: " + ", ".join(others)))
    handles += [
        Line2D([], [], color="#3a3a3a", linewidth=3.4, label="equity with a figure (width ∝ share)"),
        Line2D([], [], color="#2c5d8f", linewidth=2.0, linestyle=(0, (1, 1.5)), label="combined (group) equity"),
        Line2D([], [], color="#3a3a3a", linewidth=1.2, linestyle=(0, (5, 3)), label="control, no figure"),
        Line2D([], [], color="#8a8a8a", linewidth=1.0, label="owns / equity, no figure"),
        Line2D([], [], color="#9a9a9a", linewidth=2.0, label="planned"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=5, frameon=False, fontsize=8, bbox_to_anchor=(0.5, 0.0))
    alt = "Graph of all stakes: " + "; ".join(
        f"{parties[e.holder]['name']} → {parties[e.subject]['name']}: {_edge_label(e.stakes)}" for e in edges
    )
    return fig, alt + "."


# --- 3. Timeline ---------------------------------------------------------------------------------------


def _day(value: str | None) -> float | None:
    return None if value is None else float(mdates.date2num(dt.date.fromisoformat(value)))


def timeline_segments(events: list[Row], gap_years: float = 3.0, pad_days: float = 110.0) -> list[tuple[float, float]]:
    """Stretches of time that hold events; a gap of more than gap_years becomes an axis break."""
    spans = sorted((_day(e["date_start"]) or _day(e["date_end"]), _day(e["date_end"]) + 1) for e in events)
    merged: list[list[float]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] <= gap_years * 365.25:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a - pad_days, b + pad_days) for a, b in merged]


def _short(text: str, limit: int = 62) -> str:
    return text if len(text) <= limit else textwrap.shorten(text, limit, placeholder=" …")


def _draw_event(ax: Any, e: Row, y: int, x0: float, x1: float) -> None:
    """One event in one panel of the broken axis (nothing when its span lies outside the panel)."""
    start, end = _day(e["date_start"]), _day(e["date_end"]) + 1
    colour = BASIS_COLOURS[e["date_basis"]]
    uncertain = "?" in e["date"]
    if end <= x0 or (start if start is not None else end) >= x1:
        return
    edge = {"edgecolor": colour, "linewidth": 1.0, "linestyle": (0, (2, 1.5)) if uncertain else "-"}
    if e["date_precision"] == "day":
        ax.plot([start + 0.5], [y], marker="D", markersize=6.5, color=colour, zorder=3)
    elif start is None:
        # open start: a bar that fades out to the left, an arrow saying "and earlier", a bound at the end
        steps = 40
        width = (end - x0) / steps
        ground = "#f3f3f3" if y % 2 == 0 else "#ffffff"
        for i in range(steps):
            strength = 0.04 + 0.7 * ((i + 1) / steps) ** 1.6
            shade = _mix(colour, ground, strength)
            ax.add_patch(Rectangle((x0 + i * width, y - 0.2), width, 0.4, facecolor=shade, linewidth=0, antialiased=False, zorder=2))
        ax.plot([end, end], [y - 0.32, y + 0.32], color=colour, linewidth=1.8, zorder=3)
        ax.annotate("", xy=(x0, y), xytext=(x0 + 0.06 * (x1 - x0), y), arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.2})
    elif e["date_precision"] == "interval":
        ax.add_patch(Rectangle((start, y - 0.2), end - start, 0.4, facecolor="none", hatch="////", zorder=2, **edge))
        ax.add_patch(Rectangle((start, y - 0.2), end - start, 0.4, facecolor=colour, alpha=0.18, linewidth=0, zorder=2))
        for bound in (start, end):
            ax.plot([bound, bound], [y - 0.32, y + 0.32], color=colour, linewidth=1.8, zorder=3)
    else:
        ax.add_patch(Rectangle((start, y - 0.22), end - start, 0.44, facecolor=colour, alpha=0.85, zorder=2, **edge))
    if uncertain:
        ax.annotate("?", (end, y), xytext=(4, 0), textcoords="offset points", fontsize=10, fontweight="bold", color=colour, va="center")


def timeline_figure(tables: Tables) -> tuple[Figure, str]:
    """Events on a time axis, each drawn over the whole span its date allows; never a false exact day."""
    events = sorted(tables["events"], key=lambda e: (e["date_end"], e["date_start"] or "", e["event_id"]))
    segments = timeline_segments(events)
    n = len(events)
    total = sum(b - a for a, b in segments)
    ratios = [max(b - a, 0.08 * total) for a, b in segments]
    height = 0.3 * n + 2.2
    fig = Figure(figsize=(12.5, height))
    grid = fig.add_gridspec(
        1, len(segments), width_ratios=ratios, wspace=0.04, left=0.4, right=0.885, top=1 - 0.9 / height, bottom=1.05 / height
    )
    axes = [fig.add_subplot(grid[0, i]) for i in range(len(segments))]
    agreement = next((e for e in events if e["event_type"] == "agreement" and e["date_precision"] == "day"), None)
    for k, (ax, (x0, x1)) in enumerate(zip(axes, segments, strict=True)):
        ax.set_xlim(x0, x1)
        ax.set_ylim(n - 0.5, -0.5)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        if x1 - x0 > 3 * 365:
            ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.tick_params(axis="x", labelsize=8.5, colors=INK)
        ax.grid(axis="x", which="major", color="#d8d8d8", linewidth=0.8)
        ax.set_axisbelow(True)
        for y in range(0, n, 2):
            ax.axhspan(y - 0.5, y + 0.5, color="#f3f3f3", zorder=0, linewidth=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        if k == 0:
            ax.set_yticks(range(n), [_short(e["summary"], 80) for e in events], fontsize=8.2, color=INK)
            ax.tick_params(axis="y", length=0)
        else:
            ax.set_yticks([])
            # break mark: two slanted strokes where the axis jumps
            for dx in (-0.012, 0.004):
                ax.plot(
                    [dx, dx + 0.012 * total / ratios[k] * 0.25],
                    [-0.02, 0.02],
                    transform=ax.transAxes,
                    color=INK,
                    linewidth=1,
                    clip_on=False,
                )
        if k == len(axes) - 1:
            twin = ax.twinx()
            twin.set_ylim(ax.get_ylim())
            twin.set_yticks(range(n), [e["date"] for e in events], fontsize=8, family="DejaVu Sans Mono", color=MUTED)
            twin.tick_params(axis="y", length=0)
            for side in twin.spines.values():
                side.set_visible(False)
        if agreement is not None:
            day = _day(agreement["date_start"]) + 0.5
            if x0 <= day <= x1:
                ax.axvline(day, color=BASIS_COLOURS["stated"], linewidth=0.8, linestyle=":", zorder=1)
                ax.annotate(
                    f"signed {agreement['date']}",
                    (day, -0.5),
                    xytext=(0, 3),
                    textcoords="offset points",
                    fontsize=7.5,
                    color=MUTED,
                    ha="right",
                    va="bottom",
                )
        for y, e in enumerate(events):
            _draw_event(ax, e, y, x0, x1)
    fig.text(0.01, 1 - 0.1 / height, "Timeline: what happened when", fontsize=14, fontweight="bold", color=INK, va="top")
    fig.text(
        0.01,
        1 - 0.42 / height,
        "Each event covers the whole span its date allows (a year is a year-long bar), coloured by how the date was established. "
        "Right: the date as EDTF. The axis is broken where nothing happened.",
        fontsize=9,
        color=MUTED,
        va="top",
    )
    handles: list[Any] = [
        Line2D([], [], marker="D", linestyle="none", color=INK, markersize=6, label="exact day"),
        Patch(facecolor=INK, alpha=0.85, label="somewhere in this day span (month, season, year)"),
        Patch(facecolor="#e6e6e6", hatch="////", edgecolor=INK, label="between two bounds (interval)"),
        Patch(facecolor=INK, alpha=0.25, label="on or before: open start, fades out to the left"),
        Patch(facecolor="white", edgecolor=INK, linestyle=(0, (2, 1.5)), label="? and dashed edge: uncertain year (EDTF ?)"),
    ]
    handles += [Patch(facecolor=c, label=f"date {basis}") for basis, c in BASIS_COLOURS.items()]
    fig.legend(handles=handles, loc="lower left", ncol=4, frameon=False, fontsize=8, bbox_to_anchor=(0.01, 0.0))
    alt = "Timeline of events: " + "; ".join(f"{e['date']}: {e['summary']}" for e in events)
    return fig, alt


# --- all charts ----------------------------------------------------------------------------------------

CHARTS = {
    "ownership": ("Who owns the joint venture", ownership_figure),
    "ownership-graph": ("Ownership and control graph", graph_figure),
    "timeline": ("Timeline of events", timeline_figure),
}


def render_charts(tables: Tables, out: Path) -> list[Chart]:
    """Write docs/charts/<name>.svg and .png for every chart; return their titles and text alternatives."""
    charts = []
    for name, (title, draw) in CHARTS.items():
        with fixed_style(salt=f"aliexpress-russia-jv/{name}"):
            fig, alt = draw(tables)
            save(fig, out, name, title)
        charts.append(Chart(name, title, alt))
    return charts
