"""The ownership and control graph: every stake as an arrow from holder to what it holds.

The layout (columns, order, rows) comes from layout.py; this module only draws: boxes coloured by
country, arrows styled by the kind of interest and labelled with the share, and a legend.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath

from scripts.model.schema import Row, Tables
from scripts.outputs.site.charts.layout import Point, graph_layout
from scripts.outputs.site.charts.ownership import all_stakes, country_name, group_members, short_name
from scripts.outputs.site.charts.style import (
    COUNTRY_COLOURS,
    FONT,
    INK,
    MUTED,
    NO_COUNTRY,
    OTHER_COUNTRY,
    SMALL,
    country_colour,
    text_colour,
)

XGAP, YGAP, BOX_W, BOX_H = 4.0, 0.92, 2.05, 0.62  # in axes units: column and row pitch, box size
X_INCH, Y_INCH = 1.0, 0.6  # inches per axes unit, across and down
LABEL_PAD = 0.2  # white round box around an arrow's label, in font sizes
LABEL_BOX = {"boxstyle": f"round,pad={LABEL_PAD}", "facecolor": "white", "edgecolor": "none"}
MARGIN = 0.15  # axes units around the outermost boxes
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in axes units


@dataclass
class _Edge:
    holder: str
    subject: str
    stakes: list[Row]  # every stake of holder in subject, drawn as one arrow


def edge_label(stakes: list[Row]) -> str:
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


HELD, PLANNED = "#3a3a3a", "#9a9a9a"  # arrow colour by status
# How each kind of arrow is drawn, with its legend label: the arrows and the legend read the same entries.
EDGE_STYLES: dict[str, tuple[dict[str, Any], str]] = {
    "equity": ({"color": HELD, "linewidth": 1.0, "linestyle": "-"}, "equity with a figure (width ∝ share)"),
    "combined_equity": ({"color": "#2c5d8f", "linewidth": 2.0, "linestyle": (0, (1, 1.5))}, "combined (group) equity"),
    "control": ({"color": HELD, "linewidth": 1.2, "linestyle": (0, (5, 3))}, "control, no figure"),
    "other": ({"color": "#8a8a8a", "linewidth": 1.0, "linestyle": "-"}, "owns / equity, no figure"),
}
EQUITY_WIDTH_PER_PERCENT = 0.1


def _edge_style(stakes: list[Row]) -> dict[str, Any]:
    first = stakes[0]
    kind = first["interest_type"] if first["interest_type"] in EDGE_STYLES else "other"
    style = dict(EDGE_STYLES[kind][0])
    if kind == "equity":
        style["linewidth"] += (first["share_exact"] or 0) * EQUITY_WIDTH_PER_PERCENT
    if kind in ("equity", "control") and first["status"] == "planned":
        style["color"] = PLANNED
    return style


def _edges(tables: Tables) -> list[_Edge]:
    """One edge per (holder, subject) pair, in the order of the stakes and then the group stakes."""
    grouped: dict[tuple[str, str], list[Row]] = {}
    for s in all_stakes(tables):
        grouped.setdefault((s["holder_id"], s["subject_id"]), []).append(s)
    return [_Edge(h, s, rows) for (h, s), rows in grouped.items()]


def _port_order(
    edges: list[_Edge], chains: dict[int, list[str]], xy: dict[str, Point]
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per box, the arrows leaving it and those entering it, ordered by where their other end lies (top first)."""
    out_ports: dict[str, list[int]] = {}
    in_ports: dict[str, list[int]] = {}
    for i, e in enumerate(edges):
        out_ports.setdefault(e.holder, []).append(i)
        in_ports.setdefault(e.subject, []).append(i)
    for side, other in ((out_ports, 1), (in_ports, -2)):
        for ids in side.values():
            ids.sort(key=lambda i: (-xy[chains[i][other]][1], i))
    return out_ports, in_ports


def _port(xy: dict[str, Point], side: dict[str, list[int]], n: str, i: int, dx: float) -> Point:
    """Where arrow i meets box n: spread over the box's side, so arrows at one box do not meet at one point."""
    x, y = xy[n]
    ids = side[n]
    k = ids.index(i)
    spread = min(BOX_H * 0.7, 0.14 * (len(ids) - 1))
    dy = 0.0 if len(ids) == 1 else spread / 2 - spread * k / (len(ids) - 1)
    return x + dx, y + dy


def _draw_edge(ax: Any, e: _Edge, points: list[Point], taken: list[Box]) -> None:
    """A smooth arrow through the points (each piece a cubic with both controls at mid-x), and its label where it has room."""
    style = _edge_style(e.stakes)
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
    text = edge_label(e.stakes)
    lx, ly = _label_spot(points, _label_size(text), taken)
    ax.text(lx, ly, text, ha="center", va="center", fontsize=SMALL, color=INK, zorder=4, bbox={**LABEL_BOX, "alpha": 0.9})


