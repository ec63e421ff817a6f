"""What an export may contain: the tables of a dashboard a user may see, as the page shows them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from dashboards.charts import month_label
from dashboards.forms import Filters, filters_parse
from dashboards.selectors.access import (
    AnyUser,
    can_see_metropolis,
    communes_for,
    libraries_for,
    names_visible_in_commune,
    names_visible_in_library,
)
from dashboards.selectors.building import track_label
from dashboards.selectors.metropolis import metropolis_dashboard
from dashboards.selectors.people import people_of, people_table
from dashboards.selectors.places import commune_dashboard, library_dashboard
from dashboards.tables import Table
from organizations.models import Commune, Library

METROPOLIS, COMMUNE, LIBRARY = "metropole", "commune", "bibliotheque"
PEOPLE = "personnes"
EVERYTHING = "tout"


@dataclass(frozen=True)
class Scope:
    """A dashboard a user may open: which one, for which place, with names or not."""

    dashboard: str
    place_key: str
    name: str
    commune: Commune | None = None
    library: Library | None = None
    has_names: bool = False
    libraries: list[Library] = field(default_factory=list)


def scope_for(user: AnyUser, dashboard: str, place_key: str) -> Scope:
    """The dashboard asked for, if the user may see it (else 403; 404 for unknown places)."""
    if dashboard == METROPOLIS:
        if not can_see_metropolis(user):
            raise PermissionDenied(_("The MEL dashboard is for the network team."))
        return Scope(METROPOLIS, "", _("Métropole Européenne de Lille"))
    if dashboard == COMMUNE:
        commune = Commune.objects.filter(insee_code=place_key).first()
        if commune is None:
            raise Http404(_("No commune has this INSEE code."))
        if not communes_for(user).filter(pk=commune.pk).exists():
            raise PermissionDenied(_("This commune's dashboard is not in your scope."))
        libraries = list(Library.objects.filter(commune=commune).order_by("name"))
        return Scope(
            COMMUNE,
            place_key,
            commune.name,
            commune=commune,
            has_names=names_visible_in_commune(user, commune),
            libraries=libraries,
        )
    if dashboard == LIBRARY:
        library = (
            Library.objects.select_related("commune").filter(pk=int(place_key)).first()
            if place_key.isascii() and place_key.isdigit()
            else None
        )
        if library is None:
            raise Http404(_("No library has this number."))
        if not libraries_for(user).filter(pk=library.pk).exists():
            raise PermissionDenied(_("This library's dashboard is not in your scope."))
        return Scope(
            LIBRARY,
            place_key,
            library.name,
            commune=library.commune,
            library=library,
            has_names=names_visible_in_library(user, library),
            libraries=[library],
        )
    raise Http404(_("No such dashboard."))


def scope_tables(user: AnyUser, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Every exportable table of a dashboard, with the people when the user sees names."""
    if scope.dashboard == METROPOLIS:
        tables = metropolis_dashboard(filters).tables()
    elif scope.dashboard == COMMUNE:
        tables = commune_dashboard(scope.commune, filters).tables()
    else:
        tables = library_dashboard(scope.library, filters).tables()
    if scope.has_names:
        people = list(people_of(user, scope.libraries))
        tables[PEOPLE] = people_table(people, scope.libraries, filters)
    return tables


def export_row_estimate(user: AnyUser, scope: Scope, slug: str) -> int:
    """Roughly how many rows an export holds (decides whether a worker prepares it)."""
    people = people_of(user, scope.libraries).count() if scope.has_names else 0
    if slug == PEOPLE:
        return people
    if slug == EVERYTHING:
        return people + 200
    return 100


def export_context(scope: Scope, filters: Filters) -> list[str]:
    """Lines describing an export: the place and the filters applied."""
    return [
        scope.name,
        _("Period: %(first)s to %(last)s")
        % {"first": month_label(filters.first_month), "last": month_label(filters.last_month)},
        _("Framework: %(framework)s") % {"framework": filters.framework.label},
        _("Provenance: %(track)s") % {"track": track_label(filters.track)},
    ]


def export_tables(
    user: AnyUser, *, dashboard: str, place_key: str, query: QueryDict, slug: str
) -> tuple[Scope, Filters, list[Table]]:
    """The tables of one export (one table, or all of them), checked against the scope."""
    scope = scope_for(user, dashboard, place_key)
    filters, _form = filters_parse(query)
    tables = scope_tables(user, scope, filters)
    if slug == EVERYTHING:
        return scope, filters, list(tables.values())
    if slug not in tables:
        raise Http404(_("This dashboard has no such table."))
    return scope, filters, [tables[slug]]
