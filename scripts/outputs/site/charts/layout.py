"""A layered layout for the ownership graph: pure Python, no drawing, so it can be tested on its own.

Nodes are party ids, edges (holder, subject) pairs. Holders sit left of what they hold (one column per
layer); an edge that spans several layers passes through a virtual point in each column between, so it
can be routed around boxes; the order within each column is chosen to cross few edges and to keep a
holder beside what it holds; the rows are then spaced evenly, each node near its neighbours.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

Edge = tuple[str, str]  # (holder, subject)
Point = tuple[float, float]

SWEEPS = 12  # barycentre passes, alternating left-to-right and right-to-left
SWAP_ROUNDS = 60  # rounds of adjacent swaps that do not add crossings
ROW_ROUNDS = 6  # rounds of pulling each column's rows towards their neighbours


def layers(nodes: list[str], edges: list[Edge]) -> dict[str, int]:
    """Longest-path layers (holders left of what they hold), then each root moved next to its nearest subject."""
    layer = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):
        changed = False
        for holder, subject in edges:
            if layer[subject] < layer[holder] + 1:
                layer[subject] = layer[holder] + 1
                changed = True
        if not changed:
            break
    has_holder = {subject for _, subject in edges}
    for n in nodes:
        if n not in has_holder:
            layer[n] = min(layer[subject] for holder, subject in edges if holder == n) - 1
    low = min(layer.values())
    return {n: v - low for n, v in layer.items()}


def components(nodes: list[str], edges: list[Edge]) -> dict[str, int]:
    """Connected components, numbered largest first (ties by smallest node), so each is drawn as a block."""
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for holder, subject in edges:
        a, b = sorted((find(holder), find(subject)))
        parent[b] = a
    roots = sorted({find(n) for n in nodes}, key=lambda r: (-sum(find(n) == r for n in nodes), r))
    return {n: roots.index(find(n)) for n in nodes}


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


@dataclass
class _Grid:
    """Columns of nodes (real and virtual) and who neighbours whom: the state the ordering steps share."""

    layer: dict[str, int]  # node or virtual point -> column
    component: dict[str, int]
    neighbours: dict[str, list[str]]
    chains: dict[int, list[str]]  # edge index -> the points it passes, holder first
    columns: dict[int, list[str]] = field(default_factory=dict)  # column -> its points, top to bottom
    links: list[tuple[str, str]] = field(default_factory=list)  # every piece of every chain


def _grid(nodes: list[str], edges: list[Edge]) -> _Grid:
    """Layers and components of the real nodes, a virtual point per column a long edge crosses, first order."""
    layer = layers(nodes, edges)
    grid = _Grid(dict(layer), components(nodes, edges), {n: [] for n in nodes}, {})
    for i, (holder, subject) in enumerate(edges):
        chain = [holder]
        for level in range(layer[holder] + 1, layer[subject]):
            virtual = f"~{i}~{level}"
            grid.layer[virtual] = level
            grid.component[virtual] = grid.component[holder]
            grid.neighbours[virtual] = []
            chain.append(virtual)
        chain.append(subject)
        grid.chains[i] = chain
        for a, b in itertools.pairwise(chain):
            grid.neighbours[a].append(b)
            grid.neighbours[b].append(a)
    for n in sorted(grid.layer, key=lambda n: (grid.component[n], n.startswith("~"), n)):
        grid.columns.setdefault(grid.layer[n], []).append(n)
    grid.links = [(a, b) for chain in grid.chains.values() for a, b in itertools.pairwise(chain)]
    return grid


def _position(grid: _Grid, n: str) -> float:
    col = grid.columns[grid.layer[n]]
    return (col.index(n) + 0.5) / len(col)


def _crossings(grid: _Grid) -> int:
    index = {n: i for col in grid.columns.values() for i, n in enumerate(col)}
    count = 0
    for i, (a, b) in enumerate(grid.links):
        for c, d in grid.links[i + 1 :]:
            if grid.layer[a] == grid.layer[c] and (index[a] - index[c]) * (index[b] - index[d]) < 0:
                count += 1
    return count


def _stretch(grid: _Grid) -> float:
    """Secondary score: how far (in slots) links climb; keeps a holder's subjects beside it."""
    return round(sum((_position(grid, a) - _position(grid, b)) ** 2 for a, b in grid.links), 9)


def _state(grid: _Grid) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(grid.columns[level]) for level in sorted(grid.columns))


def _barycentre_sweeps(grid: _Grid) -> None:
    """Order each column by the mean position of its neighbours, sweeping back and forth."""
    for sweep in range(SWEEPS):
        order = sorted(grid.columns) if sweep % 2 == 0 else sorted(grid.columns, reverse=True)
        for level in order:
            col = grid.columns[level]
            keys = {}
            for idx, n in enumerate(col):
                ns = grid.neighbours[n]
                bary = sum(_position(grid, m) for m in ns) / len(ns) if ns else _position(grid, n)
                keys[n] = (grid.component[n], round(bary, 9), idx)
            grid.columns[level] = sorted(col, key=lambda n: keys[n])


def _swap_search(grid: _Grid) -> None:
    """Adjacent swaps that do not add crossings, never revisiting an order; keep the best order seen."""
    current = _crossings(grid)
    best = (current, _stretch(grid))
    best_state, seen = _state(grid), {_state(grid)}
    for _ in range(SWAP_ROUNDS):
        moved = False
        for level in sorted(grid.columns):
            col = grid.columns[level]
            for i in range(len(col) - 1):
                if grid.component[col[i]] != grid.component[col[i + 1]]:
                    continue
                col[i], col[i + 1] = col[i + 1], col[i]
                now = _crossings(grid)
                if now <= current and _state(grid) not in seen:
                    seen.add(_state(grid))
                    current, moved = now, True
                    if (now, _stretch(grid)) < best:
                        best, best_state = (now, _stretch(grid)), _state(grid)
                else:
                    col[i], col[i + 1] = col[i + 1], col[i]
        if not moved:
            break
    grid.columns = {level: list(col) for level, col in zip(sorted(grid.columns), best_state, strict=True)}


def _rows(grid: _Grid) -> dict[str, float]:
    """Rows: the fullest column in even slots; every other column as near its neighbours as spacing allows."""
    columns = grid.columns
    widest = max(sorted(columns), key=lambda level: len(columns[level]))
    row = {n: float(i) for i, n in enumerate(columns[widest])}
    for level in columns:
        if level != widest:
            offset = (len(columns[widest]) - len(columns[level])) / 2
            row.update({n: offset + i for i, n in enumerate(columns[level])})
    for _ in range(ROW_ROUNDS):
        for level in sorted(columns, key=lambda level: (abs(level - widest), level)):
            if level == widest:
                continue
            col = columns[level]
            wanted = [sum(row[m] for m in grid.neighbours[n]) / len(grid.neighbours[n]) if grid.neighbours[n] else row[n] for n in col]
            row.update(zip(col, spaced(wanted), strict=True))
    return row


def graph_layout(nodes: list[str], edges: list[Edge]) -> tuple[dict[str, Point], dict[int, list[str]]]:
    """Positions (column, -row) of every node and virtual point, and per edge index the chain of points it passes."""
    grid = _grid(nodes, edges)
    _barycentre_sweeps(grid)
    _swap_search(grid)
    row = _rows(grid)
    top = min(row.values())
    pos = {n: (float(grid.layer[n]), -(row[n] - top)) for n in row}
    return pos, grid.chains