def _label_size(text: str) -> tuple[float, float]:
    """Width and height of an arrow's label with its white pad, in axes units (from the glyph outlines)."""
    width = TextPath((0, 0), text, size=SMALL, prop=FontProperties(family=FONT)).get_extents().width
    pad = 2 * LABEL_PAD * SMALL
    return (width + pad) / 72 / X_INCH, (SMALL * 1.2 + pad) / 72 / Y_INCH


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _label_spot(points: list[Point], size: tuple[float, float], taken: list[Box]) -> Point:
    """Where on its arrow a label covers no box and no other label (the least covered spot if none is free).

    A long edge is tried first where it passes a column, in the room kept free for it; then along each
    piece from the middle outwards. The spot chosen is added to taken.
    """
    pieces = list(itertools.pairwise(points))
    if len(pieces) > 1:
        pieces = [pieces[1], *pieces[:1], *pieces[2:]]
    best: tuple[float, Point] | None = None
    for (x0, y0), (x1, y1) in pieces:
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            # the point at parameter t of the cubic from (x0, y0) to (x1, y1) with both controls at mid-x
            x = x0 + (x1 - x0) * (1.5 * t * (1 - t) + t**3)
            y = y0 + (y1 - y0) * (3 * t**2 - 2 * t**3)
            box = (x - size[0] / 2, y - size[1] / 2, x + size[0] / 2, y + size[1] / 2)
            covered = sum(_overlap(box, other) for other in taken)
            if best is None or covered < best[0]:
                best = (covered, (x, y))
            if covered == 0:
                break
        if best is not None and best[0] == 0:
            break
    assert best is not None
    x, y = best[1]
    taken.append((x - size[0] / 2, y - size[1] / 2, x + size[0] / 2, y + size[1] / 2))
    return x, y


def _draw_node(ax: Any, x: float, y: float, party: Row, members: list[str], parties: dict[str, Row]) -> None:
    """A box in the party's country colour (dashed for a group, with its members), with its name."""
    colour = country_colour(party["country"])
    ax.add_patch(
        FancyBboxPatch(
            (x - BOX_W / 2, y - BOX_H / 2),
            BOX_W,
            BOX_H,
            boxstyle="round,pad=0,rounding_size=0.1",
            facecolor=colour,
            edgecolor="#555555" if colour == NO_COUNTRY else colour,
            linewidth=1.0,
            linestyle="--" if party["party_type"] == "group" else "-",
            zorder=3,
        )
    )
    label = "\n".join(textwrap.wrap(party["name"], 22, break_long_words=False))
    if members:
        label += "\n= " + " + ".join(short_name(parties[m], 8) for m in members)
    ax.text(x, y, label, ha="center", va="center", fontsize=SMALL, color=text_colour(colour), zorder=5, linespacing=1.15)


def _legend(fig: Figure, nodes: list[str], parties: dict[str, Row]) -> None:
    """Country colours actually used, then the arrow styles."""
    used = sorted({parties[n]["country"] or "" for n in nodes}, key=lambda c: (c == "", c not in COUNTRY_COLOURS, c))
    handles: list[Any] = [
        Patch(facecolor=country_colour(c or None), edgecolor="#555555", label=country_name(c or None) + (f" ({c})" if c else ""))
        for c in used
        if c in COUNTRY_COLOURS or not c
    ]
    others = [c for c in used if c and c not in COUNTRY_COLOURS]
    if others:
        handles.append(Patch(facecolor=OTHER_COUNTRY, edgecolor="#555555", label="other: " + ", ".join(others)))
    example_share = 24  # the equity sample's width: a quarter share
    for kind, (style, label) in EDGE_STYLES.items():
        width = style["linewidth"] + (example_share * EQUITY_WIDTH_PER_PERCENT if kind == "equity" else 0)
        handles.append(Line2D([], [], **{**style, "linewidth": width}, label=label))
    handles.append(Line2D([], [], color=PLANNED, linewidth=2.0, label="planned"))
    fig.legend(handles=handles, loc="lower center", ncol=5, frameon=False, fontsize=SMALL, bbox_to_anchor=(0.5, 0.0))


def graph_figure(tables: Tables) -> tuple[Figure, str]:
    """Every stake as an arrow from holder to subject, labelled with its share or interest type."""
    parties = {p["party_id"]: p for p in tables["parties"]}
    members = group_members(tables)
    edges = _edges(tables)
    nodes = sorted({e.holder for e in edges} | {e.subject for e in edges})
    pos, chains = graph_layout(nodes, [(e.holder, e.subject) for e in edges])
    xy = {n: (x * XGAP, y * YGAP) for n, (x, y) in pos.items()}

    span = -min(y for _, y in pos.values())  # rows from the top node to the bottom one
    cols_used = 1 + max(x for x, _ in pos.values())
    xlim = (-BOX_W / 2 - MARGIN, (cols_used - 1) * XGAP + BOX_W / 2 + MARGIN)
    ylim = (-span * YGAP - BOX_H / 2 - MARGIN, BOX_H / 2 + MARGIN)
    body, head, foot = Y_INCH * (ylim[1] - ylim[0]), 0.95, 0.6
    fig = Figure(figsize=(X_INCH * (xlim[1] - xlim[0]), body + head + foot))
    total_h = body + head + foot
    ax = fig.add_axes((0.0, foot / total_h, 1.0, body / total_h))
    ax.axis("off")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)

    out_ports, in_ports = _port_order(edges, chains, xy)
    taken: list[Box] = [(x - BOX_W / 2, y - BOX_H / 2, x + BOX_W / 2, y + BOX_H / 2) for x, y in (xy[n] for n in nodes)]
    for i, e in enumerate(edges):
        points = [_port(xy, out_ports, e.holder, i, BOX_W / 2)]
        for v in chains[i][1:-1]:  # pass a column straight, as wide as its boxes, so no curve cuts a box
            vx, vy = xy[v]
            points += [(vx - BOX_W / 2, vy), (vx + BOX_W / 2, vy)]
        points.append(_port(xy, in_ports, e.subject, i, -BOX_W / 2 - 0.1))
        _draw_edge(ax, e, points, taken)
    for n in nodes:
        _draw_node(ax, *xy[n], parties[n], members.get(n, []), parties)
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
    _legend(fig, nodes, parties)
    alt = "Graph of all stakes: " + "; ".join(
        f"{parties[e.holder]['name']} → {parties[e.subject]['name']}: {edge_label(e.stakes)}" for e in edges
    )
    return fig, alt + "."
