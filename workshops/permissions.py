"""Who may do what with a session: small predicates over organizations' role scopes."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from organizations.selectors import roles_for, visible_people
from workshops.models import Registration, Session
from workshops.selectors import trainers_of

AnyUser = AbstractBaseUser | AnonymousUser


def is_network(user: AnyUser) -> bool:
    """Whether the user belongs to the network team (or is a superuser)."""
    return user.is_authenticated and roles_for(user).is_network


def can_train(user: AnyUser, session: Session) -> bool:
    """Whether the user runs this session (one of its workshop's trainers, or the network)."""
    if not user.is_authenticated:
        return False
    if is_network(user):
        return True
    return trainers_of(session.workshop).filter(pk=user.pk).exists()


def can_register_others(user: AnyUser) -> bool:
    """Whether the user may register other people: library heads, coordinators, network."""
    if not user.is_authenticated:
        return False
    roles = roles_for(user)
    return roles.is_network or bool(roles.headed_library_ids or roles.coordinated_commune_ids)


def can_register_person(user: AnyUser, person: AbstractBaseUser) -> bool:
    """Whether the user may register this person: themselves, or someone in their scope."""
    if not user.is_authenticated:
        return False
    if user.pk == person.pk:
        return True
    return can_register_others(user) and visible_people(user).filter(pk=person.pk).exists()


def can_manage_registration(user: AnyUser, registration: Registration) -> bool:
    """Whether the user may cancel this registration: the person, or someone over them."""
    if not user.is_authenticated:
        return False
    if registration.person_id == user.pk:
        return True
    return can_register_person(user, registration.person)


def can_print_sheet(user: AnyUser, session: Session) -> bool:
    """Whether the user may print the sign-in sheet: trainers, and the library's heads."""
    if can_train(user, session):
        return True
    return user.is_authenticated and session.library_id in roles_for(user).headed_library_ids
