"""The timeline: every event drawn over the whole span its date allows, never as a false exact day.

A year is a year-long bar, an interval a hatched bar between its bounds, an open start a bar that
fades out to the left; colour says how the date was established, "?" marks an uncertain year. The time
axis is broken where nothing happened for years. Each event's summary is written out in full, wrapped
over as many lines as it needs; its row is as tall as its label.

The vertical axis counts inches from the top, so row heights, bars and the figure size share one unit.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from scripts.model.dates import chronological
from scripts.model.schema import Row, Tables
from scripts.outputs.site.charts.style import BASIS_COLOURS, INK, MUTED, SMALL, mix

WIDTH = 12.5  # inches
LABELS = 0.4  # share of the width left of the axis, for the summaries
LABEL_SIZE = 9.0  # points
WRAP = 68  # characters per label line: fits LABELS * WIDTH at LABEL_SIZE in DejaVu Sans
LINE = LABEL_SIZE * 1.2 / 72  # inches per label line (matplotlib's line spacing 1.2)
ROW_PAD = 0.14  # inches of room around each label
BAR = 0.07  # half the height of a bar, inches
BOUND = 0.1  # half the height of the stroke at an interval's bound, inches
HEAD, FOOT = 0.9, 1.15  # inches above the axis (title) and below it (years, legend)
STRIPE = "#f3f3f3"


@dataclass(frozen=True)
class _Row:
    event: Row
    top: float  # inches from the top of the axis
    height: float
    lines: list[str]

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


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


def label_lines(summary: str) -> list[str]:
    """The summary in full, wrapped at spaces (never shortened: joined with spaces, the lines are the summary)."""
    return textwrap.wrap(summary, WRAP, break_long_words=False, break_on_hyphens=False)


def _rows(events: list[Row]) -> list[_Row]:
    rows, top = [], 0.0
    for e in events:
        lines = label_lines(e["summary"])
        height = len(lines) * LINE + ROW_PAD
        rows.append(_Row(e, top, height, lines))
        top += height
    return rows


def _draw_open_start(ax: Any, y: float, x0: float, x1: float, end: float, colour: str, ground: str) -> None:
    """Open start: a bar that fades out to the left, an arrow saying "and earlier", a bound at the end."""
    steps = 40
    width = (end - x0) / steps
    for i in range(steps):
        strength = 0.04 + 0.7 * ((i + 1) / steps) ** 1.6
        ax.add_patch(
            Rectangle(
                (x0 + i * width, y - BAR), width, 2 * BAR, facecolor=mix(colour, ground, strength), linewidth=0, antialiased=False, zorder=2
            )
        )
    ax.plot([end, end], [y - BOUND, y + BOUND], color=colour, linewidth=1.8, zorder=3)
    ax.annotate("", xy=(x0, y), xytext=(x0 + 0.06 * (x1 - x0), y), arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.2})


def _draw_event(ax: Any, row: _Row, ground: str, x0: float, x1: float) -> None:
    """One event in one panel of the broken axis (nothing when its span lies outside the panel)."""
    e, y = row.event, row.middle
    start, end = _day(e["date_start"]), _day(e["date_end"]) + 1
    colour = BASIS_COLOURS[e["date_basis"]]
    uncertain = "?" in e["date"]
    if end <= x0 or (start if start is not None else end) >= x1:
        return
    edge = {"edgecolor": colour, "linewidth": 1.0, "linestyle": (0, (2, 1.5)) if uncertain else "-"}
    if e["date_precision"] == "day":
        ax.plot([start + 0.5], [y], marker="D", markersize=6.5, color=colour, zorder=3)
    elif start is None:
        _draw_open_start(ax, y, x0, x1, end, colour, ground)
    elif e["date_precision"] == "interval":
        ax.add_patch(Rectangle((start, y - BAR), end - start, 2 * BAR, facecolor="none", hatch="////", zorder=2, **edge))
        ax.add_patch(Rectangle((start, y - BAR), end - start, 2 * BAR, facecolor=colour, alpha=0.18, linewidth=0, zorder=2))
        for bound in (start, end):
            ax.plot([bound, bound], [y - BOUND, y + BOUND], color=colour, linewidth=1.8, zorder=3)
    else:
        ax.add_patch(Rectangle((start, y - BAR), end - start, 2 * BAR, facecolor=colour, alpha=0.85, zorder=2, **edge))
    if uncertain:
        ax.annotate("?", (end, y), xytext=(4, 0), textcoords="offset points", fontsize=10, fontweight="bold", color=colour, va="center")


def _panel(ax: Any, k: int, last: bool, rows: list[_Row], x0: float, x1: float, break_width: float) -> None:
    """One stretch of the broken time axis: ticks, stripes, the labels (left of the first, dates right of the last)."""
    bottom = rows[-1].top + rows[-1].height
    middles = [r.middle for r in rows]
    ax.set_xlim(x0, x1)
    ax.set_ylim(bottom, 0)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if x1 - x0 > 3 * 365:
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.tick_params(axis="x", labelsize=SMALL, colors=INK)
    ax.grid(axis="x", which="major", color="#d8d8d8", linewidth=0.8)
    ax.set_axisbelow(True)
    for r in rows[::2]:
        ax.axhspan(r.top, r.top + r.height, color=STRIPE, zorder=0, linewidth=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if k == 0:
        ax.set_yticks(middles, ["\n".join(r.lines) for r in rows], fontsize=LABEL_SIZE, color=INK)
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_yticks([])
        # break mark: two slanted strokes where the axis jumps
        for dx in (-0.012, 0.004):
            ax.plot([dx, dx + break_width], [-0.02, 0.02], transform=ax.transAxes, color=INK, linewidth=1, clip_on=False)
    if last:
        twin = ax.twinx()
        twin.set_ylim(ax.get_ylim())
        twin.set_yticks(middles, [r.event["date"] for r in rows], fontsize=SMALL, family="DejaVu Sans Mono", color=MUTED)
        twin.tick_params(axis="y", length=0)
        for side in twin.spines.values():
            side.set_visible(False)


def _mark_signing(ax: Any, agreement: Row, x0: float, x1: float) -> None:
    """A dotted line at the day the deal was signed, when it falls in this panel."""
    day = _day(agreement["date_start"]) + 0.5
    if x0 <= day <= x1:
        ax.axvline(day, color=BASIS_COLOURS["stated"], linewidth=0.8, linestyle=":", zorder=1)
        ax.annotate(
            f"signed {agreement['date']}",
            (day, 0),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=SMALL,
            color=MUTED,
            ha="right",
            va="bottom",
        )


def _legend(fig: Figure) -> None:
    handles: list[Any] = [
        Line2D([], [], marker="D", linestyle="none", color=INK, markersize=6, label="exact day"),
        Patch(facecolor=INK, alpha=0.85, label="somewhere in this day span (month, season, year)"),
        Patch(facecolor="#e6e6e6", hatch="////", edgecolor=INK, label="between two bounds (interval)"),
        Patch(facecolor=INK, alpha=0.25, label="on or before: open start, fades out to the left"),
        Patch(facecolor="white", edgecolor=INK, linestyle=(0, (2, 1.5)), label="? and dashed edge: uncertain year (EDTF ?)"),
    ]
    handles += [Patch(facecolor=c, label=f"date {basis}") for basis, c in BASIS_COLOURS.items()]
    fig.legend(handles=handles, loc="lower left", ncol=3, frameon=False, fontsize=SMALL, bbox_to_anchor=(0.01, 0.0))


def timeline_figure(tables: Tables) -> tuple[Figure, str]:
    """Events on a time axis, each drawn over the whole span its date allows; never a false exact day."""
    events = chronological(tables["events"])
    rows = _rows(events)
    segments = timeline_segments(events)
    total = sum(b - a for a, b in segments)
    ratios = [max(b - a, 0.08 * total) for a, b in segments]
    body = rows[-1].top + rows[-1].height
    height = HEAD + body + FOOT
    fig = Figure(figsize=(WIDTH, height))
    grid = fig.add_gridspec(
        1, len(segments), width_ratios=ratios, wspace=0.04, left=LABELS, right=0.885, top=1 - HEAD / height, bottom=FOOT / height
    )
    axes = [fig.add_subplot(grid[0, i]) for i in range(len(segments))]
    agreement = next((e for e in events if e["event_type"] == "agreement" and e["date_precision"] == "day"), None)
    for k, (ax, (x0, x1)) in enumerate(zip(axes, segments, strict=True)):
        _panel(ax, k, k == len(axes) - 1, rows, x0, x1, 0.012 * total / ratios[k] * 0.25)
        if agreement is not None:
            _mark_signing(ax, agreement, x0, x1)
        for i, row in enumerate(rows):
            _draw_event(ax, row, STRIPE if i % 2 == 0 else "#ffffff", x0, x1)
    fig.text(0.01, 1 - 0.1 / height, "Timeline: what happened when", fontsize=14, fontweight="bold", color=INK, va="top")
    subtitle = (
        "Each event covers the whole span its date allows (a year is a year-long bar), coloured by how the date was established. "
        "Right: the date as EDTF. The axis is broken where nothing happened."
    )
    fig.text(0.01, 1 - 0.42 / height, textwrap.fill(subtitle, 150), fontsize=SMALL, color=MUTED, va="top")
    _legend(fig)
    alt = "Timeline of events: " + "; ".join(f"{e['date']}: {e['summary']}" for e in events)
    return fig, alt
