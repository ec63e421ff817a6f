"""Server-rendered SVG chart of a person's record: the geometry, computed here, not in templates.

One horizontal bar per competence shows the validated level; a diamond marks the declared
level, so the two are never confused and the difference does not rest on colour alone.
The template `skills/includes/chart.html` draws it; the same figures are in the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from skills.selectors import FrameworkProfile

WIDTH = 640
LEFT = 56
RIGHT = 620
TOP = 40
ROW = 26
BAR = 14
AREA_GAP = 10
BOTTOM = 50
DIAMOND = 7


@dataclass(frozen=True)
class ChartRow:
    """One competence: its label, its bar and the optional declared marker."""

    code: str
    label_y: float
    bar_y: float
    bar_width: float
    level: int
    declared_level: int | None
    declared_points: str


@dataclass(frozen=True)
class ChartTick:
    """A vertical grid line with its level number."""

    x: float
    label: int


@dataclass(frozen=True)
class BarChart:
    """The whole chart, ready to draw."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: float
    rows: tuple[ChartRow, ...]
    ticks: tuple[ChartTick, ...]
    legend_y: float
    max_level: int

    @property
    def code_x(self) -> int:
        """Where the competence codes end, left of the bars."""
        return self.left - 8

    @property
    def tick_label_y(self) -> int:
        """The baseline of the level numbers above the grid."""
        return self.top - 12

    @property
    def legend_bar_y(self) -> float:
        """The top of the legend's bar swatch."""
        return self.legend_y - 11

    @property
    def legend_diamond(self) -> str:
        """The legend's diamond."""
        return diamond(self.left + 220, self.legend_y - 4)

    @property
    def legend_declared_x(self) -> int:
        """Where the declared legend text starts."""
        return self.left + 234


def diamond(cx: float, cy: float) -> str:
    """The points of a diamond centred on (cx, cy)."""
    corners = [(cx, cy - DIAMOND), (cx + DIAMOND, cy), (cx, cy + DIAMOND), (cx - DIAMOND, cy)]
    return " ".join(f"{round(x, 1)},{round(y, 1)}" for x, y in corners)


def _x(level: float, max_level: int) -> float:
    """The horizontal position of a level."""
    return round(LEFT + (RIGHT - LEFT) * level / max(max_level, 1), 1)


def bar_chart(profile: FrameworkProfile) -> BarChart:
    """The chart of one framework profile."""
    rows = []
    y = float(TOP)
    for index, area in enumerate(profile.areas):
        if index:
            y += AREA_GAP
        for line in area.lines:
            bar_y = y + (ROW - BAR) / 2
            points = ""
            if line.declared_level is not None:
                points = diamond(_x(line.declared_level, profile.max_level), y + ROW / 2)
            rows.append(
                ChartRow(
                    code=line.code,
                    label_y=round(y + ROW / 2 + 5, 1),
                    bar_y=round(bar_y, 1),
                    bar_width=round(_x(line.level, profile.max_level) - LEFT, 1),
                    level=line.level,
                    declared_level=line.declared_level,
                    declared_points=points,
                )
            )
            y += ROW
    ticks = tuple(
        ChartTick(x=_x(level, profile.max_level), label=level)
        for level in range(profile.max_level + 1)
    )
    return BarChart(
        width=WIDTH,
        height=int(y + BOTTOM),
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=y,
        rows=tuple(rows),
        ticks=ticks,
        legend_y=y + 28,
        max_level=profile.max_level,
    )
