"""Extension point: apps above organizations react when a person's memberships change.

`dashboards` counts each person in their home library (the first library they joined) and
keeps its summaries there; it registers a listener from its `AppConfig.ready()` to move a
person's figures when their home changes. Every membership saved or deleted (the admin, an
import, the demo) calls each listener with the person's id, inside the transaction of the
write (`Membership.save` opens one when none is open; a deletion always runs in one), so
a failure rolls the membership change back with the rest. Bulk writes that send no
signals (`QuerySet.update`, `bulk_create`) are not heard: the listeners' own writes and
rebuilds have to catch them. A library moved to another commune is heard too: its
people's home place changed with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from organizations.models import Library, Membership

MembershipListener = Callable[[Sequence[int]], None]

_listeners: dict[str, tuple[int, MembershipListener]] = {}


def register_membership_listener(
    key: str, listener: MembershipListener, *, order: int = 100
) -> None:
    """Register (or replace) a function called with the ids of people whose memberships changed."""
    _listeners[key] = (order, listener)


def membership_listeners() -> list[MembershipListener]:
    """The registered listeners, in order."""
    return [listener for _order, listener in sorted(_listeners.values(), key=lambda x: x[0])]


def memberships_changed_notify(user_ids: Iterable[int]) -> None:
    """Hand the people whose memberships changed to every listener (nothing when empty)."""
    people = sorted(set(user_ids))
    if not people:
        return
    for listener in membership_listeners():
        listener(people)


def _membership_written(sender: Any, instance: Membership, **kwargs: Any) -> None:
    """Signal receiver: a membership was saved or deleted."""
    memberships_changed_notify([instance.user_id])


def _library_commune_remember(sender: Any, instance: Library, **kwargs: Any) -> None:
    """Signal receiver: note the commune a library is saved away from (None when new)."""
    instance._commune_before = (  # type: ignore[attr-defined]
        Library.objects.filter(pk=instance.pk).values_list("commune_id", flat=True).first()
        if instance.pk
        else None
    )


def _library_written(sender: Any, instance: Library, created: bool, **kwargs: Any) -> None:
    """Signal receiver: a library moved to another commune moves the people it holds."""
    before = getattr(instance, "_commune_before", None)
    if created or before is None or before == instance.commune_id:
        return
    memberships_changed_notify(
        Membership.objects.filter(library=instance).values_list("user_id", flat=True)
    )


def connect() -> None:
    """Connect the receivers (from `OrganizationsConfig.ready`)."""
    post_save.connect(_membership_written, sender=Membership, dispatch_uid="membership_listeners")
    post_delete.connect(
        _membership_written, sender=Membership, dispatch_uid="membership_listeners_del"
    )
    pre_save.connect(_library_commune_remember, sender=Library, dispatch_uid="library_commune")
    post_save.connect(_library_written, sender=Library, dispatch_uid="library_listeners")
