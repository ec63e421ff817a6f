"""The commune and library dashboards: libraries, levels, progress, public workshops.

Both compute a library's figures the same way (from the library, or from its commune's
libraries for the staff), so that a figure is withheld on a library's page exactly when
it is on its commune's; a commune's figures are checked against its libraries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.charts import month_label
from dashboards.forms import Filters
from dashboards.months import add_months
from dashboards.privacy import Cell, Line, protect
from dashboards.selectors.building import (
    Chart,
    levels_chart,
    levels_table,
    share_figure,
    trend_charts,
    trend_table,
)
from dashboards.selectors.cubes import (
    Activity,
    C,
    L,
    Levels,
    PlaceKey,
    Staff,
    activity_protected,
    figure,
    library_levels,
    merged,
    network,
    parent_levels,
    staff_protected,
)
from dashboards.tables import Column, Link, Table
from organizations.models import Commune, Library
from workshops.models import Session, Workshop


@dataclass(frozen=True)
class PlaceDashboard:
    """Everything a commune or library page shows (named people apart)."""

    title: str
    place: PlaceKey
    libraries: Table | None
    levels: Chart
    progress: Table
    progress_activity_svg: SafeString
    progress_share_svg: SafeString
    public: Table

    def tables(self) -> dict[str, Table]:
        """The exportable tables, by slug."""
        tables = [self.levels.table, self.progress, self.public]
        if self.libraries is not None:
            tables.insert(0, self.libraries)
        return {table.slug: table for table in tables}


@dataclass(frozen=True)
class _Commune:
    """The protected figures of one commune and its libraries."""

    commune_id: int
    libraries: list[Library]
    staff: Staff
    activity: Activity
    levels: Levels
    progress: Levels


def _commune_figures(commune: Commune, filters: Filters, library: Library | None) -> _Commune:
    """Staff, activity and levels of a commune (or of one of its libraries), protected."""
    net = network([commune.pk])
    staff = staff_protected(net, with_metro=False)
    activity = activity_protected(net, filters.months, with_metro=False)
    focus = [filters.focus.pk]
    competence_ids = sorted(
        {competence.pk for competence in filters.shown_competences} | set(focus)
    )
    options = {"track": filters.track}
    last = [filters.last_month]
    if library is None:
        place = [(C, commune.pk)]
        libraries_now = library_levels(
            net, staff, competence_ids=competence_ids, months=last, **options
        )
        levels = merged(
            parent_levels(
                place,
                net,
                staff,
                competence_ids=competence_ids,
                months=last,
                children=libraries_now,
                **options,
            ),
            libraries_now,
        )
        libraries_then = library_levels(
            net, staff, competence_ids=focus, months=filters.months, **options
        )
        progress = parent_levels(
            place,
            net,
            staff,
            competence_ids=focus,
            months=filters.months,
            children=libraries_then,
            **options,
        )
    else:
        only = {"library_ids": [library.pk], **options}
        levels = library_levels(net, staff, competence_ids=competence_ids, months=last, **only)
        progress = library_levels(net, staff, competence_ids=focus, months=filters.months, **only)
    libraries = list(Library.objects.filter(commune=commune).order_by("name"))
    return _Commune(commune.pk, libraries, staff, activity, levels, progress)


def _period(filters: Filters) -> str:
    """The period as text."""
    return _("from %(first)s to %(last)s") % {
        "first": month_label(filters.first_month),
        "last": month_label(filters.last_month),
    }


@dataclass(frozen=True)
class PublicCounts:
    """Public mediation sessions held, and their participants, per library id."""

    sessions: dict[int, int]
    participants: dict[int, int]


def public_counts(library_ids: Sequence[int], since: date, until: date) -> PublicCounts:
    """Public sessions and participants per library, in one query.

    The same sessions and totals as `workshops.selectors.public_workshop_counts` (public
    audience, planned or held, counts recorded, started within the dates), of which a
    dashboard needs only these two, grouped by library (a test checks they agree).
    """
    rows = (
        Session.objects.filter(
            workshop__audience=Workshop.Audience.PUBLIC,
            status__in=["planned", "completed"],
            library_id__in=list(library_ids),
            starts_at__date__gte=since,
            starts_at__date__lte=until,
        )
        .exclude(public_counts_recorded_at=None)
        .values_list("library_id")
        .annotate(sessions=Count("pk", distinct=True), participants=Sum("public_counts__count"))
        .order_by()
    )
    sessions: dict[int, int] = {}
    participants: dict[int, int] = {}
    for library_id, session_count, people in rows:
        sessions[library_id] = session_count
        participants[library_id] = people or 0
    return PublicCounts(sessions, participants)


def _public_table(figures: _Commune, filters: Filters, only: Library | None) -> Table:
    """Public mediation sessions and their participants per library, and for the commune.

    The commune line needs every library's participants, whatever page shows them.
    """
    counts = public_counts(
        [library.pk for library in figures.libraries],
        filters.first_month,
        _month_end(filters.last_month),
    )
    commune_key = (C, figures.commune_id)
    cells = {
        (L, library.pk): counts.participants.get(library.pk, 0) for library in figures.libraries
    }
    protected = {key: Cell(value, value) for key, value in cells.items()}
    protected[commune_key] = Cell(sum(cells.values()), sum(cells.values()))
    members = tuple(cell for key, cell in protected.items() if key != commune_key)
    protect(protected.values(), [Line(members, protected[commune_key])])
    sessions = sum(
        count
        for library_id, count in counts.sessions.items()
        if only is None or library_id == only.pk
    )
    columns = (
        Column(_("Library"), is_numeric=False),
        Column(_("Participants")),
    )
    rows = [
        (library.name, figure(protected[(L, library.pk)]))
        for library in figures.libraries
        if only is None or library.pk == only.pk
    ]
    if only is None:
        rows.append((_("Whole commune"), figure(protected[commune_key])))
    note = _(
        "%(sessions)s public sessions held in the period. Counts of patrons entered by the "
        "trainers after each session (no names are recorded)."
    ) % {"sessions": sessions}
    return Table(
        "ateliers-publics",
        _("Public mediation workshops, %(period)s") % {"period": _period(filters)},
        columns,
        tuple(rows),
        note=note,
    )


def _month_end(month: date) -> date:
    """The last day of a month."""
    return add_months(month, 1) - timedelta(days=1)


def _libraries_table(figures: _Commune, commune: Commune, filters: Filters) -> Table:
    """The commune's libraries: agents, share at the level, completions, attendance."""
    focus, last = filters.focus, filters.last_month
    rows = []
    for library in figures.libraries:
        place = (L, library.pk)
        rows.append(
            (
                Link(library.name, reverse("dashboards:library", args=[library.pk])),
                figures.staff.figure(place),
                share_figure(figures.levels, place, focus, filters.level, last),
                figures.activity.total("completions", place),
                figures.activity.total("attendances", place),
            )
        )
    place = (C, commune.pk)
    rows.append(
        (
            _("Whole commune"),
            figures.staff.figure(place),
            share_figure(figures.levels, place, focus, filters.level, last),
            figures.activity.total("completions", place),
            figures.activity.total("attendances", place),
        )
    )
    columns = (
        Column(_("Library"), is_numeric=False),
        Column(_("Agents")),
        Column(
            _("Share at level %(level)s+ on %(code)s")
            % {"level": filters.level, "code": focus.code}
        ),
        Column(_("Path completions")),
        Column(_("Workshop attendance")),
    )
    return Table(
        "bibliotheques",
        _("Libraries, %(period)s") % {"period": _period(filters)},
        columns,
        tuple(rows),
    )


