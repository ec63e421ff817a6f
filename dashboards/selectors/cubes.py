"""Figures read from the summary tables and protected (see `privacy.py`), place by place.

Three families of figures, each a tree MEL → communes → libraries:
- staff: the people counted in each place (today's memberships);
- activity: completions and attendances per place and month;
- levels: per place, competence and month end, the people at each level (0 = no level:
  the staff minus the people with a level).

Staff and activity: a commune and its libraries are protected together (the libraries add
up to the commune), and nothing outside that subtree hides one of their figures: every
page that shows a commune or one of its libraries computes the same statuses. The MEL
figures are protected against the communes, and only the MEL figure is ever hidden to
seal that line.

Levels go further, because a page may show 21 competences for hundreds of places: each
library's distribution is protected on its own (its levels add up to its staff), and a
commune's (or the MEL's) against its children from aggregates the database computes (see
`parent_levels`): only the parent figure is ever hidden to seal a children line, so a
library's figures never depend on its siblings, nor a commune's on the rest of the MEL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet, Subquery
from django.utils.formats import number_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from dashboards.models import MAX_LEVEL, MONTH_FIELDS, ActivityCount, LevelCount, Place, SummaryMark
from dashboards.privacy import THRESHOLD, Cell, Kind, Line, Status, line_leaks, protect
from dashboards.services.levels import YEAR_MARK
from dashboards.steps import POSITIONED
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
    is_lower_bound: bool = False  # "at least": the sum of the shown parts only

    @property
    def is_hidden(self) -> bool:
        """Whether the value is withheld."""
        return self.status is not Status.SHOWN

    def __str__(self) -> str:
        if self.status is not Status.SHOWN:
            return _marker(self.status, get_language() or "")
        if self.is_lower_bound:
            return f"≥ {number_format(self.value or 0, force_grouping=True)}"
        value = self.value or 0
        return str(value) if -1000 < value < 1000 else number_format(value, force_grouping=True)


ZERO = Figure(0)


@lru_cache(maxsize=16)
def _marker(status: Status, language: str) -> str:
    """The text of a withheld figure in a language ("< 5" or "s")."""
    with override(language or None):
        return _("< 5") if status is Status.SMALL else _("s")


def figure(cell: Cell) -> Figure:
    """The shown form of a protected cell."""
    return Figure(None if cell.status is not Status.SHOWN else cell.value, cell.status)


@dataclass(frozen=True)
class Network:
    """The libraries of each commune (the shape of the trees), read once per page.

    `levels_year` is the last year `LevelCount` rows run to (None before any count): a
    page reads it once with the network rather than once per level query.
    """

    libraries_of: dict[int, tuple[int, ...]]
    levels_year: int | None = None

    def subtree(self, commune_id: int) -> list[PlaceKey]:
        """A commune and its libraries."""
        return [
            (C, commune_id),
            *((L, library) for library in self.libraries_of.get(commune_id, ())),
        ]

    def places(self) -> list[PlaceKey]:
        """Every commune given and its libraries."""
        return [place for commune in self.libraries_of for place in self.subtree(commune)]

    def is_empty(self, place: PlaceKey) -> bool:
        """Whether a place is a commune without libraries (its figures are zero by construction)."""
        return place[0] == C and not self.libraries_of.get(place[1])


def network(commune_ids: Iterable[int] | None = None) -> Network:
    """The libraries of some communes (all when None)."""
    rows = Library.objects.all()
    if commune_ids is not None:
        commune_ids = list(commune_ids)
        rows = rows.filter(commune_id__in=commune_ids)
    grouped: dict[int, list[int]] = defaultdict(list)
    for library_id, commune_id in rows.order_by("commune_id", "pk").values_list("pk", "commune_id"):
        grouped[commune_id].append(library_id)
    for commune_id in commune_ids or ():
        grouped.setdefault(commune_id, [])
    return Network(
        {commune: tuple(libraries) for commune, libraries in grouped.items()}, _levels_year()
    )


def _tree_lines(
    net: Network,
    cell_of: Callable[[PlaceKey], Cell],
    *,
    with_metro: bool,
    leaves_only_here: bool = False,
) -> list[Line]:
    """The lines of one family: libraries → commune, and communes → MEL when asked.

    With `leaves_only_here` (the library cells belong to no other line), a commune with a
    single library needs no line: the two cells are equal and share their status.
    """
    lines = [
        Line(tuple(cell_of((L, library)) for library in libraries), cell_of((C, commune)))
        for commune, libraries in net.libraries_of.items()
        if len(libraries) > (1 if leaves_only_here else 0)
    ]
    if with_metro:
        lines.append(
            Line(
                tuple(cell_of((C, commune)) for commune in net.libraries_of),
                cell_of(METRO),
                may_hide_members=False,
            )
        )
    return lines


def _place_filter(places: Iterable[PlaceKey]) -> Q:
    """A filter on the `place`/`place_id` columns of a summary table."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for place, place_id in places:
        grouped[place].append(place_id)
    condition = Q(pk__in=[])
    for place, ids in grouped.items():
        condition |= Q(place=place, place_id__in=ids)
    return condition


