"""The timeline: every event drawn over the whole span its date allows, never as a false exact day.

A year is a year-long bar, an interval a hatched bar between its bounds, an open start a bar that
fades out to the left; colour says how the date was established, "?" marks an uncertain year. The time
axis is broken where nothing happened for years.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from scripts.model.schema import Row, Tables
from scripts.outputs.site.charts.style import BASIS_COLOURS, INK, MUTED, mix


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


def _draw_open_start(ax: Any, y: int, x0: float, x1: float, end: float, colour: str) -> None:
    """Open start: a bar that fades out to the left, an arrow saying "and earlier", a bound at the end."""
    steps = 40
    width = (end - x0) / steps
    ground = "#f3f3f3" if y % 2 == 0 else "#ffffff"
    for i in range(steps):
        strength = 0.04 + 0.7 * ((i + 1) / steps) ** 1.6
        ax.add_patch(
            Rectangle(
                (x0 + i * width, y - 0.2), width, 0.4, facecolor=mix(colour, ground, strength), linewidth=0, antialiased=False, zorder=2
            )
        )
    ax.plot([end, end], [y - 0.32, y + 0.32], color=colour, linewidth=1.8, zorder=3)
    ax.annotate("", xy=(x0, y), xytext=(x0 + 0.06 * (x1 - x0), y), arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.2})


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
        _draw_open_start(ax, y, x0, x1, end, colour)
    elif e["date_precision"] == "interval":
        ax.add_patch(Rectangle((start, y - 0.2), end - start, 0.4, facecolor="none", hatch="////", zorder=2, **edge))
        ax.add_patch(Rectangle((start, y - 0.2), end - start, 0.4, facecolor=colour, alpha=0.18, linewidth=0, zorder=2))
        for bound in (start, end):
            ax.plot([bound, bound], [y - 0.32, y + 0.32], color=colour, linewidth=1.8, zorder=3)
    else:
        ax.add_patch(Rectangle((start, y - 0.22), end - start, 0.44, facecolor=colour, alpha=0.85, zorder=2, **edge))
    if uncertain:
        ax.annotate("?", (end, y), xytext=(4, 0), textcoords="offset points", fontsize=10, fontweight="bold", color=colour, va="center")


def _panel(ax: Any, k: int, last: bool, events: list[Row], x0: float, x1: float, break_width: float) -> None:
    """One stretch of the broken time axis: ticks, stripes, the labels (left of the first, dates right of the last)."""
    n = len(events)
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
            ax.plot([dx, dx + break_width], [-0.02, 0.02], transform=ax.transAxes, color=INK, linewidth=1, clip_on=False)
    if last:
        twin = ax.twinx()
        twin.set_ylim(ax.get_ylim())
        twin.set_yticks(range(n), [e["date"] for e in events], fontsize=8, family="DejaVu Sans Mono", color=MUTED)
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
            (day, -0.5),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=7.5,
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
    fig.legend(handles=handles, loc="lower left", ncol=4, frameon=False, fontsize=8, bbox_to_anchor=(0.01, 0.0))


def timeline_figure(tables: Tables) -> tuple[Figure, str]:
    """Events on a time axis, each drawn over the whole span its date allows; never a false exact day."""
    events = sorted(tables["events"], key=lambda e: (e["date_end"], e["date_start"] or "", e["event_id"]))
    segments = timeline_segments(events)
    total = sum(b - a for a, b in segments)
    ratios = [max(b - a, 0.08 * total) for a, b in segments]
    height = 0.3 * len(events) + 2.2
    fig = Figure(figsize=(12.5, height))
    grid = fig.add_gridspec(
        1, len(segments), width_ratios=ratios, wspace=0.04, left=0.4, right=0.885, top=1 - 0.9 / height, bottom=1.05 / height
    )
    axes = [fig.add_subplot(grid[0, i]) for i in range(len(segments))]
    agreement = next((e for e in events if e["event_type"] == "agreement" and e["date_precision"] == "day"), None)
    for k, (ax, (x0, x1)) in enumerate(zip(axes, segments, strict=True)):
        _panel(ax, k, k == len(axes) - 1, events, x0, x1, 0.012 * total / ratios[k] * 0.25)
        if agreement is not None:
            _mark_signing(ax, agreement, x0, x1)
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
    _legend(fig)
    alt = "Timeline of events: " + "; ".join(f"{e['date']}: {e['summary']}" for e in events)
    return fig, alt
