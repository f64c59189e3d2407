"""The ownership graph's layout, on its own (no matplotlib): holders left of what they hold, long edges
routed through every column between, rows at least one apart, few crossings."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.outputs.site.charts import layout
from scripts.outputs.site.charts.layout import Edge, graph_layout, layers, spaced
from tests.outputs.site.conftest import read_csv


def crossings(pos: dict[str, tuple[float, float]], chains: dict[int, list[str]]) -> int:
    """Pairs of chain pieces between the same two columns whose ends swap order (counted independently of layout.py)."""
    pieces = [(a, b) for chain in chains.values() for a, b in itertools.pairwise(chain)]
    count = 0
    for (a, b), (c, d) in itertools.combinations(pieces, 2):
        if pos[a][0] == pos[c][0] and len({a, b, c, d}) == 4 and (pos[a][1] - pos[c][1]) * (pos[b][1] - pos[d][1]) < 0:
            count += 1
    return count


def test_spaced_keeps_order_and_gap_at_least_squares_cost() -> None:
    assert spaced([0.0, 5.0]) == [0.0, 5.0]  # already apart: unchanged
    assert spaced([0.0, 0.0, 0.0]) == [-1.0, 0.0, 1.0]  # pushed apart evenly around the wanted point
    assert spaced([2.0, 1.0]) == [1.0, 2.0]  # order kept, centred on the mean 1.5
    assert spaced([0.0, 0.5, 10.0]) == [-0.25, 0.75, 10.0]


def test_layers_put_holders_left_and_roots_next_to_their_subject() -> None:
    edges: list[Edge] = [("a", "b"), ("b", "c"), ("d", "c")]
    got = layers(["a", "b", "c", "d"], edges)
    assert got == {"a": 0, "b": 1, "c": 2, "d": 1}  # d holds only c: one column left of it, not at the far left


def test_components_are_numbered_largest_first() -> None:
    got = layout.components(["a", "b", "c", "x", "y"], [("x", "y"), ("a", "b"), ("b", "c")])
    assert got == {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1}


def test_a_crossing_that_can_be_avoided_is_avoided() -> None:
    # alphabetical order would put a over b and x over y, crossing a->y with b->x
    pos, chains = graph_layout(["a", "b", "x", "y"], [("a", "y"), ("b", "x")])
    assert crossings(pos, chains) == 0
    assert (pos["a"][1] > pos["b"][1]) == (pos["y"][1] > pos["x"][1])


def test_a_long_edge_passes_every_column_between() -> None:
    pos, chains = graph_layout(["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")])
    assert chains[0] == ["a", "b"] and chains[1] == ["b", "c"]
    assert len(chains[2]) == 3 and chains[2][0] == "a" and chains[2][2] == "c"
    assert pos[chains[2][1]][0] == pos["b"][0] == 1.0
    assert abs(pos[chains[2][1]][1] - pos["b"][1]) >= 1  # the virtual point keeps a row of its own


@st.composite
def dags(draw: st.DrawFn) -> tuple[list[str], list[Edge]]:
    """Small random ownership graphs: edges only from a lower to a higher index (no cycles), no repeats."""
    n = draw(st.integers(2, 7))
    names = [f"p{i}" for i in range(n)]
    pairs = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1]), min_size=1, max_size=9))
    edges = [(names[a], names[b]) for a, b in sorted(pairs)]
    nodes = sorted({x for e in edges for x in e})
    return nodes, edges


@settings(max_examples=60, deadline=None)
@given(dags())
def test_layout_invariants(graph: tuple[list[str], list[Edge]]) -> None:
    nodes, edges = graph
    pos, chains = graph_layout(nodes, edges)
    assert set(nodes) <= set(pos)
    assert sorted(chains) == list(range(len(edges)))
    for i, (holder, subject) in enumerate(edges):
        chain = chains[i]
        assert chain[0] == holder and chain[-1] == subject
        assert [pos[p][0] for p in chain] == [pos[holder][0] + k for k in range(len(chain))]  # one step right per point
    columns: dict[float, list[float]] = {}
    for x, y in pos.values():
        columns.setdefault(x, []).append(y)
    for ys in columns.values():
        ys.sort()
        assert all(b - a >= 1 - 1e-5 for a, b in itertools.pairwise(ys))  # rows at least one apart (positions are rounded to 6 places)
    assert max(y for _, y in pos.values()) == 0.0  # the top row is row 0
    assert graph_layout(nodes, edges) == (pos, chains)  # deterministic


def test_the_packages_ownership_graph_has_no_crossing_arrows() -> None:
    """The real graph (stakes and group stakes, one arrow per holder and subject), read from the CSVs here."""
    pairs = [(s["holder_id"], s["subject_id"]) for s in read_csv("stakes")]
    pairs += [(g["group_id"], g["subject_id"]) for g in read_csv("group_stakes")]
    edges = list(dict.fromkeys(pairs))
    nodes = sorted({x for e in edges for x in e})
    pos, chains = graph_layout(nodes, edges)
    assert len(nodes) > 10 and crossings(pos, chains) == 0