# --- Staff -----------------------------------------------------------------------------


def staff_counts() -> dict[int, int]:
    """People counted in each library (their first library), from today's memberships."""
    library_roles = Membership.objects.filter(
        role__in=Membership.LIBRARY_ROLES, library__isnull=False
    )
    if connection.vendor == "postgresql":
        # DISTINCT ON reads each person's first membership in one pass (2–3× faster than
        # the portable MIN subquery below on 10,000 people), and the database counts them
        # per library (one row per library back, not one per person).
        first_libraries = (
            library_roles.order_by("user_id", "pk").distinct("user_id").values("library_id")
        )
        sql, params = first_libraries.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT library_id, COUNT(*) FROM ({sql}) AS first GROUP BY library_id",  # noqa: S608 (SQL of a queryset, with its parameters)
                params,
            )
            return dict(cursor.fetchall())
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
    cells = {
        place: Cell(value, value, is_structural=net.is_empty(place)) for place, value in raw.items()
    }
    protect(
        cells.values(),
        _tree_lines(net, cells.__getitem__, with_metro=with_metro, leaves_only_here=True),
    )
    return Staff(raw, cells)


# --- Activity --------------------------------------------------------------------------

# Each measure and where its (events, people) start in a row of `ActivityCount` values.
MEASURE_INDEXES = (("completions", 0), ("attendances", 2))


@dataclass(frozen=True)
class Activity:
    """Completions and attendances per place and month, protected, with period totals."""

    cells: dict[tuple[str, str, int, date], Cell]
    months: tuple[date, ...]

    def monthly(self, measure: str, place: PlaceKey) -> list[Figure]:
        """One figure per month of the period."""
        return [figure(self.cells[(measure, *place, month)]) for month in self.months]

    def total(self, measure: str, place: PlaceKey) -> Figure:
        """The period total: exact only when every withheld month is in fact empty.

        Otherwise it is "at least" the sum of the shown months (what the months shown
        already give), so two periods never give a withheld month by difference.
        """
        cells = [self.cells[(measure, *place, month)] for month in self.months]
        people = sum(cell.people for cell in cells)
        if any(cell.is_hidden and cell.people for cell in cells):
            shown = sum(cell.value for cell in cells if not cell.is_hidden)
            if shown:
                return Figure(shown, is_lower_bound=True)
            return Figure(None, Status.SMALL if people < THRESHOLD else Status.SECRET)
        if people == 0 and not all(cell.is_structural for cell in cells):
            return Figure(None, Status.SMALL)
        return Figure(sum(cell.value for cell in cells))


def _commune_leaks(libraries: Sequence[tuple[int, ...]], index: int) -> bool:
    """Whether a commune's month would give its small libraries away (their line, analytically).

    Each item is a library's month of `ActivityCount` values; a measure's (events, people)
    are at `index` and `index + 1`. The libraries below 5 people are "< 5" (any number of
    events, zero included); the commune total minus the others gives their sum, which must
    not hold 1 to 4 people, nor belong to a single library."""
    people = events = small = 0
    for item in libraries:
        covered = item[index + 1]
        if covered < THRESHOLD:
            people += covered
            events += item[index]
            small += 1
    return 0 < people < THRESHOLD or (small == 1 and events > 0)


