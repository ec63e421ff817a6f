"""Who may see which dashboard, and who sees names (built on `organizations.selectors`).

- MEL dashboard: the network team.
- A commune's dashboard: the network team and that commune's coordinators.
- A library's dashboard: the above, and the library's heads.
Coordinators and library heads see the named people of the places they supervise; the
network team sees aggregates only (also on commune and library dashboards).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse

from organizations.models import Commune, Library
from organizations.selectors import roles_for, visible_communes, visible_libraries

AnyUser = AbstractBaseUser | AnonymousUser


def can_see_metropolis(user: AnyUser) -> bool:
    """Whether a user may see the MEL dashboard."""
    return roles_for(user).is_network


def communes_for(user: AnyUser) -> QuerySet[Commune]:
    """The communes whose dashboard a user may open."""
    return visible_communes(user)


def libraries_for(user: AnyUser) -> QuerySet[Library]:
    """The libraries whose dashboard a user may open."""
    return visible_libraries(user)


def can_see_dashboards(user: AnyUser) -> bool:
    """Whether any dashboard is open to a user (for the navigation link)."""
    roles = roles_for(user)
    return roles.is_network or bool(roles.coordinated_commune_ids or roles.headed_library_ids)


def names_visible_in_commune(user: AnyUser, commune: Commune) -> bool:
    """Whether a user sees the named people of a commune (its coordinator)."""
    return commune.pk in roles_for(user).coordinated_commune_ids


def names_visible_in_library(user: AnyUser, library: Library) -> bool:
    """Whether a user sees the named people of a library (its head or commune coordinator)."""
    roles = roles_for(user)
    return (
        library.pk in roles.headed_library_ids
        or library.commune_id in roles.coordinated_commune_ids
    )


def dashboard_home_url(user: AnyUser) -> str | None:
    """The dashboard a user lands on: MEL, else their only commune or library (else None)."""
    if can_see_metropolis(user):
        return reverse("dashboards:metropolis")
    roles = roles_for(user)
    if len(roles.coordinated_commune_ids) == 1 and not roles.headed_library_ids:
        commune = Commune.objects.get(pk=next(iter(roles.coordinated_commune_ids)))
        return reverse("dashboards:commune", args=[commune.insee_code])
    if len(roles.headed_library_ids) == 1 and not roles.coordinated_commune_ids:
        return reverse("dashboards:library", args=[next(iter(roles.headed_library_ids))])
    return None
