"""The review calendar on the register page: when the next reviews fall, by state, month by month.

It shows this month and the next 36, so every review date an approval made
up to today can carry (three years at most) falls on it. Made from the
register's rows alone, so the chart, the table beside it and
the register can never disagree. A review date before this month (an
overdue leaflet's) is counted in a bar of its own before the first month, so
nothing due is left off the chart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..governance.status import State

MONTHS = 36
"""The months after this one that the calendar shows."""
STATES = (State.OVERDUE, State.DUE, State.CURRENT, State.DRAFT, State.OUT_OF_DATE)
"""The states the calendar counts, in the order the bars stack them (bottom first); withdrawn leaflets have no review."""


@dataclass(frozen=True)
class Bar:
    """One month's reviews (or, for the first bar, those already past), counted by state."""

    label: str
    short: str
    """Under the bar, where room is short: "Dec 2026"."""
    counts: tuple[int, ...]
    """One count per state of :data:`STATES`."""

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Calendar:
    bars: tuple[Bar, ...]
    attention: tuple[dict, ...]
    """The overdue and due-for-review rows, soonest review first."""
    later: int
    """Reviews due after the last month shown."""

    @property
    def total(self) -> int:
        return sum(bar.total for bar in self.bars)

    @property
    def busiest(self) -> Bar | None:
        return max(self.bars, key=lambda bar: bar.total) if self.total else None


def month_start(day: dt.date, months: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def calendar(rows: list[dict], today: dt.date) -> Calendar:
    """The reviews of ``today``'s month and the next :data:`MONTHS`, from the register's ``rows``."""
    first, end = month_start(today), month_start(today, MONTHS + 1)
    counted = [row for row in rows if row["state"] in STATES]
    earlier, later = [0] * len(STATES), 0
    months = [[0] * len(STATES) for _ in range(MONTHS + 1)]
    for row in counted:
        review, place = dt.date.fromisoformat(row["review_date"]), STATES.index(row["state"])
        if review < first:
            earlier[place] += 1
        elif review >= end:
            later += 1
        else:
            months[(review.year - first.year) * 12 + review.month - first.month][place] += 1
    bars = [Bar(f"{month_start(today, n):%B %Y}", f"{month_start(today, n):%b %Y}", tuple(counts))
            for n, counts in enumerate(months)]
    if any(earlier):
        bars.insert(0, Bar(f"Before {first:%B %Y}", "Before", tuple(earlier)))
    attention = sorted((row for row in counted if row["state"] in (State.OVERDUE, State.DUE)),
                       key=lambda row: (row["review_date"], row["id"]))
    return Calendar(tuple(bars), tuple(attention), later)


@dataclass(frozen=True)
class Segment:
    """One state's part of one bar, placed on the chart."""

    x: float
    y: float
    height: float
    state: str
    count: int
    bar: Bar


@dataclass(frozen=True)
class Chart:
    """The stacked bar chart's geometry, in the SVG's own units; the template draws it."""

    width: int
    height: int
    plot_top: int
    plot_bottom: int
    left: int
    bar_width: int
    step: int
    segments: tuple[Segment, ...]
    ticks: tuple[tuple[int, float], ...]
    """Each count marked on the axis, with its height."""
    labels: tuple[tuple[float, str], ...]
    """Every third bar's short label, with its centre."""
    totals: tuple[tuple[float, float, int], ...]
    """Each bar's total written above it: its centre, its top and the total."""


def chart(plan: Calendar) -> Chart:
    left, top, bottom, step, bar_width = 48, 24, 236, 30, 22
    highest = max((bar.total for bar in plan.bars), default=0) or 1
    every = next(n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10 ** 9) if highest / n <= 8)
    top_tick = -(-highest // every) * every
    unit = (bottom - top) / top_tick
    segments, totals = [], []
    for n, bar in enumerate(plan.bars):
        x, y = left + 4 + n * step, float(bottom)
        for state, count in zip(STATES, bar.counts):
            if count:
                y -= count * unit
                segments.append(Segment(x, round(y, 2), round(count * unit, 2), state, count, bar))
        if bar.total:
            totals.append((x + bar_width / 2, round(y, 2), bar.total))
    ticks = tuple((value, round(bottom - value * unit, 2)) for value in range(0, top_tick + 1, every))
    labels = tuple((left + 4 + n * step + bar_width / 2, bar.short) for n, bar in enumerate(plan.bars) if n % 3 == 0)
    return Chart(left + 32 + len(plan.bars) * step, bottom + 28, top, bottom, left, bar_width, step, tuple(segments),
                 ticks, labels, tuple(totals))