def activity_protected(
    net: Network, months: Sequence[date], *, with_metro: bool, with_libraries: bool = True
) -> Activity:
    """Monthly completions and attendances of the network given, protected month by month.

    A library's month is withheld when it covers fewer than 5 people; a commune's also when
    its small libraries could be worked out from it (see `_commune_leaks`): only the
    commune is ever hidden for its libraries' sake, so a library's figures never depend on
    its siblings. The MEL's month is checked against the communes as they are shown.
    """
    rows = ActivityCount.objects.filter(month_on__in=list(months))
    if not with_metro:
        rows = rows.filter(_place_filter(net.places()))
    # else the MEL's page, whose network holds every place: no filter of hundreds of ids
    # (rows of other places, if any, are never looked up).
    found = {
        (row[0], row[1], row[2]): row[3:]
        for row in rows.values_list(
            "place", "place_id", "month_on", "completions", "completers", "attendances", "attendees"
        )
    }
    nothing = (0, 0, 0, 0)
    cells: dict[tuple[str, str, int, date], Cell] = {}
    lines: list[Line] = []
    events_kind = Kind.EVENTS
    for commune, libraries in net.libraries_of.items():
        empty = not libraries
        for month in months:
            values = found.get((C, commune, month), nothing)
            library_values = [found.get((L, library, month), nothing) for library in libraries]
            for measure, index in MEASURE_INDEXES:
                cell = Cell(values[index], values[index + 1], events_kind, is_structural=empty)
                if not empty and cell.people >= THRESHOLD and _commune_leaks(library_values, index):
                    cell.status = Status.SECRET
                cells[(measure, C, commune, month)] = cell
                if with_libraries:
                    for library, item in zip(libraries, library_values, strict=True):
                        cells[(measure, L, library, month)] = Cell(
                            item[index], item[index + 1], events_kind
                        )
    if with_metro:
        for month in months:
            values = found.get((*METRO, month), nothing)
            for measure, index in MEASURE_INDEXES:
                total = Cell(values[index], values[index + 1], Kind.EVENTS)
                cells[(measure, *METRO, month)] = total
                members = tuple(
                    cells[(measure, C, commune, month)]
                    for commune, libraries in net.libraries_of.items()
                    if libraries
                )
                lines.append(Line(members, total, may_hide_members=False))
    protect(cells.values(), lines)
    return Activity(cells, tuple(months))


# --- Levels ----------------------------------------------------------------------------

LevelKey = tuple[str, int, int, int, date]  # place, place id, competence, level, month


def _levels_year() -> int | None:
    """The last year `LevelCount` rows run to."""
    return SummaryMark.objects.filter(key=YEAR_MARK).values_list("value", flat=True).first()


def _read_at(months: Sequence[date], last_year: int | None) -> dict[date, tuple[int, str]] | None:
    """Where each month-end is read: (year, column); after the last filled year, its December."""
    if last_year is None:
        return None
    return {
        month: (month.year, MONTH_FIELDS[month.month - 1])
        if month.year <= last_year
        else (last_year, MONTH_FIELDS[11])
        for month in months
    }


def level_values(
    places: Sequence[PlaceKey],
    competence_ids: Sequence[int],
    track: str,
    months: Sequence[date],
    last_year: int | None,
) -> dict[LevelKey, int]:
    """People at each level 1–8 at the end of each month, read from `LevelCount`.

    `last_year` is the last year the counts run to (`Network.levels_year`). The rows of
    level 0 (people with any level) are not read: level 0 cells come from the staff.
    """
    read_at = _read_at(months, last_year)
    if read_at is None or not places or not competence_ids:
        return {}
    columns = sorted({column for _year, column in read_at.values()})
    rows = LevelCount.objects.filter(
        _place_filter(places),
        track=track,
        level__gte=1,
        year__in=sorted({year for year, _column in read_at.values()}),
        competence_id__in=list(competence_ids),
    ).values_list("place", "place_id", "competence_id", "level", "year", *columns)
    # Thousands of plain integer rows: fetched as the database returns them (the ORM's
    # row machinery would add a fifth to the read).
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if len(read_at) == 1:  # one month-end: one year, one column
        ((month, _where),) = read_at.items()
        return {
            (place, place_id, competence_id, level, month): value
            for place, place_id, competence_id, level, _year, value in fetched
            if value
        }
    wanted: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for month, (year, column) in read_at.items():
        wanted[year].append((month, columns.index(column)))
    result: dict[LevelKey, int] = {}
    for place, place_id, competence_id, level, year, *values in fetched:
        for month, index in wanted.get(year, ()):
            if values[index]:
                result[(place, place_id, competence_id, level, month)] = values[index]
    return result


