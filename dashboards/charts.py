"""Charts drawn as SVG on the server: sparklines, monthly trends, level distributions.

Every chart is an image with a text alternative (`role="img"` and a label or a title and a
description); the templates put the data table next to it. Withheld values are gaps in a
line and hatched in a bar: a chart never shows more than the table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape

from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

from dashboards.selectors.cubes import Figure

SERIES_COLOURS = ("#0b5c8a", "#a4361d", "#1e6b3a", "#6a3d9a")
# Level 0 (no level) then levels 1–8, light to dark; text on them is never needed.
LEVEL_COLOURS = (
    "#e0e0e0", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
    "#4292c6", "#2171b5", "#08519c", "#08306b",
)  # fmt: skip
HATCH = (
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#6b6b6b" stroke-width="2"/></pattern>'
)


def month_label(month: date) -> str:
    """A month in the active language, e.g. "sept. 2025"."""
    return _month_label(month, get_language() or "")


@lru_cache(maxsize=1024)
def _month_label(month: date, language: str) -> str:
    """A month label in a language (cached: dashboards print the same months many times)."""
    with override(language or None):
        return date_format(month, "N Y")


def sparkline(figures: Sequence[Figure], *, label: str) -> SafeString:
    """A small line of monthly values (gaps where withheld), labelled with every value."""
    width, height, pad = 96.0, 24.0, 2.0
    values = [item.value for item in figures]
    top = max((value for value in values if value is not None), default=0) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    segments, current = [], []
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        x = pad + index * step
        y = height - pad - (value / top) * (height - 2 * pad)
        current.append(f"{x:.1f},{y:.1f}")
    if current:
        segments.append(current)
    # Coordinates are numbers we formatted; only the label needs escaping.
    lines = "".join(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#0b5c8a" stroke-width="1.5"/>'
        for points in segments
        if len(points) > 1
    )
    dots = "".join(
        '<circle cx="{}" cy="{}" r="1.6" fill="#0b5c8a"/>'.format(*points[0].split(","))
        for points in segments
        if len(points) == 1
    )
    return mark_safe(  # noqa: S308 (numbers we formatted, and the escaped label)
        f'<svg class="dash-spark" viewBox="0 0 {int(width)} {int(height)}" width="{int(width)}" '
        f'height="{int(height)}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{lines}{dots}</svg>'
    )


def sparkline_label(
    title: str, months: Sequence[date], figures: Sequence[Figure], *, labels: Sequence[str] = ()
) -> str:
    """The text alternative of a sparkline: its title and each month's value.

    `labels` are the months' labels when the caller already has them (a page of 95
    sparklines names the same months each time).
    """
    labels = labels or [month_label(month) for month in months]
    values = ", ".join(f"{label} {item}" for label, item in zip(labels, figures, strict=True))
    return f"{title} : {values}"


@dataclass(frozen=True)
class Series:
    """One line of a trend chart."""

    name: str
    values: tuple[float | None, ...]


def line_chart(
    months: Sequence[date],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    percent: bool = False,
) -> SafeString:
    """A monthly trend chart: one line per series, y axis from 0, gaps where withheld."""
    width, height = 640.0, 240.0
    left, right, top_pad, bottom = 48.0, 12.0, 12.0, 36.0
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    shown = [value for item in series for value in item.values if value is not None]
    top = 1.0 if percent else max(max(shown, default=0), 1)
    step = plot_w / max(len(months) - 1, 1)

    def x_of(index: int) -> float:
        return left + index * step

    def y_of(value: float) -> float:
        return top_pad + plot_h - (value / top) * plot_h

    grid = []
    for tick in range(5):
        value = top * tick / 4
        text = f"{round(value * 100)} %" if percent else f"{value:.0f}"
        grid.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="dash-grid"/>'
                '<text x="{}" y="{}" text-anchor="end" class="dash-tick">{}</text>',
                left,
                width - right,
                f"{y_of(value):.1f}",
                f"{y_of(value):.1f}",
                left - 6,
                f"{y_of(value) + 4:.1f}",
                text,
            )
        )
    every = max(1, len(months) // 6)
    for index, month in enumerate(months):
        if index % every == 0:
            grid.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="dash-tick">{}</text>',
                    f"{x_of(index):.1f}",
                    height - bottom + 16,
                    month_label(month),
                )
            )
    lines = []
    for number, item in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        run: list[str] = []
        runs = []
        for index, value in enumerate(item.values):
            if value is None:
                runs.append(run)
                run = []
            else:
                run.append(f"{x_of(index):.1f},{y_of(value):.1f}")
        runs.append(run)
        dash = ' stroke-dasharray="6 3"' if number % 2 else ""
        for points in runs:
            if len(points) > 1:
                lines.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>',
                        " ".join(points),
                        colour,
                        mark_safe(dash),  # noqa: S308
                    )
                )
            for point in points:
                x, y = point.split(",")
                lines.append(
                    format_html('<circle cx="{}" cy="{}" r="2.5" fill="{}"/>', x, y, colour)
                )
    return format_html(
        '<svg class="dash-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>'
        "{}{}</svg>",
        int(width),
        int(height),
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        format_html_join("", "{}", ((item,) for item in grid)),
        format_html_join("", "{}", ((item,) for item in lines)),
    )


@dataclass(frozen=True)
class BarRow:
    """One bar of a distribution chart: a label, the figures per level 0–8, the staff."""

    label: str
    levels: tuple[Figure, ...]
    staff: Figure


def distribution_chart(
    rows: Sequence[BarRow], *, chart_id: str, title: str, description: str
) -> SafeString:
    """Horizontal bars splitting each row's staff by level; withheld parts are hatched."""
    width, bar_h, gap, label_w = 640.0, 18.0, 8.0, 64.0
    height = len(rows) * (bar_h + gap) + gap
    plot_w = width - label_w - 8
    parts = [format_html("<defs>{}</defs>", mark_safe(HATCH.format(id=f"{chart_id}-hatch")))]  # noqa: S308
    for number, row in enumerate(rows):
        y = gap + number * (bar_h + gap)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="dash-tick">{}</text>',
                label_w - 6,
                f"{y + bar_h - 5:.1f}",
                row.label,
            )
        )
        known = sum(item.value or 0 for item in row.levels)
        total = row.staff.value if not row.staff.is_hidden else None
        withheld = (total - known) if total is not None else None
        scale_total = total if total else max(known, 1)
        x = label_w
        for level, item in enumerate(row.levels):
            if item.value:
                w = plot_w * item.value / scale_total
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        f"{x:.1f}",
                        f"{y:.1f}",
                        f"{w:.1f}",
                        bar_h,
                        LEVEL_COLOURS[level],
                    )
                )
                x += w
        if withheld:
            w = plot_w * withheld / scale_total
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-hatch)"/>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{w:.1f}",
                    bar_h,
                    chart_id,
                )
            )
    return format_html(
        '<svg class="dash-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>'
        "{}</svg>",
        int(width),
        f"{height:.0f}",
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        format_html_join("", "{}", ((item,) for item in parts)),
    )
