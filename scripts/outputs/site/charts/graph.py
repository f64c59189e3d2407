"""The ownership and control graph: every stake an arrow from holder to what it holds, styled by the kind of interest
and labelled with the share, boxes coloured by country; wide and narrow differ only in where the boxes go."""

import itertools
import textwrap
from typing import Any

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath

from scripts.model.schema import Row, Tables
from scripts.outputs.site.charts import style as palette
from scripts.outputs.site.charts.layout import Point, graph_layout
from scripts.outputs.site.charts.ownership import all_stakes, country_name, group_members, short_name
from scripts.outputs.site.charts.style import FONT, INK, MUTED, NARROW_WIDTH, SMALL, country_colour, text_colour
from scripts.package.reader import grouped

XGAP, YGAP, BOX_W, BOX_H = 4.0, 0.92, 2.05, 0.62  # in axes units: column and row pitch, box size
X_INCH, Y_INCH = 1.0, 0.6  # inches per axes unit, across and down
NARROW_BOX, NARROW_WRAP = 1.1, 14  # a narrow chart's box width (axes units) and characters per line of its names
LABEL_PAD = 0.2  # white round box around an arrow's label, in font sizes
LABEL_BOX = {"boxstyle": f"round,pad={LABEL_PAD}", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
MARGIN = 0.15  # axes units around the outermost boxes
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in axes units
Edge = tuple[str, str, list[Row]]  # holder, subject, and every stake of holder in subject (drawn as one arrow)
# a layout: box centres by key (and, wide, the points where a long edge passes a column), each box's party and size,
# each edge's chain of keys from holder to subject, the axes' limits across and down
Layout = tuple[dict[str, Point], dict[str, tuple[str, tuple[float, float]]], dict[int, list[str]], Point, Point]
HELD, PLANNED = "#3a3a3a", "#9a9a9a"  # arrow colour by status
# How each kind of arrow is drawn, with its legend label: the arrows and the legend read the same entries.
EDGE_STYLES: dict[str, tuple[dict[str, Any], str]] = {
    "equity": ({"color": HELD, "linewidth": 1.0, "linestyle": "-"}, "equity with a figure (width ∝ share)"),
    "combined_equity": ({"color": "#2c5d8f", "linewidth": 2.0, "linestyle": (0, (1, 1.5))}, "combined (group) equity"),
    "control": ({"color": HELD, "linewidth": 1.2, "linestyle": (0, (5, 3))}, "control, no figure"),
    "other": ({"color": "#8a8a8a", "linewidth": 1.0, "linestyle": "-"}, "owns / equity, no figure"),
}
EQUITY_WIDTH_PER_PERCENT = 0.1
TITLE = "Ownership and control, as the sources state them"
SUBTITLE = "Arrow: holder → what it holds, labelled with the share or the kind of interest. "
SUBTITLE += "A group's combined stake is its members' stakes added up, not an extra holding."


def edge_label(stakes: list[Row], sep: str = " + ") -> str:
    parts = []
    for s in stakes:
        share, kind = s["share_exact"], s["interest_type"]
        if kind == "equity":
            text = f"{share:g} %" if share is not None else "equity, no figure"
        elif kind == "combined_equity":
            text = f"combined {share:g} %" if share is not None else "combined"
        else:
            text = "control" if kind == "control" else "owns"
        if s["share_min"] is not None or s["share_max"] is not None:
            text += f" ({s['share_min'] or ''}–{s['share_max'] or ''} %)"
        parts.append(text + (" (planned)" if s["status"] == "planned" else ""))
    return sep.join(parts)


def _edge_style(stakes: list[Row]) -> dict[str, Any]:
    first = stakes[0]
    kind = first["interest_type"] if first["interest_type"] in EDGE_STYLES else "other"
    style = dict(EDGE_STYLES[kind][0])
    if kind == "equity":
        style["linewidth"] += (first["share_exact"] or 0) * EQUITY_WIDTH_PER_PERCENT
    if kind in ("equity", "control") and first["status"] == "planned":
        style["color"] = PLANNED
    return style


def _edges(tables: Tables) -> list[Edge]:
    """One edge per (holder, subject) pair, in the order of the stakes and then the group stakes."""
    return [(h, s, rows) for (h, s), rows in grouped(all_stakes(tables), "holder_id", "subject_id").items()]


def _ends(chains: dict[int, list[str]], xy: dict[str, Point], box_w: float) -> dict[int, list[Point]]:
    """Where each arrow leaves its holder and enters its subject: the arrows at one side of a box are spread over it
    in the order of where their other ends lie (top first), so that they do not meet at one point."""
    ends: dict[int, list[Point]] = {i: [] for i in chains}
    for end, other, dx in ((0, 1, box_w / 2), (-1, -2, -box_w / 2 - 0.1)):
        side: dict[str, list[int]] = {}
        for i, chain in chains.items():
            side.setdefault(chain[end], []).append(i)
        for n, ids in side.items():
            ids.sort(key=lambda i: (-xy[chains[i][other]][1], i))
            spread = min(BOX_H * 0.7, 0.14 * (len(ids) - 1))
            for k, i in enumerate(ids):
                ends[i].append((xy[n][0] + dx, xy[n][1] + (0.0 if len(ids) == 1 else spread / 2 - spread * k / (len(ids) - 1))))
    return ends


def _draw_edge(ax: Any, stakes: list[Row], points: list[Point], taken: list[Box], sep: str) -> None:
    """A smooth arrow through the points (each piece a cubic with both controls at mid-x), and its label where it has room."""
    style = _edge_style(stakes)
    verts, codes = [points[0]], [MplPath.MOVETO]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        verts += [((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1), (x1, y1)]
        codes += [MplPath.CURVE4] * 3
    curve = {k: v for k, v in style.items() if k != "color"}
    ax.add_patch(PathPatch(MplPath(verts, codes), facecolor="none", edgecolor=style["color"], capstyle="butt", zorder=1, **curve))
    (x, y), head = points[-1], {"arrowstyle": "-|>", "mutation_scale": 11, "linewidth": 0.8, "shrinkA": 0, "shrinkB": 0, "zorder": 2}
    ax.add_patch(FancyArrowPatch((x - 0.05, y), (x + 0.1, y), color=style["color"], **head))
    text = edge_label(stakes, sep)
    ax.text(*_label_spot(points, text, taken), text, ha="center", va="center", fontsize=SMALL, color=INK, zorder=4, bbox=LABEL_BOX)


def _label_spot(points: list[Point], text: str, taken: list[Box]) -> Point:
    """The first spot on its arrow where a label (with its white pad) covers least of the boxes and other labels: a long
    edge is tried first where it passes a column, in the room kept free for it; then along each piece from the middle
    outwards. The label's size comes from the glyph outlines; the spot chosen is added to taken."""
    lines, pad = text.split("\n"), 2 * LABEL_PAD * SMALL
    width = max(TextPath((0, 0), line, size=SMALL, prop=FontProperties(family=FONT)).get_extents().width for line in lines)
    w, h = (width + pad) / 72 / X_INCH / 2, (SMALL * 1.2 * len(lines) + pad) / 72 / Y_INCH / 2  # half the label's size, axes units

    def covered(x: float, y: float) -> float:
        return sum(max(0.0, min(x + w, b[2]) - max(x - w, b[0])) * max(0.0, min(y + h, b[3]) - max(y - h, b[1])) for b in taken)

    pieces = list(itertools.pairwise(points))
    pieces = pieces[1:2] + pieces[:1] + pieces[2:]
    ts = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)  # the point at t of the cubic from (x0, y0) to (x1, y1) with both controls at mid-x
    spots = [
        (x0 + (x1 - x0) * (1.5 * t * (1 - t) + t**3), y0 + (y1 - y0) * (3 * t**2 - 2 * t**3)) for (x0, y0), (x1, y1) in pieces for t in ts
    ]
    x, y = min(spots, key=lambda spot: covered(*spot))
    taken.append((x - w, y - h, x + w, y + h))
    return x, y


def _draw_node(ax: Any, x: float, y: float, party: Row, label: str, size: tuple[float, float]) -> None:
    """A box in the party's country colour (dashed for a group), with its label."""
    colour = country_colour(party["country"])
    edge, dashed = "#555555" if colour == palette.NO_COUNTRY else colour, "--" if party["party_type"] == "group" else "-"
    box = {"boxstyle": "round,pad=0,rounding_size=0.1", "facecolor": colour, "edgecolor": edge, "linewidth": 1.0, "linestyle": dashed}
    ax.add_patch(FancyBboxPatch((x - size[0] / 2, y - size[1] / 2), *size, **box, zorder=3))
    ax.text(x, y, label, ha="center", va="center", fontsize=SMALL, color=text_colour(colour), zorder=5, linespacing=1.15)


def _node_label(party: Row, members: list[str], parties: dict[str, Row], wrap: int) -> str:
    """The party's name wrapped, and a group's members (wrapped too in a narrow box)."""
    label = "\n".join(textwrap.wrap(party["name"], wrap, break_long_words=False))
    said = "= " + " + ".join(short_name(parties[m], 8) for m in members)
    return label + ("\n" + (said if wrap >= 22 else "\n".join(textwrap.wrap(said, wrap))) if members else "")


def _legend(fig: Figure, nodes: list[str], parties: dict[str, Row], ncol: int) -> None:
    """Country colours actually used, then the arrow styles."""
    used = sorted({parties[n]["country"] or "" for n in nodes}, key=lambda c: (c == "", c not in palette.COUNTRY_COLOURS, c))
    handles: list[Any] = [
        Patch(facecolor=country_colour(c or None), edgecolor="#555555", label=country_name(c or None) + (f" ({c})" if c else ""))
        for c in used
        if c in palette.COUNTRY_COLOURS or not c
    ]
    if others := [c for c in used if c and c not in palette.COUNTRY_COLOURS]:
        handles.append(Patch(facecolor=palette.OTHER_COUNTRY, edgecolor="#555555", label="other: " + ", ".join(others)))
    for kind, (style, label) in EDGE_STYLES.items():  # the equity sample as wide as a quarter share
        width = style["linewidth"] + (24 * EQUITY_WIDTH_PER_PERCENT if kind == "equity" else 0)
        handles.append(Line2D([], [], **{**style, "linewidth": width}, label=label))
    handles.append(Line2D([], [], color=PLANNED, linewidth=2.0, label="planned"))
    fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False, fontsize=SMALL, bbox_to_anchor=(0.5, 0.0))


