"""The dashboard's pictures, laid out for server-side SVG: pure geometry, no ORM.

``timeline_chart`` stacks each week's claims by support status and draws the
verdicts published that week as a line; ``bar_chart`` draws labelled horizontal
bars (claims by support status, verdicts by state). Templates turn the results
into ``<svg>`` with a title and a description in words, so the numbers reach a
screen reader and never depend on colour alone.
"""

import math
from dataclasses import dataclass
from datetime import date

# Room around the plot of the timeline, in SVG units.
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 12, 18, 40


@dataclass(frozen=True)
class Segment:
    key: str
    x: float
    y: float
    width: float
    height: float
    value: int
    title: str


@dataclass(frozen=True)
class Column:
    label: str
    x: float
    centre: float
    total: int
    total_y: float
    segments: list[Segment]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    title: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot_left: float
    plot_right: float
    baseline: float
    tick_x: float
    label_y: float
    gridlines: list[tuple[float, int]]
    columns: list[Column]
    points: list[Point]
    line_path: str
    legend: list[tuple[str, str]]
    line_label: str
    description: str
    empty: bool


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    y: float
    width: float
    value_x: float


@dataclass(frozen=True)
class BarGroup:
    title: str
    y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    label_x: int
    track_width: int
    bar_height: int
    groups: list[BarGroup]
    description: str


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … that is at least ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    raise AssertionError("unreachable")


def tick_step(top: int) -> int:
    """A whole-number step that cuts 0..``top`` (a ``nice_ceiling``) into 2 to 5 parts."""
    for parts in (4, 5, 2):
        if top % parts == 0 and top // parts >= 1:
            return top // parts
    return top


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def week_label(week: date) -> str:
    return f"{week.day} {week:%b}"


def timeline_chart(
    *,
    weeks: list[date],
    stacks: list[dict[str, int]],
    series: list[tuple[str, str]],
    line: list[int],
    line_label: str,
    width: int = 720,
    height: int = 240,
) -> Timeline:
    """Stacked columns, one per week (``stacks[i]`` maps a series key to its count),
    in the order of ``series`` (key, label) from the bottom, and a line of ``line``
    values over them. Weeks are the Mondays they start on."""
    assert len(weeks) == len(stacks) == len(line)
    totals = [sum(stack.get(key, 0) for key, _ in series) for stack in stacks]
    # At least 0..5, so that a quiet desk's single claims are not drawn as full-height columns.
    top = nice_ceiling(max([*totals, *line, 4]))
    plot_width, plot_height = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    baseline = _TOP + plot_height
    slot = plot_width / max(len(weeks), 1)
    bar_width = slot * 0.62

    def y_of(value: float) -> float:
        return baseline - plot_height * value / top

    columns, points = [], []
    for index, (week, stack, total, published) in enumerate(zip(weeks, stacks, totals, line)):
        x = _LEFT + slot * index + (slot - bar_width) / 2
        segments, running = [], 0
        for key, label in series:
            value = stack.get(key, 0)
            if value:
                segments.append(Segment(
                    key=key, x=round(x, 1), y=round(y_of(running + value), 1), width=round(bar_width, 1),
                    height=round(y_of(running) - y_of(running + value), 1), value=value,
                    title=f"Week of {week_label(week)}: {value} {label.lower()}",
                ))
                running += value
        centre = round(x + bar_width / 2, 1)
        columns.append(Column(label=week_label(week), x=round(x, 1), centre=centre, total=total,
                              total_y=round(y_of(total) - 4, 1), segments=segments))
        points.append(Point(x=centre, y=round(y_of(published), 1), value=published,
                            title=f"Week of {week_label(week)}: {_count(published, 'verdict')} published"))
    gridlines = [(round(y_of(value), 1), value) for value in range(0, top + 1, tick_step(top))]
    line_path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    return Timeline(
        width=width, height=height, plot_left=_LEFT, plot_right=width - _RIGHT, baseline=baseline,
        tick_x=_LEFT - 6, label_y=baseline + 16,
        gridlines=gridlines, columns=columns, points=points, line_path=line_path,
        legend=list(series), line_label=line_label,
        description=_timeline_description(weeks, stacks, series, totals, line, line_label),
        empty=not any(totals) and not any(line),
    )


def _timeline_description(weeks, stacks, series, totals, line, line_label) -> str:
    if not weeks:
        return "No weeks to show."
    parts = [
        f"Claims logged each week from the week of {week_label(weeks[0])} to the week of "
        f"{week_label(weeks[-1])}, by their support status now, and {line_label.lower()} each week."
    ]
    for week, stack, total, published in zip(weeks, stacks, totals, line):
        if not total and not published:
            continue
        breakdown = ", ".join(f"{stack[key]} {label.lower()}" for key, label in series if stack.get(key))
        claims = f"{_count(total, 'claim')} ({breakdown})" if total else "no claims"
        parts.append(f"Week of {week_label(week)}: {claims}; {_count(published, 'verdict')} published.")
    if len(parts) == 1:
        parts.append("Nothing was logged or published in these weeks.")
    return " ".join(parts)


def bar_chart(
    *, groups: list[tuple[str, list[tuple[str, str, int]]]], width: int = 420, label_width: int = 150,
    bar_height: int = 18, gap: int = 6,
) -> BarChart:
    """Horizontal bars in titled groups: ``groups`` is [(title, [(key, label, value)])];
    every group shares one scale, so bars compare across groups."""
    top = nice_ceiling(max([value for _, bars in groups for _, _, value in bars] + [1]))
    room = width - label_width - 40  # leaves space for the count after the longest bar
    laid_out, y = [], 0.0
    for title, bars in groups:
        group_y = y + 14
        y = group_y + 8
        rows = []
        for key, label, value in bars:
            bar_width = round(room * value / top, 1)
            rows.append(Bar(key=key, label=label, value=value, y=round(y, 1), width=bar_width,
                            value_x=round(label_width + bar_width + 6, 1)))
            y += bar_height + gap
        laid_out.append(BarGroup(title=title, y=group_y, bars=rows))
        y += 10
    description = " ".join(
        f"{title}: " + ", ".join(f"{label} {value}" for _, label, value in bars) + "."
        for title, bars in groups
    )
    return BarChart(width=width, height=math.ceil(y), label_width=label_width, label_x=label_width - 8,
                    track_width=room, bar_height=bar_height, groups=laid_out, description=description)
