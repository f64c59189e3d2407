"""A layered layout for the wide ownership graph. Holders sit left of what they hold (a column per layer); an edge
spanning several layers passes a virtual point in each column between, so it can be routed around boxes; each
column's order crosses few edges and keeps a holder beside what it holds; rows are spaced evenly, near neighbours."""

import itertools
from collections.abc import Callable

Edge = tuple[str, str]  # (holder, subject)
Point = tuple[float, float]
SWEEPS, SWAP_ROUNDS, ROW_ROUNDS = 12, 60, 6  # barycentre passes; rounds of adjacent swaps; rounds of pulling rows to neighbours


def layers(nodes: list[str], edges: list[Edge]) -> dict[str, int]:
    """Longest-path layers (holders left of what they hold), then each root moved next to its nearest subject."""
    layer = dict.fromkeys(nodes, 0)
    for _ in nodes:  # as many passes as a path can have edges
        for holder, subject in edges:
            layer[subject] = max(layer[subject], layer[holder] + 1)
    held = {subject for _, subject in edges}
    layer |= {n: min(layer[s] for h, s in edges if h == n) - 1 for n in nodes if n not in held}
    low = min(layer.values())
    return {n: v - low for n, v in layer.items()}


def components(nodes: list[str], edges: list[Edge]) -> dict[str, int]:
    """Connected components, numbered largest first (ties by smallest node), so each is drawn as a block."""
    smallest = {n: n for n in nodes}  # the smallest node each node is connected to, once every pass has run
    for _ in nodes:
        for holder, subject in edges:
            smallest[holder] = smallest[subject] = min(smallest[holder], smallest[subject])
    roots = sorted(set(smallest.values()), key=lambda r: (-list(smallest.values()).count(r), r))
    return {n: roots.index(smallest[n]) for n in nodes}


def spaced(wanted: list[float], gap: float = 1.0) -> list[float]:
    """Positions closest (least squares) to the wanted ones that keep their order and at least gap apart:
    pool-adjacent-violators on wanted[i] - i * gap (the isotonic fit), shifted back."""
    blocks: list[list[float]] = []  # [mean, weight]
    for i, w in enumerate(wanted):
        blocks.append([w - i * gap, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, w2), (m1, w1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    out = [mean for mean, weight in blocks for _ in range(int(weight))]
    return [round(v + i * gap, 6) for i, v in enumerate(out)]


class _Grid:
    """Columns of nodes (real and virtual) and who neighbours whom: the state the ordering steps share."""

    def __init__(self, nodes: list[str], edges: list[Edge]) -> None:
        self.layer, self.component = layers(nodes, edges), components(nodes, edges)
        self.neighbours: dict[str, list[str]] = {n: [] for n in nodes}
        self.chains: dict[int, list[str]] = {}  # edge index -> the points it passes, holder first
        for i, (holder, subject) in enumerate(edges):
            virtual = [f"~{i}~{level}" for level in range(self.layer[holder] + 1, self.layer[subject])]
            for level, v in enumerate(virtual, self.layer[holder] + 1):
                self.layer[v], self.component[v], self.neighbours[v] = level, self.component[holder], []
            self.chains[i] = [holder, *virtual, subject]
            for a, b in itertools.pairwise(self.chains[i]):
                self.neighbours[a].append(b)
                self.neighbours[b].append(a)
        self.columns: dict[int, list[str]] = {}  # column -> its points (nodes and virtual points), top to bottom
        for n in sorted(self.layer, key=lambda n: (self.component[n], n.startswith("~"), n)):
            self.columns.setdefault(self.layer[n], []).append(n)
        self.links = [(a, b) for chain in self.chains.values() for a, b in itertools.pairwise(chain)]

    def position(self, n: str) -> float:
        col = self.columns[self.layer[n]]
        return (col.index(n) + 0.5) / len(col)

    def crossings(self) -> int:
        index = {n: i for col in self.columns.values() for i, n in enumerate(col)}
        pairs = itertools.combinations(self.links, 2)
        return sum(self.layer[a] == self.layer[c] and (index[a] - index[c]) * (index[b] - index[d]) < 0 for (a, b), (c, d) in pairs)

    def stretch(self) -> float:
        """Secondary score: how far (in slots) links climb; keeps a holder's subjects beside it."""
        return round(sum((self.position(a) - self.position(b)) ** 2 for a, b in self.links), 9)

    def state(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(self.columns[level]) for level in sorted(self.columns))

    def pull(self, n: str, at: Callable[[str], float]) -> float:
        """Where n's neighbours pull it: the mean of at over them (at(n) when it has none)."""
        ns = self.neighbours[n]
        return sum(at(m) for m in ns) / len(ns) if ns else at(n)

    def sweep(self) -> None:
        """Order each column by the mean position of its neighbours, sweeping back and forth (a stable sort: ties keep
        their order)."""
        for k in range(SWEEPS):
            for level in sorted(self.columns, reverse=k % 2 == 1):
                self.columns[level] = sorted(self.columns[level], key=lambda n: (self.component[n], round(self.pull(n, self.position), 9)))

    def swap(self) -> None:
        """Adjacent swaps that do not add crossings, never revisiting an order; keep the best order seen."""
        current = self.crossings()
        best, best_state, seen = (current, self.stretch()), self.state(), {self.state()}
        for _ in range(SWAP_ROUNDS):
            moved = False
            for level in sorted(self.columns):
                col = self.columns[level]
                for i in range(len(col) - 1):
                    if self.component[col[i]] != self.component[col[i + 1]]:
                        continue
                    col[i], col[i + 1] = col[i + 1], col[i]
                    now = self.crossings()
                    if now <= current and self.state() not in seen:
                        seen.add(self.state())
                        current, moved = now, True
                        if (now, self.stretch()) < best:
                            best, best_state = (now, self.stretch()), self.state()
                    else:
                        col[i], col[i + 1] = col[i + 1], col[i]
            if not moved:
                break
        self.columns = {level: list(col) for level, col in zip(sorted(self.columns), best_state, strict=True)}

    def rows(self) -> dict[str, float]:
        """Rows: the fullest column in even slots; every other column as near its neighbours as spacing allows."""
        columns = self.columns
        widest = max(sorted(columns), key=lambda level: len(columns[level]))
        row = {n: (len(columns[widest]) - len(col)) / 2 + i for col in columns.values() for i, n in enumerate(col)}
        for _ in range(ROW_ROUNDS):
            for level in sorted((lv for lv in columns if lv != widest), key=lambda lv: (abs(lv - widest), lv)):
                col = columns[level]
                wanted = [self.pull(n, row.__getitem__) for n in col]
                row.update(zip(col, spaced(wanted), strict=True))
        return row


def graph_layout(nodes: list[str], edges: list[Edge]) -> tuple[dict[str, Point], dict[int, list[str]]]:
    """Positions (column, -row) of every node and virtual point, and per edge index the chain of points it passes."""
    grid = _Grid(nodes, edges)
    grid.sweep()
    grid.swap()
    row = grid.rows()
    top = min(row.values())
    return {n: (float(grid.layer[n]), -(row[n] - top)) for n in row}, grid.chains