def _wide(edges: list[Edge]) -> Layout:
    """The layered layout of layout.py, in axes units."""
    nodes = sorted({h for h, _, _ in edges} | {s for _, s, _ in edges})
    pos, chains = graph_layout(nodes, [(h, s) for h, s, _ in edges])
    xy = {n: (x * XGAP, y * YGAP) for n, (x, y) in pos.items()}
    xlim = (-BOX_W / 2 - MARGIN, max(x for x, _ in xy.values()) + BOX_W / 2 + MARGIN)
    ylim = (min(y for _, y in xy.values()) - BOX_H / 2 - MARGIN, BOX_H / 2 + MARGIN)
    return xy, {n: (n, (BOX_W, BOX_H)) for n in nodes}, chains, xlim, ylim


def _narrow(edges: list[Edge], labels: dict[str, str]) -> Layout:
    """For a phone: one block per subject (subjects with the same holders share one), holders left; a holder of several
    blocks appears in each, so a box's key is '<block>/<party id>'."""
    blocks: dict[tuple[str, ...], list[str]] = {}
    for subject in dict.fromkeys(s for _, s, _ in edges):
        blocks.setdefault(tuple(h for h, s, _ in edges if s == subject), []).append(subject)
    tall = {n: max(BOX_H, (label.count("\n") + 1) * SMALL * 1.15 / 72 / Y_INCH + 0.2) for n, label in labels.items()}
    xy: dict[str, Point] = {}
    boxes: dict[str, tuple[str, tuple[float, float]]] = {}
    top, gap, left, right = 0.0, 0.3, MARGIN + NARROW_BOX / 2, NARROW_WIDTH / X_INCH - MARGIN - NARROW_BOX / 2
    for b, (holders, subjects) in enumerate(blocks.items()):
        height = {column: sum(tall[n] + gap for n in column) - gap for column in (holders, tuple(subjects))}
        for x, column in ((left, holders), (right, tuple(subjects))):
            y = top - (max(height.values()) - height[column]) / 2
            for n in column:
                xy[f"{b}/{n}"], boxes[f"{b}/{n}"], y = (x, y - tall[n] / 2), (n, (NARROW_BOX, tall[n])), y - tall[n] - gap
        top -= max(height.values()) + 2 * gap
    ylim = (min(y - boxes[k][1][1] / 2 for k, (_, y) in xy.items()) - MARGIN, MARGIN)
    block = {s: b for b, subjects in enumerate(blocks.values()) for s in subjects}
    chains = {i: [f"{block[s]}/{h}", f"{block[s]}/{s}"] for i, (h, s, _) in enumerate(edges)}
    return xy, boxes, chains, (0.0, NARROW_WIDTH / X_INCH), ylim


