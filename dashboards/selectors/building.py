"""Tables and charts every dashboard shares: level distributions, monthly trends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.charts import BarRow, Series, distribution_chart, line_chart, month_label
from dashboards.forms import Filters
from dashboards.models import Track
from dashboards.privacy import Status
from dashboards.selectors.cubes import Activity, Figure, Levels, PlaceKey, Staff
from dashboards.tables import Column, Share, Table
from skills.models import Competence
from skills.selectors import framework_max_levels


@dataclass(frozen=True)
class Chart:
    """A chart and the table it draws (shown side by side)."""

    svg: SafeString
    table: Table


def top_level(filters: Filters) -> int:
    """The highest level of the framework (8 for DigComp and the CRCN)."""
    return framework_max_levels([filters.framework.pk]).get(filters.framework.pk, 8)


def competence_label(competence: Competence) -> str:
    """A competence as a row label."""
    return f"{competence.code} {competence.display_title}"


def track_label(track: str) -> str:
    """The provenance filter as text."""
    return str(Track(track).label)


def levels_table(
    levels: Levels, place: PlaceKey, filters: Filters, *, slug: str = "niveaux"
) -> Table:
    """Per competence, the people at each level at the end of the period, and the staff."""
    last = filters.last_month
    top = top_level(filters)
    columns = [
        Column(_("Competence"), is_numeric=False),
        Column(_("No level")),
        *(Column(_("Level %(number)s") % {"number": number}) for number in range(1, top + 1)),
        Column(_("Agents")),
    ]
    rows, groups, area = [], {}, None
    for competence in filters.shown_competences:
        if competence.area_code != area:
            area = competence.area_code
            groups[len(rows)] = f"{competence.area_code}. {competence.display_area_title}"
        rows.append(
            (
                competence_label(competence),
                *(levels.figure(place, competence.pk, number, last) for number in range(top + 1)),
                levels.staff.figure(place),
            )
        )
    title = _("Levels per competence at the end of %(month)s (%(track)s)") % {
        "month": month_label(last),
        "track": track_label(filters.track),
    }
    return Table(slug, title, tuple(columns), tuple(rows), group_rows=groups)


def levels_chart(table: Table, *, chart_id: str) -> Chart:
    """The distribution bars of a levels table."""
    rows = [BarRow(row[0].split(" ", 1)[0], tuple(row[1:-1]), row[-1]) for row in table.rows]
    description = _(
        "Each bar splits the agents by level, from no level (light grey) to the highest level "
        "(darkest blue); hatched parts are withheld. The figures are in the table that follows."
    )
    return Chart(
        distribution_chart(rows, chart_id=chart_id, title=table.title, description=description),
        table,
    )


def share_figure(
    levels: Levels, place: PlaceKey, competence: Competence, level: int, month: date
) -> Share:
    """The share of agents at or above a level, or why it is withheld."""
    value = levels.share(place, competence.pk, level, month)
    if value is not None:
        return Share(value)
    count = levels.at_or_above(place, competence.pk, level, month)
    staff = levels.staff.figure(place)
    if count.is_hidden:
        return Share(None, count)
    if staff.is_hidden:
        return Share(None, staff)
    return Share(None)


def trend_table(
    filters: Filters,
    activity: Activity,
    levels: Levels,
    place: PlaceKey,
    *,
    slug: str,
    title: str,
) -> Table:
    """Per month: completions, attendance, and the share at or above the level on the focus."""
    completions = activity.monthly("completions", place)
    attendances = activity.monthly("attendances", place)
    focus = filters.focus
    columns = (
        Column(_("Month"), is_numeric=False),
        Column(_("Path completions")),
        Column(_("Workshop attendance")),
        Column(
            _("Agents at level %(level)s or above on %(code)s")
            % {"level": filters.level, "code": focus.code}
        ),
        Column(_("Share of agents at level %(level)s or above") % {"level": filters.level}),
    )
    rows = tuple(
        (
            month_label(month),
            completions[index],
            attendances[index],
            levels.at_or_above(place, focus.pk, filters.level, month),
            share_figure(levels, place, focus, filters.level, month),
        )
        for index, month in enumerate(filters.months)
    )
    return Table(slug, title, columns, rows)


def trend_charts(table: Table, filters: Filters, *, chart_id: str) -> tuple[SafeString, SafeString]:
    """Two charts of a trend table: activity counts, and the share at or above the level."""
    completions = tuple(row[1].value for row in table.rows)
    attendances = tuple(row[2].value for row in table.rows)
    shares = tuple(row[4].value for row in table.rows)
    activity = line_chart(
        filters.months,
        [Series(_("Path completions"), completions), Series(_("Workshop attendance"), attendances)],
        chart_id=f"{chart_id}-a",
        title=_("Path completions and workshop attendance per month"),
        description=_(
            "Solid line: path completions; dashed line: workshop attendance. Gaps are withheld "
            "months. The figures are in the table that follows."
        ),
    )
    share = line_chart(
        filters.months,
        [Series(_("Share"), shares)],
        chart_id=f"{chart_id}-s",
        title=_("Share of agents at level %(level)s or above on %(code)s, per month")
        % {"level": filters.level, "code": filters.focus.code},
        description=_("The figures are in the table that follows; gaps are withheld months."),
        percent=True,
    )
    return activity, share


def legend_items() -> list[tuple[str, str]]:
    """The markers of withheld figures, explained."""
    return [
        (_("< 5"), _("fewer than 5 people: withheld")),
        (_("s"), _("withheld so that a small figure cannot be worked out by difference")),
        (_("≥ 12"), _("at least: the total of the months shown, some months being withheld")),
    ]


def hidden_count(figures: Sequence[Figure]) -> int:
    """How many figures are withheld."""
    return sum(item.status is not Status.SHOWN for item in figures)


def staff_of(staff: Staff, place: PlaceKey) -> Figure:
    """The shown staff of a place."""
    return staff.figure(place)