@dataclass(frozen=True)
class Levels:
    """Protected level distributions: cells per place, competence, level (0–8) and month."""

    cells: dict[LevelKey, Cell]
    staff: Staff

    def figure(self, place: PlaceKey, competence_id: int, level: int, month: date) -> Figure:
        """The people at one level (0 = no level) of a place at the end of a month."""
        cell = self.cells.get((*place, competence_id, level, month))
        return figure(cell) if cell is not None else ZERO

    def at_or_above(self, place: PlaceKey, competence_id: int, level: int, month: date) -> Figure:
        """People at `level` or above, shown only when the shown cells give it exactly."""
        staff = self.staff.cells.get(place)
        if staff is None or staff.is_structural:
            return ZERO
        cells = [self.cells[(*place, competence_id, number, month)] for number in LEVELS]
        upper, lower = cells[level:], cells[:level]
        count = sum(cell.value for cell in upper)
        derivable = not any(cell.is_hidden for cell in upper) or (
            not staff.is_hidden and not any(cell.is_hidden for cell in lower)
        )
        if derivable and count >= THRESHOLD and staff.value - count >= THRESHOLD:
            return Figure(count)
        return Figure(None, Status.SMALL if count < THRESHOLD else Status.SECRET)

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
    *,
    sealed: bool = False,
) -> dict[LevelKey, Cell]:
    """Cells for levels 0–8 of some places (level 0 = the staff without a level).

    With `sealed`, each line of levels takes its statuses from `sealed_levels` (library
    lines, sealed alone); otherwise every cell starts shown, for `protect` to decide.
    """
    cells: dict[LevelKey, Cell] = {}
    get = values.get
    people_kind = Kind.PEOPLE
    all_shown = (Status.SHOWN,) * len(LEVELS)
    upper = LEVELS[1:]
    for place in places:
        kind, place_id = place
        staff_cell = staff.cells[place]
        empty = staff_cell.is_structural
        headcount = staff.raw.get(place, 0)
        total = (staff_cell.value, staff_cell.people, staff_cell.kind, staff_cell.status, empty)
        for competence_id in competence_ids:
            for month in months:
                counts = [get((kind, place_id, competence_id, level, month), 0) for level in upper]
                line = (max(headcount - sum(counts), 0), *counts)
                statuses = sealed_levels(line, total) if sealed else all_shown
                for level in (*upper, 0):
                    count = line[level]
                    cells[(kind, place_id, competence_id, level, month)] = Cell(
                        count, count, people_kind, statuses[level], empty
                    )
    return cells


def _levels_lines(
    cells: dict[LevelKey, Cell],
    staff: Staff,
    places: Sequence[PlaceKey],
    competence_ids: Sequence[int],
    months: Sequence[date],
) -> list[Line]:
    """Each place's levels add up to its staff (which these lines never hide)."""
    return [
        Line(
            tuple(cells[(*place, competence_id, level, month)] for level in LEVELS),
            staff.cells[place],
            may_hide_total=False,
        )
        for place in places
        for competence_id in competence_ids
        for month in months
    ]