def graph_chart(tables: Tables, narrow: bool) -> tuple[Figure, str]:
    """Every stake as an arrow from holder to subject, labelled with its share or interest type; the text alternative."""
    parties, members, edges = {p["party_id"]: p for p in tables["parties"]}, group_members(tables), _edges(tables)
    labels = {n: _node_label(parties[n], members.get(n, []), parties, NARROW_WRAP if narrow else 22) for n in parties}
    xy, boxes, chains, xlim, ylim = _narrow(edges, labels) if narrow else _wide(edges)
    box_w, (head, foot) = (NARROW_BOX, (1.25, 2.1)) if narrow else (BOX_W, (0.95, 0.6))
    body = Y_INCH * (ylim[1] - ylim[0])  # the figure: X_INCH and Y_INCH per axes unit, the title above, the legend below
    total = body + head + foot
    fig = Figure(figsize=(X_INCH * (xlim[1] - xlim[0]), total))
    ax = fig.add_axes((0.0, foot / total, 1.0, body / total), xlim=xlim, ylim=ylim)
    ax.axis("off")
    ends = _ends(chains, xy, box_w)
    taken: list[Box] = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for key, (_, (w, h)) in boxes.items() for x, y in [xy[key]]]
    for i, (_, _, stakes) in enumerate(edges):
        points = [ends[i][0]]
        for v in chains[i][1:-1]:  # pass a column straight, as wide as its boxes, so no curve cuts a box
            points += [(xy[v][0] - box_w / 2, xy[v][1]), (xy[v][0] + box_w / 2, xy[v][1])]
        _draw_edge(ax, stakes, [*points, ends[i][1]], taken, "\n+ " if narrow else " + ")
    for key, (party, size) in boxes.items():
        _draw_node(ax, *xy[key], parties[party], labels[party], size)
    if narrow:
        fig.text(0.0, 1 - 0.05 / total, textwrap.fill(TITLE, 26), fontsize=14, fontweight="bold", color=INK, va="top")
        fig.text(0.0, 1 - 0.62 / total, textwrap.fill(SUBTITLE, 62), fontsize=SMALL, color=MUTED, va="top")
    else:
        fig.text(0.01, 1 - 0.1 / total, TITLE, fontsize=14, fontweight="bold", color=INK, va="top")
        fig.text(0.01, 1 - 0.45 / total, SUBTITLE, fontsize=9, color=MUTED, va="top")
    _legend(fig, sorted({h for h, _, _ in edges} | {s for _, s, _ in edges}), parties, ncol=1 if narrow else 5)
    stated = (f"{parties[h]['name']} → {parties[s]['name']}: {edge_label(st)}" for h, s, st in edges)
    return fig, "Graph of all stakes: " + "; ".join(stated) + "."
