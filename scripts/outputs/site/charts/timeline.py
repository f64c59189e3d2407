"""The timeline: every event over the whole span its date allows, never as a false exact day: a year a year-long bar,
an interval a hatched bar, an open start a bar fading out to the left; colour says how the date was established, "?"
an uncertain year; the axis is broken where nothing happened for years. Each summary in full: wide, left of its bar
(the EDTF date right of the axis); narrow, above its bar under the date. The vertical axis counts inches from the top."""

import datetime as dt
import textwrap
from typing import Any, NamedTuple

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import blended_transform_factory

from scripts.model.dates import chronological
from scripts.model.schema import Row, Tables
from scripts.outputs.site.charts.style import BASIS_COLOURS, INK, MUTED, NARROW_WIDTH, SMALL, mix

LABEL_SIZE = 9.0  # points
LINE = LABEL_SIZE * 1.2 / 72  # inches per label line (matplotlib's line spacing 1.2)
ROW_PAD = 0.14  # inches of room around each label
BAR = 0.07  # half the height of a bar, inches
BOUND = 0.1  # half the height of the stroke at an interval's bound, inches
STRIPE = "#f3f3f3"
# wide, then narrow: width (inches), characters per label line, inches above and below the axis, the axis's sides,
# legend columns, the signing label's height over the axis (points), the break mark's height (share of the axis)
WIDE = dict(width=12.5, wrap=68, head=0.9, foot=1.15, left=0.4, right=0.885, ncol=3, signed=3, mark=0.02)
NARROW = dict(width=NARROW_WIDTH, wrap=52, head=1.45, foot=1.95, left=0.02, right=0.98, ncol=1, signed=19, mark=0.004)


class _Row(NamedTuple):
    event: Row
    top: float  # inches from the top of the axis
    height: float
    lines: list[str]
    middle: float  # where its bar is drawn


def _day(value: str | None) -> float | None:
    return None if value is None else float(mdates.date2num(dt.date.fromisoformat(value)))


def timeline_segments(events: list[Row], gap_years: float = 3.0, pad_days: float = 110.0) -> list[tuple[float, float]]:
    """Stretches of time that hold events; a gap of more than gap_years becomes an axis break."""
    merged: list[list[float]] = []
    for start, end in sorted((_day(e["date_start"]) or _day(e["date_end"]), _day(e["date_end"]) + 1) for e in events):
        if merged and start - merged[-1][1] <= gap_years * 365.25:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a - pad_days, b + pad_days) for a, b in merged]


def _rows(events: list[Row], wrap: int, narrow: bool) -> list[_Row]:
    """Each event's summary wrapped at spaces (never shortened); narrow, a date line above it and its bar below."""
    rows, top = [], 0.0
    for e in events:
        lines = textwrap.wrap(e["summary"], wrap, break_long_words=False, break_on_hyphens=False)
        if narrow:
            height = (len(lines) + 1) * LINE + ROW_PAD + 2 * BOUND + 0.06  # room for a "?" beside the bar
            rows.append(_Row(e, top, height, lines, top + height - ROW_PAD / 2 - BOUND))
        else:
            height = len(lines) * LINE + ROW_PAD
            rows.append(_Row(e, top, height, lines, top + height / 2))
        top += height
    return rows


def _draw_open_start(ax: Any, y: float, x0: float, x1: float, end: float, colour: str, ground: str) -> None:
    """Open start: a bar that fades out to the left, an arrow saying "and earlier", a bound at the end."""
    width = (end - x0) / 40
    for i in range(40):
        fill = mix(colour, ground, 0.04 + 0.7 * ((i + 1) / 40) ** 1.6)
        ax.add_patch(Rectangle((x0 + i * width, y - BAR), width, 2 * BAR, facecolor=fill, linewidth=0, antialiased=False, zorder=2))
    ax.plot([end, end], [y - BOUND, y + BOUND], color=colour, linewidth=1.8, zorder=3)
    ax.annotate("", xy=(x0, y), xytext=(x0 + 0.06 * (x1 - x0), y), arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.2})


def _draw_event(ax: Any, row: _Row, ground: str, x0: float, x1: float) -> None:
    """One event in one panel of the broken axis (nothing when its span lies outside the panel)."""
    e, y = row.event, row.middle
    start, end = _day(e["date_start"]), _day(e["date_end"]) + 1
    colour, uncertain = BASIS_COLOURS[e["date_basis"]], "?" in e["date"]
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