def library_levels(
    net: Network,
    staff: Staff,
    *,
    competence_ids: Sequence[int],
    track: str,
    months: Sequence[date],
    library_ids: Sequence[int] | None = None,
) -> Levels:
    """Level distributions of libraries (all those of `net`, or some), each protected alone."""
    places = [
        (L, library)
        for libraries in net.libraries_of.values()
        for library in libraries
        if library_ids is None or library in library_ids
    ]
    values = level_values(places, competence_ids, track, months, net.levels_year)
    cells = _level_cells(places, values, staff, competence_ids, months, sealed=True)
    return Levels(cells, staff)


@lru_cache(maxsize=1 << 16)
def sealed_levels(
    line: tuple[int, ...], total: tuple[int, int, Kind, Status, bool]
) -> tuple[Status, ...]:
    """How one library's people at levels 0–8 are shown against its staff (`protect`).

    A library's level lines share no cell they may hide (each level cell is in one line;
    the staff total is never hidden by them), so each line is sealed alone, and the
    outcome is a pure function of the counts and the staff cell: it is memoized, which
    spares recomputing the many lines that repeat within and across requests. The staff
    cell is `(value, people, kind, status, is_structural)`; its level cells are structural
    when it is.
    """
    staff_cell = Cell(*total)
    empty = staff_cell.is_structural
    members = tuple(Cell(count, count, Kind.PEOPLE, Status.SHOWN, empty) for count in line)
    protect(members, [Line(members, staff_cell, may_hide_total=False)])
    return tuple(cell.status for cell in members)


AggregateKey = tuple[PlaceKey, int, int, date]  # parent, competence, level, month
Aggregates = dict[AggregateKey, tuple[int, int]]  # (children at 5 or more, their people)


def _parents_of_children(parents: Sequence[PlaceKey], net: Network) -> dict[int, PlaceKey]:
    """Each child id (commune for the MEL, library for a commune) → its parent."""
    found: dict[int, PlaceKey] = {}
    for commune, libraries in net.libraries_of.items():
        if parents == [METRO]:
            if libraries:
                found[commune] = METRO
        elif (C, commune) in parents:
            for library in libraries:
                found[library] = (C, commune)
    return found


