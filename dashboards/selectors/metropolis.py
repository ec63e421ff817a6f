"""The MEL dashboard: the map of the communes, the communes table, trends, levels."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.charts import month_label, sparkline, sparkline_label
from dashboards.forms import Filters, Indicator
from dashboards.maps import LegendItem, MapValue, class_breaks, class_of, legend, map_svg
from dashboards.selectors.building import (
    Chart,
    levels_chart,
    levels_table,
    share_figure,
    trend_charts,
    trend_table,
)
from dashboards.selectors.cubes import (
    METRO,
    C,
    activity_protected,
    network,
    parent_levels,
    staff_protected,
)
from dashboards.tables import Column, Link, Table
from organizations.models import Commune


@dataclass(frozen=True)
class MetropolisDashboard:
    """Everything the MEL page shows."""

    map_svg: SafeString
    map_title: str
    map_legend: list[LegendItem]
    communes: Table
    trends: Table
    trend_activity_svg: SafeString
    trend_share_svg: SafeString
    levels: Chart

    def tables(self) -> dict[str, Table]:
        """The exportable tables, by slug."""
        return {table.slug: table for table in (self.communes, self.trends, self.levels.table)}


def metropolis_dashboard(filters: Filters) -> MetropolisDashboard:
    """Build the MEL dashboard (the caller has checked the user is in the network team)."""
    net = network()
    communes = list(Commune.objects.order_by("name"))
    for commune in communes:
        net.libraries_of.setdefault(commune.pk, ())
    staff = staff_protected(net, with_metro=True)
    activity = activity_protected(net, filters.months, with_metro=True, with_libraries=False)
    last, focus = filters.last_month, filters.focus
    communes_places = [(C, commune.pk) for commune in communes]
    focus_levels = parent_levels(
        communes_places, net, staff, competence_ids=[focus.pk], track=filters.track, months=[last]
    )
    metro_levels = parent_levels(
        [METRO],
        net,
        staff,
        competence_ids=[competence.pk for competence in filters.shown_competences],
        track=filters.track,
        months=[last],
    )
    metro_trend = parent_levels(
        [METRO], net, staff, competence_ids=[focus.pk], track=filters.track, months=filters.months
    )
    rows, map_values = [], {}
    labels = [month_label(month) for month in filters.months]
    completions_title = _("Path completions per month")
    attendances_title = _("Workshop attendance per month")
    for commune in communes:
        place = (C, commune.pk)
        share = share_figure(focus_levels, place, focus, filters.level, last)
        completions = activity.monthly("completions", place)
        attendances = activity.monthly("attendances", place)
        url = reverse("dashboards:commune", args=[commune.insee_code])
        rows.append(
            (
                Link(commune.name, url),
                staff.figure(place),
                share,
                activity.total("completions", place),
                sparkline(
                    completions,
                    label=sparkline_label(
                        completions_title, filters.months, completions, labels=labels
                    ),
                ),
                activity.total("attendances", place),
                sparkline(
                    attendances,
                    label=sparkline_label(
                        attendances_title, filters.months, attendances, labels=labels
                    ),
                ),
            )
        )
        map_values[commune.insee_code] = (place, share, url)
    rows.append(
        (
            _("Métropole Européenne de Lille"),
            staff.figure(METRO),
            share_figure(metro_trend, METRO, focus, filters.level, last),
            activity.total("completions", METRO),
            "",
            activity.total("attendances", METRO),
            "",
        )
    )
    share_title = _("Share at level %(level)s+ on %(code)s") % {
        "level": filters.level,
        "code": focus.code,
    }
    map_title = _(
        "Share of agents at level %(level)s or above on %(code)s at the end of %(month)s"
    ) % {"level": filters.level, "code": focus.code, "month": month_label(last)}
    columns = (
        Column(_("Commune"), is_numeric=False),
        Column(_("Agents")),
        Column(share_title),
        Column(_("Path completions")),
        Column(_("Completions per month"), is_numeric=False, is_exported=False),
        Column(_("Workshop attendance")),
        Column(_("Attendance per month"), is_numeric=False, is_exported=False),
    )
    period = _("from %(first)s to %(last)s") % {
        "first": month_label(filters.first_month),
        "last": month_label(last),
    }
    communes_table = Table(
        "communes",
        _("Communes, %(period)s") % {"period": period},
        columns,
        tuple(rows),
    )
    svg, title, items = _map(filters, map_values, activity, map_title)
    trends = trend_table(
        filters,
        activity,
        metro_trend,
        METRO,
        slug="tendances",
        title=_("The MEL month by month, %(period)s") % {"period": period},
    )
    activity_svg, share_svg = trend_charts(trends, filters, chart_id="dash-trend")
    levels = levels_chart(levels_table(metro_levels, METRO, filters), chart_id="dash-levels")
    return MetropolisDashboard(
        svg, title, items, communes_table, trends, activity_svg, share_svg, levels
    )


def _map(
    filters: Filters, values: dict, activity: object, share_title: str
) -> tuple[SafeString, str, list[LegendItem]]:
    """The map coloured by the chosen indicator, its title and its legend."""
    shown: dict[str, MapValue] = {}
    if filters.indicator == Indicator.SHARE:
        breaks = class_breaks([], is_share=True)
        for code, (_place, share, url) in values.items():
            if share.value is not None:
                shown[code] = MapValue(str(share), class_of(share.value, breaks), url=url)
            elif share.withheld is not None:
                shown[code] = MapValue(str(share.withheld), None, is_hidden=True, url=url)
            else:
                shown[code] = MapValue(_("no agent counted"), None, url=url)
        title = share_title
        items = legend(breaks, lambda low, high: f"{round(low * 100)} – {round(high * 100)} %")
    else:
        measure = "completions" if filters.indicator == Indicator.COMPLETIONS else "attendances"
        totals = {code: activity.total(measure, place) for code, (place, _s, _u) in values.items()}
        breaks = class_breaks(
            [item.value for item in totals.values() if not item.is_hidden], is_share=False
        )
        for code, total in totals.items():
            url = values[code][2]
            if total.is_hidden:
                shown[code] = MapValue(str(total), None, is_hidden=True, url=url)
            else:
                shown[code] = MapValue(str(total), class_of(total.value, breaks), url=url)
        title = (
            _("Path completions, %(first)s to %(last)s")
            if measure == "completions"
            else _("Workshop attendance, %(first)s to %(last)s")
        ) % {"first": month_label(filters.first_month), "last": month_label(filters.last_month)}
        items = legend(breaks, lambda low, high: f"{int(low)} – {int(high)}")
    return map_svg(shown, title_id="dash-map-title"), title, items