def _dashboard(
    figures: _Commune,
    place: PlaceKey,
    title: str,
    filters: Filters,
    libraries: Table | None,
    only: Library | None,
) -> PlaceDashboard:
    """Assemble a commune or library page from the commune's protected figures."""
    levels = levels_chart(levels_table(figures.levels, place, filters), chart_id="dash-levels")
    progress = trend_table(
        filters,
        figures.activity,
        figures.progress,
        place,
        slug="progression",
        title=_("Month by month, %(period)s") % {"period": _period(filters)},
    )
    activity_svg, share_svg = trend_charts(progress, filters, chart_id="dash-progress")
    return PlaceDashboard(
        title,
        place,
        libraries,
        levels,
        progress,
        activity_svg,
        share_svg,
        _public_table(figures, filters, only),
    )


def commune_dashboard(commune: Commune, filters: Filters) -> PlaceDashboard:
    """Build a commune's dashboard (the caller has checked the user may see it)."""
    figures = _commune_figures(commune, filters, None)
    return _dashboard(
        figures,
        (C, commune.pk),
        commune.name,
        filters,
        _libraries_table(figures, commune, filters),
        None,
    )


def library_dashboard(library: Library, filters: Filters) -> PlaceDashboard:
    """Build a library's dashboard (the caller has checked the user may see it)."""
    figures = _commune_figures(library.commune, filters, library)
    return _dashboard(figures, (L, library.pk), library.name, filters, None, library)