def _big_in_database(
    base: QuerySet, year_months: list[tuple[date, str]], found: Aggregates
) -> None:
    """Children at 5 or more per competence and level, added up by the database (MEL).

    The rows are selected by the ORM; the sums around them are plain SQL over that
    selection (Django compiles a dozen `Case` aggregates more slowly than the database
    runs them).
    """
    columns = sorted({column for _month, column in year_months})
    inner, params = (
        base.filter(level__gte=1).values("competence_id", "level", *columns).query.sql_with_params()
    )
    quote = connection.ops.quote_name
    sums = []
    for column in columns:  # names from MONTH_FIELDS, never from the request
        name = quote(column)
        sums.append(
            f"COUNT(CASE WHEN {name} >= {THRESHOLD} THEN 1 END), "
            f"SUM(CASE WHEN {name} >= {THRESHOLD} THEN {name} ELSE 0 END)"
        )
    sql = (
        f"SELECT competence_id, level, {', '.join(sums)} "  # noqa: S608 (see above)
        f"FROM ({inner}) AS selected GROUP BY competence_id, level"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for competence_id, level, *totals in rows:
        for month, column in year_months:
            index = 2 * columns.index(column)
            found[(METRO, competence_id, level, month)] = (totals[index], totals[index + 1] or 0)


def _children_aggregates(
    parents: Sequence[PlaceKey],
    net: Network,
    staff: Staff,
    competence_ids: Sequence[int],
    track: str,
    months: Sequence[date],
) -> Aggregates:
    """For each parent, competence, level (0–8) and month: how many of its children (libraries
    of a commune, communes of the MEL) hold 5 people or more at that level, and how many
    people those children hold. Level 0 (no level) comes from the staff."""
    read_at = _read_at(months, net.levels_year)
    found: Aggregates = {}
    if read_at is None:
        return found
    kind = C if parents == [METRO] else L
    parent_of = _parents_of_children(parents, net)
    base = LevelCount.objects.filter(
        place=kind,
        place_id__in=list(parent_of),
        track=track,
        competence_id__in=list(competence_ids),
    )
    positioned: dict[tuple[int, int, date], int] = {}
    for year in sorted({year for year, _column in read_at.values()}):
        year_months = [(month, column) for month, (y, column) in read_at.items() if y == year]
        _big_in_database(base.filter(year=year), year_months, found)
        columns = [column for _month, column in year_months]
        rows = base.filter(year=year, level=POSITIONED).values_list(
            "place_id", "competence_id", *columns
        )
        for place_id, competence_id, *counts in rows:
            for (month, _column), count in zip(year_months, counts, strict=True):
                positioned[(place_id, competence_id, month)] = count
    for child, parent in parent_of.items():
        headcount = staff.raw[(kind, child)]
        for competence_id in competence_ids:
            for month in months:
                unpositioned = headcount - positioned.get((child, competence_id, month), 0)
                if unpositioned >= THRESHOLD:
                    number, people = found.get((parent, competence_id, 0, month), (0, 0))
                    found[(parent, competence_id, 0, month)] = (number + 1, people + unpositioned)
    return found


def parent_levels(
    parents: Sequence[PlaceKey],
    net: Network,
    staff: Staff,
    *,
    competence_ids: Sequence[int],
    track: str,
    months: Sequence[date],
    children: Levels | None = None,
) -> Levels:
    """Level distributions of communes, or of the MEL, protected against their children.

    Children (libraries, or communes) are never hidden for their parent's sake; the parent
    figure is, when its children line leaks (`privacy.line_leaks`, the members shown as
    their own pages show them). For communes the libraries' statuses are known exactly
    (`library_levels`, passed in or computed). For the MEL, the communes are read from
    aggregates of the database (how many are below 5, how many people they hold): the same
    test for a line of "< 5" members; and as a commune may also be hidden for its own
    reasons (then holding 5 people or more), the MEL figure is hidden too when the small
    communes hold nobody, so that such a commune is never the only unknown.
    """
    parents = [parent for parent in parents if not net.is_empty(parent)]
    values = level_values(parents, competence_ids, track, months, net.levels_year)
    cells = _level_cells(parents, values, staff, competence_ids, months)
    if parents == [METRO]:
        _metro_against_communes(cells, net, staff, competence_ids, track, months)
    elif parents:
        children = children or library_levels(
            net, staff, competence_ids=competence_ids, track=track, months=months
        )
        for kind, commune in parents:
            libraries = net.libraries_of[commune]
            for competence_id in competence_ids:
                for month in months:
                    for level in LEVELS:
                        cell = cells[(kind, commune, competence_id, level, month)]
                        if cell.people < THRESHOLD:
                            continue
                        members = tuple(
                            children.cells[(L, library, competence_id, level, month)]
                            for library in libraries
                        )
                        if line_leaks(Line(members, cell, may_hide_members=False)):
                            cell.status = Status.SECRET
    protect(cells.values(), _levels_lines(cells, staff, parents, competence_ids, months))
    return Levels(cells, staff)


def _metro_against_communes(
    cells: dict[LevelKey, Cell],
    net: Network,
    staff: Staff,
    competence_ids: Sequence[int],
    track: str,
    months: Sequence[date],
) -> None:
    """Hide the MEL cells whose communes line would leak (from database aggregates)."""
    big = _children_aggregates([METRO], net, staff, competence_ids, track, months)
    children = sum(1 for libraries in net.libraries_of.values() if libraries)
    for competence_id in competence_ids:
        for month in months:
            for level in LEVELS:
                cell = cells[(*METRO, competence_id, level, month)]
                if cell.people < THRESHOLD:
                    continue
                count_big, people_big = big.get((METRO, competence_id, level, month), (0, 0))
                small = children - count_big
                hidden_people = cell.value - people_big
                if (
                    hidden_people < THRESHOLD
                    or small == 1
                    or hidden_people == (THRESHOLD - 1) * small
                ):
                    cell.status = Status.SECRET


def merged(*parts: Levels) -> Levels:
    """Several protected level families read as one (their cells never overlap)."""
    cells: dict[LevelKey, Cell] = {}
    for part in parts:
        cells.update(part.cells)
    return Levels(cells, parts[0].staff)
