"""Where each person counts: the library they joined first, and its commune."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from dashboards.models import Place
from organizations.models import Membership


class Home(NamedTuple):
    """The library (and its commune) a person's figures are counted in."""

    library_id: int
    commune_id: int


def stored_home(library_id: int | None, commune_id: int | None) -> Home | None:
    """The home a stored summary row is counted in (None when it counts nowhere)."""
    return Home(library_id, commune_id) if library_id and commune_id else None


def homes_for(user_ids: Iterable[int] | None = None) -> dict[int, Home]:
    """The home library of some people (all when None); people without one are left out."""
    rows = Membership.objects.filter(role__in=Membership.LIBRARY_ROLES, library__isnull=False)
    if user_ids is not None:
        rows = rows.filter(user_id__in=sorted(set(user_ids)))
    homes: dict[int, Home] = {}
    for user_id, library_id, commune_id in rows.order_by("user_id", "pk").values_list(
        "user_id", "library_id", "library__commune_id"
    ):
        homes.setdefault(user_id, Home(library_id, commune_id))
    return homes


def places_of(home: Home | None) -> list[tuple[str, int]]:
    """The summary places a person with this home counts in (none without a home)."""
    if home is None:
        return []
    return [
        (Place.LIBRARY.value, home.library_id),
        (Place.COMMUNE.value, home.commune_id),
        (Place.METROPOLIS.value, 0),
    ]