def _panel(ax: Any, k: int, last: bool, rows: list[_Row], span: tuple[float, float], break_width: float, shape: dict[str, Any]) -> None:
    """One stretch of the broken time axis: ticks, stripes, the labels (wide: left of the first, dates right of the last)."""
    (x0, x1), middles, narrow = span, [r.middle for r in rows], shape is NARROW
    ax.set(xlim=(x0, x1), ylim=(rows[-1].top + rows[-1].height, 0))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if x1 - x0 > 3 * 365:
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.tick_params(axis="x", labelsize=SMALL, colors=INK, **({"labeltop": True} if narrow else {}))
    ax.grid(axis="x", which="major", color="#d8d8d8", linewidth=0.8)
    ax.set_axisbelow(True)
    for r in rows[::2]:
        ax.axhspan(r.top, r.top + r.height, color=STRIPE, zorder=0, linewidth=0)
    ax.spines[["top", "right", "left"]].set_visible(False)
    if k == 0 and not narrow:
        ax.set_yticks(middles, ["\n".join(r.lines) for r in rows], fontsize=LABEL_SIZE, color=INK)
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_yticks([])
    for dx in (-0.012, 0.004) if k else ():  # break mark: two slanted strokes where the axis jumps
        ax.plot([dx, dx + break_width], [-shape["mark"], shape["mark"]], transform=ax.transAxes, color=INK, linewidth=1, clip_on=False)
    if last and not narrow:
        twin = ax.twinx()
        twin.set_ylim(ax.get_ylim())
        twin.set_yticks(middles, [r.event["date"] for r in rows], fontsize=SMALL, family="DejaVu Sans Mono", color=MUTED)
        twin.tick_params(axis="y", length=0)
        twin.spines[:].set_visible(False)


def _mark_signing(ax: Any, agreement: Row, x0: float, x1: float, above: float) -> None:
    """A dotted line at the day the deal was signed, when it falls in this panel; its label above points over the axis."""
    day = _day(agreement["date_start"]) + 0.5
    if x0 <= day <= x1:
        ax.axvline(day, color=BASIS_COLOURS["stated"], linewidth=0.8, linestyle=":", zorder=1)
        label = {"xytext": (0, above), "textcoords": "offset points", "fontsize": SMALL, "color": MUTED, "ha": "right", "va": "bottom"}
        ax.annotate(f"signed {agreement['date']}", (day, 0), **label)


def _legend(fig: Figure, ncol: int) -> None:
    handles: list[Any] = [
        Line2D([], [], marker="D", linestyle="none", color=INK, markersize=6, label="exact day"),
        Patch(facecolor=INK, alpha=0.85, label="somewhere in this day span (month, season, year)"),
        Patch(facecolor="#e6e6e6", hatch="////", edgecolor=INK, label="between two bounds (interval)"),
        Patch(facecolor=INK, alpha=0.25, label="on or before: open start, fades out to the left"),
        Patch(facecolor="white", edgecolor=INK, linestyle=(0, (2, 1.5)), label="? and dashed edge: uncertain year (EDTF ?)"),
    ]
    handles += [Patch(facecolor=c, label=f"date {basis}") for basis, c in BASIS_COLOURS.items()]
    fig.legend(handles=handles, loc="lower left", ncol=ncol, frameon=False, fontsize=SMALL, bbox_to_anchor=(0.01, 0.0))


def timeline_chart(tables: Tables, narrow: bool) -> tuple[Figure, str]:
    """Events on a broken time axis, each over the whole span its date allows, and the text alternative."""
    events, shape = chronological(tables["events"]), NARROW if narrow else WIDE
    rows, segments = _rows(events, shape["wrap"], narrow), timeline_segments(events)
    total = sum(b - a for a, b in segments)
    ratios = [max(b - a, 0.08 * total) for a, b in segments]
    height = shape["head"] + (rows[-1].top + rows[-1].height) + shape["foot"]
    fig = Figure(figsize=(shape["width"], height))
    left, right, top, bottom = shape["left"], shape["right"], 1 - shape["head"] / height, shape["foot"] / height
    grid = fig.add_gridspec(1, len(segments), width_ratios=ratios, wspace=0.04, left=left, right=right, top=top, bottom=bottom)
    axes = [fig.add_subplot(grid[0, i]) for i in range(len(segments))]
    agreement = next((e for e in events if e["event_type"] == "agreement" and e["date_precision"] == "day"), None)
    for k, (ax, span) in enumerate(zip(axes, segments, strict=True)):
        _panel(ax, k, k == len(axes) - 1, rows, span, 0.012 * total / ratios[k] * 0.25, shape)
        if agreement is not None:
            _mark_signing(ax, agreement, *span, shape["signed"])
        for i, row in enumerate(rows):
            _draw_event(ax, row, STRIPE if i % 2 == 0 else "#ffffff", *span)
    at = blended_transform_factory(fig.transFigure, axes[0].transData)
    for r in rows if narrow else ():  # the date, then the summary, over the whole width (figure text: drawn over every panel)
        fig.text(0.02, r.top + ROW_PAD / 2, r.event["date"], transform=at, fontsize=SMALL, family="DejaVu Sans Mono", color=MUTED, va="top")
        fig.text(0.02, r.top + ROW_PAD / 2 + LINE, "\n".join(r.lines), transform=at, fontsize=LABEL_SIZE, color=INK, va="top")
    fig.text(0.01, 1 - 0.1 / height, "Timeline: what happened when", fontsize=14, fontweight="bold", color=INK, va="top")
    subtitle = "Each event covers the whole span its date allows (a year is a year-long bar), coloured by how the date was established. "
    subtitle += ("Above each bar" if narrow else "Right") + ": the date as EDTF. The axis is broken where nothing happened."
    fig.text(0.01, 1 - 0.42 / height, textwrap.fill(subtitle, 56 if narrow else 150), fontsize=SMALL, color=MUTED, va="top")
    _legend(fig, shape["ncol"])
    return fig, "Timeline of events: " + "; ".join(f"{e['date']}: {e['summary']}" for e in events)
