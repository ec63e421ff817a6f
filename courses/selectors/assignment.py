"""Who may assign training paths, and to whom (role scopes from organizations)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from organizations.models import Library, Membership
from organizations.selectors import AnyUser, roles_for, visible_libraries, visible_people


def can_assign_paths(user: AnyUser) -> bool:
    """Trainers, library heads, commune coordinators and the network team assign paths."""
    roles = roles_for(user)
    return bool(
        roles.is_network
        or roles.coordinated_commune_ids
        or roles.headed_library_ids
        or roles.is_trainer
    )


def assignable_people(user: AnyUser) -> QuerySet:
    """The people a user may assign a path to: those in their scope, themselves excluded."""
    if not can_assign_paths(user):
        return get_user_model().objects.none()
    return visible_people(user).exclude(pk=user.pk).filter(is_active=True)


def assignable_libraries(user: AnyUser) -> QuerySet[Library]:
    """The libraries a user may assign a path to as a whole (the ones they supervise)."""
    if not can_assign_paths(user):
        return Library.objects.none()
    return visible_libraries(user).filter(is_active=True)


def library_members(library: Library) -> QuerySet:
    """The active people who belong to a library, whatever their role there."""
    members = Membership.objects.filter(library=library).values("user")
    return get_user_model().objects.filter(pk__in=members, is_active=True)
