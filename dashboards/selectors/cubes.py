"""Figures read from the summary tables and protected (see `privacy.py`), place by place.

Three families of figures, each a tree MEL → communes → libraries:
- staff: the people counted in each place (today's memberships);
- activity: completions and attendances per place and month;
- levels: per place, competence and month end, the people at each level (0 = no level:
  the staff minus the people with a level).

A commune and its libraries are always protected together (the libraries add up to the
commune), and nothing outside that subtree can hide one of its figures: every page that
shows a commune or one of its libraries computes the same statuses. The MEL figures are
protected against the communes, and only the MEL figure may be hidden to seal them. For
levels at MEL scale, the communes are read with their own (primary) statuses, and a MEL
figure is also hidden when none of the communes under it is small (one of them could
then be hidden for its libraries' sake and be worked out from the MEL total).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q, Subquery
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dashboards.models import MAX_LEVEL, MONTH_FIELDS, ActivityCount, LevelCount, Place, SummaryMark
from dashboards.privacy import THRESHOLD, Cell, Kind, Line, Status, primary_status, protect
from dashboards.services.levels import YEAR_MARK
from organizations.models import Library, Membership

L, C, M = Place.LIBRARY.value, Place.COMMUNE.value, Place.METROPOLIS.value
PlaceKey = tuple[str, int]
METRO: PlaceKey = (M, 0)
LEVELS = tuple(range(MAX_LEVEL + 1))  # 0 = no level


@dataclass(frozen=True)
class Figure:
    """A figure as shown: its value when shown, else how it is withheld."""

    value: int | None
    status: Status = Status.SHOWN

    @property
    def is_hidden(self) -> bool:
        """Whether the value is withheld."""
        return self.status is not Status.SHOWN

    def __str__(self) -> str:
        if self.status is Status.SMALL:
            return _("< 5")
        if self.status is Status.SECRET:
            return _("s")
        return number_format(self.value or 0, force_grouping=True)


def figure(cell: Cell) -> Figure:
    """The shown form of a protected cell."""
    return Figure(None if cell.is_hidden else cell.value, cell.status)


@dataclass(frozen=True)
class Network:
    """The libraries of each commune (the shape of the trees)."""

    libraries_of: dict[int, tuple[int, ...]]

    def subtree(self, commune_id: int) -> list[PlaceKey]:
        """A commune and its libraries."""
        return [(C, commune_id), *((L, library) for library in self.libraries_of.get(commune_id, ()))]


def network(commune_ids: Iterable[int] | None = None) -> Network:
    """The libraries of some communes (all when None)."""
    rows = Library.objects.all()
    if commune_ids is not None:
        rows = rows.filter(commune_id__in=list(commune_ids))
    grouped: dict[int, list[int]] = defaultdict(list)
    for library_id, commune_id in rows.order_by("commune_id", "pk").values_list("pk", "commune_id"):
        grouped[commune_id].append(library_id)
    if commune_ids is not None:
        for commune_id in commune_ids:
            grouped.setdefault(commune_id, [])
    return Network({commune: tuple(libraries) for commune, libraries in grouped.items()})


def _tree_lines(net: Network, key: callable, *, with_metro: bool) -> list[Line]:
    """The lines of one family: libraries → commune, and communes → MEL when asked."""
    lines = [
        Line(tuple(key((L, library)) for library in libraries), key((C, commune)))
        for commune, libraries in net.libraries_of.items()
        if libraries
    ]
    if with_metro:
        lines.append(
            Line(
                tuple(key((C, commune)) for commune in net.libraries_of),
                key(METRO),
                may_hide_members=False,
            )
        )
    return lines


# --- Staff -----------------------------------------------------------------------------


def staff_counts() -> dict[int, int]:
    """People counted in each library (their first library), from today's memberships."""
    library_roles = Membership.objects.filter(
        role__in=Membership.LIBRARY_ROLES, library__isnull=False
    )
    first = library_roles.values("user_id").annotate(first=Min("pk")).values("first")
    rows = (
        Membership.objects.filter(pk__in=Subquery(first))
        .values_list("library_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return dict(rows)


@dataclass(frozen=True)
class Staff:
    """Staff per place: raw counts (for computing) and protected cells (for showing)."""

    raw: dict[PlaceKey, int]
    cells: dict[PlaceKey, Cell]

    def figure(self, place: PlaceKey) -> Figure:
        """The shown staff of a place."""
        return figure(self.cells[place])


def staff_protected(net: Network, *, with_metro: bool) -> Staff:
    """Staff of every place of the network given, protected as a tree."""
    by_library = staff_counts()
    raw: dict[PlaceKey, int] = {}
    for commune, libraries in net.libraries_of.items():
        for library in libraries:
            raw[(L, library)] = by_library.get(library, 0)
        raw[(C, commune)] = sum(raw[(L, library)] for library in libraries)
    if with_metro:
        raw[METRO] = sum(by_library.values())
    cells = {place: Cell(value, value) for place, value in raw.items()}
    protect(cells, _tree_lines(net, lambda place: place, with_metro=with_metro))
    return Staff(raw, cells)


# --- Activity --------------------------------------------------------------------------

MEASURES = (("completions", "completers"), ("attendances", "attendees"))


@dataclass(frozen=True)
class Activity:
    """Completions and attendances per place and month, protected, with period totals."""

    cells: dict[tuple[str, str, int, date], Cell]
    months: tuple[date, ...]

    def monthly(self, measure: str, place: PlaceKey) -> list[Figure]:
        """One figure per month of the period."""
        return [figure(self.cells[(measure, *place, month)]) for month in self.months]

    def total(self, measure: str, place: PlaceKey) -> Figure:
        """The period total: shown only when every month is (so no month can be worked out)."""
        cells = [self.cells[(measure, *place, month)] for month in self.months]
        if any(cell.is_hidden for cell in cells):
            people = sum(cell.people for cell in cells)
            return Figure(None, Status.SMALL if people < THRESHOLD else Status.SECRET)
        return Figure(sum(cell.value for cell in cells))


def activity_protected(net: Network, months: Sequence[date], *, with_metro: bool) -> Activity:
    """Monthly completions and attendances of the network given, protected month by month."""
    places = [place for commune in net.libraries_of for place in net.subtree(commune)]
    if with_metro:
        places.append(METRO)
    wanted = Q(pk__in=[])
    for kind in (L, C):
        ids = [place_id for place, place_id in places if place == kind]
        if ids:
            wanted |= Q(place=kind, place_id__in=ids)
    if with_metro:
        wanted |= Q(place=M, place_id=0)
    found = {
        (row[0], row[1], row[2]): row[3:]
        for row in ActivityCount.objects.filter(wanted, month_on__in=list(months)).values_list(
            "place", "place_id", "month_on", "completions", "completers", "attendances", "attendees"
        )
    }
    cells: dict[tuple[str, str, int, date], Cell] = {}
    for place in places:
        for month in months:
            values = found.get((*place, month), (0, 0, 0, 0))
            for index, (measure, _people) in enumerate(MEASURES):
                cells[(measure, *place, month)] = Cell(
                    values[2 * index], values[2 * index + 1], Kind.EVENTS
                )
    lines = [
        line
        for measure, _people in MEASURES
        for month in months
        for line in _tree_lines(
            net, lambda place, m=measure, mo=month: (m, *place, mo), with_metro=with_metro
        )
    ]
    protect(cells, lines)
    return Activity(cells, tuple(months))


# --- Levels ----------------------------------------------------------------------------

LevelKey = tuple[str, int, int, int, date]  # place, place id, competence, level, month


def _levels_year() -> int | None:
    """The last year `LevelCount` rows run to."""
    return SummaryMark.objects.filter(key=YEAR_MARK).values_list("value", flat=True).first()


def level_values(
    places: Sequence[PlaceKey], competence_ids: Sequence[int], track: str, months: Sequence[date]
) -> dict[LevelKey, int]:
    """People at each level 1–8 at the end of each month, read from `LevelCount`."""
    last_year = _levels_year()
    if last_year is None or not places or not competence_ids:
        return {}
    # A month after the last filled year reads December of that year (nothing changed since).
    read_at = {month: (month.year, month.month) if month.year <= last_year else (last_year, 12)
               for month in months}
    wanted = Q(pk__in=[])
    for kind in (L, C, M):
        ids = [place_id for place, place_id in places if place == kind]
        if ids:
            wanted |= Q(place=kind, place_id__in=ids)
    columns = sorted({MONTH_FIELDS[number - 1] for _year, number in read_at.values()})
    rows = LevelCount.objects.filter(
        wanted,
        track=track,
        year__in=sorted({year for year, _number in read_at.values()}),
        competence_id__in=list(competence_ids),
    ).values_list("place", "place_id", "competence_id", "level", "year", *columns)
    by_row: dict[tuple, dict[str, int]] = {}
    for place, place_id, competence_id, level, year, *values in rows:
        by_row[(place, place_id, competence_id, level, year)] = dict(zip(columns, values, strict=True))
    result: dict[LevelKey, int] = {}
    for (place, place_id, competence_id, level, year), values in by_row.items():
        for month, (read_year, number) in read_at.items():
            if read_year == year:
                value = values[MONTH_FIELDS[number - 1]]
                if value:
                    result[(place, place_id, competence_id, level, month)] = value
    return result


@dataclass(frozen=True)
class Levels:
    """Protected level distributions: cells per place, competence, level (0–8) and month."""

    cells: dict[LevelKey, Cell]
    staff: Staff

    def figure(self, place: PlaceKey, competence_id: int, level: int, month: date) -> Figure:
        """The people at one level (0 = no level) of a place at the end of a month."""
        cell = self.cells.get((*place, competence_id, level, month))
        return figure(cell) if cell is not None else Figure(0)

    def positioned(self, place: PlaceKey, competence_id: int, month: date) -> Figure:
        """The people with a level (1 or more)."""
        return self.at_or_above(place, competence_id, 1, month)

    def at_or_above(self, place: PlaceKey, competence_id: int, level: int, month: date) -> Figure:
        """People at `level` or above, shown only when the shown cells give it exactly."""
        cells = [
            self.cells.get((*place, competence_id, number, month), Cell(0, 0))
            for number in LEVELS
        ]
        staff = self.staff.cells.get(place, Cell(0, 0))
        upper, lower = cells[level:], cells[:level]
        count = sum(cell.value for cell in upper)
        derivable = not any(cell.is_hidden for cell in upper) or (
            not staff.is_hidden and not any(cell.is_hidden for cell in lower)
        )
        rest = staff.value - count
        if derivable and primary_status(count) is Status.SHOWN and primary_status(rest) is Status.SHOWN:
            return Figure(count)
        return Figure(None, primary_status(count) if 0 < count < THRESHOLD else Status.SECRET)

    def share(self, place: PlaceKey, competence_id: int, level: int, month: date) -> float | None:
        """The share of the staff at `level` or above (None when withheld or no staff)."""
        count = self.at_or_above(place, competence_id, level, month)
        staff = self.staff.figure(place)
        if count.is_hidden or staff.is_hidden or not staff.value:
            return None
        return count.value / staff.value


def _level_cells(
    places: Sequence[PlaceKey],
    values: dict[LevelKey, int],
    staff: Staff,
    competence_ids: Sequence[int],
    months: Sequence[date],
) -> dict[Hashable, Cell]:
    """Cells for levels 0–8 of some places (level 0 = the staff without a level)."""
    cells: dict[Hashable, Cell] = {}
    for place in places:
        for competence_id in competence_ids:
            for month in months:
                positioned = 0
                for level in LEVELS[1:]:
                    value = values.get((*place, competence_id, level, month), 0)
                    positioned += value
                    cells[(*place, competence_id, level, month)] = Cell(value, value)
                unpositioned = max(staff.raw.get(place, 0) - positioned, 0)
                cells[(*place, competence_id, 0, month)] = Cell(unpositioned, unpositioned)
    return cells


def _levels_lines(
    places: Sequence[PlaceKey], competence_ids: Sequence[int], months: Sequence[date]
) -> list[Line]:
    """Each place's levels add up to its staff (which these lines never hide)."""
    return [
        Line(
            tuple((*place, competence_id, level, month) for level in LEVELS),
            ("staff", *place),
            may_hide_total=False,
        )
        for place in places
        for competence_id in competence_ids
        for month in months
    ]


def levels_protected(
    net: Network,
    staff: Staff,
    *,
    competence_ids: Sequence[int],
    track: str,
    months: Sequence[date],
) -> Levels:
    """Level distributions of the communes given and their libraries, protected together."""
    places = [place for commune in net.libraries_of for place in net.subtree(commune)]
    values = level_values(places, competence_ids, track, months)
    cells = _level_cells(places, values, staff, competence_ids, months)
    for place in places:
        cells[("staff", *place)] = staff.cells[place]
    lines = _levels_lines(places, competence_ids, months)
    for competence_id in competence_ids:
        for level in LEVELS:
            for month in months:
                lines += _tree_lines(
                    net,
                    lambda place, c=competence_id, lv=level, mo=month: (*place, c, lv, mo),
                    with_metro=False,
                )
    protect(cells, lines)
    return Levels({key: cell for key, cell in cells.items() if key[0] != "staff"}, staff)


def metro_levels_protected(
    net: Network,
    staff: Staff,
    *,
    competence_ids: Sequence[int],
    track: str,
    months: Sequence[date],
) -> Levels:
    """MEL level distributions, protected against the communes (read with primary statuses)."""
    communes = [(C, commune) for commune in net.libraries_of]
    places = [*communes, METRO]
    values = level_values(places, competence_ids, track, months)
    cells = _level_cells(places, values, staff, competence_ids, months)
    for key, cell in cells.items():
        cell.status = primary_status(cell.people)
    lines: list[Line] = []
    for competence_id in competence_ids:
        for level in LEVELS:
            for month in months:
                members = tuple((*commune, competence_id, level, month) for commune in communes)
                total = (*METRO, competence_id, level, month)
                lines.append(Line(members, total, may_hide_members=False))
                if not any(cells[key].is_hidden for key in members) and cells[total].value:
                    cells[total].status = Status.SECRET
    cells[("staff", *METRO)] = staff.cells[METRO]
    lines += _levels_lines([METRO], competence_ids, months)
    protect(cells, lines)
    return Levels(
        {key: cell for key, cell in cells.items() if key[:2] == METRO},
        staff,
    )
