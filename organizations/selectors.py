"""Role scopes: which communes, libraries and people a user may see.

Every view and export that shows people or organisations filters through these
three selectors. The rules, for the union of a user's memberships:

- network team (and superusers): everything;
- commune coordinator: their commune, its libraries and the people who belong to them;
- library head: their library and its people (not the rest of their commune);
- trainer: the people registered to their sessions (see `scopes.py`), and themselves;
- agent: themselves only.

Trainers and agents supervise no commune or library, so they see none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from organizations.models import Commune, Library, Membership
from organizations.scopes import trainer_people_sources

Role = Membership.Role
AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Roles:
    """The roles a user holds, with the places they hold them in."""

    is_network: bool
    coordinated_commune_ids: frozenset[int]
    headed_library_ids: frozenset[int]
    is_trainer: bool
    is_agent: bool


def roles_for(user: AnyUser) -> Roles:
    """Read a user's roles in one query."""
    if not user.is_authenticated:
        return Roles(False, frozenset(), frozenset(), False, False)
    rows = list(
        Membership.objects.filter(user=user).values_list("role", "library_id", "commune_id")
    )
    roles = {role for role, _library, _commune in rows}
    return Roles(
        is_network=bool(getattr(user, "is_superuser", False)) or Role.NETWORK_TEAM in roles,
        coordinated_commune_ids=frozenset(
            commune for role, _lib, commune in rows if role == Role.COMMUNE_COORDINATOR
        ),
        headed_library_ids=frozenset(
            library for role, library, _commune in rows if role == Role.LIBRARY_HEAD
        ),
        is_trainer=Role.TRAINER in roles,
        is_agent=Role.AGENT in roles,
    )


def visible_communes(user: AnyUser) -> QuerySet[Commune]:
    """The communes a user may see."""
    roles = roles_for(user)
    if roles.is_network:
        return Commune.objects.all()
    return Commune.objects.filter(pk__in=roles.coordinated_commune_ids)


def visible_libraries(user: AnyUser) -> QuerySet[Library]:
    """The libraries a user may see."""
    roles = roles_for(user)
    if roles.is_network:
        return Library.objects.select_related("commune")
    return Library.objects.select_related("commune").filter(
        Q(pk__in=roles.headed_library_ids) | Q(commune__in=roles.coordinated_commune_ids)
    )


def visible_people(user: AnyUser) -> QuerySet:
    """The people a user may see: always themselves, and those their roles cover."""
    user_model = get_user_model()
    if not user.is_authenticated:
        return user_model.objects.none()
    roles = roles_for(user)
    if roles.is_network:
        return user_model.objects.all()
    condition = Q(pk=user.pk)
    if roles.coordinated_commune_ids or roles.headed_library_ids:
        members = Membership.objects.filter(
            Q(library__commune__in=roles.coordinated_commune_ids)
            | Q(library__in=roles.headed_library_ids)
        ).values("user")
        condition |= Q(pk__in=members)
    if roles.is_trainer:
        for source in trainer_people_sources():
            condition |= Q(pk__in=source(user))
    return user_model.objects.filter(condition)


def can_see_commune(user: AnyUser, commune: Commune) -> bool:
    """Whether a commune is in a user's scope."""
    return visible_communes(user).filter(pk=commune.pk).exists()


def can_see_library(user: AnyUser, library: Library) -> bool:
    """Whether a library is in a user's scope."""
    return visible_libraries(user).filter(pk=library.pk).exists()


def libraries_of(user: AnyUser) -> QuerySet[Library]:
    """The libraries a person belongs to (any library role)."""
    if not user.is_authenticated:
        return Library.objects.none()
    return Library.objects.filter(memberships__user=user).distinct()
