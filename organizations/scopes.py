"""Extension point: who a trainer may see.

A trainer sees the people registered to their sessions. Sessions belong to the
`workshops` app, which sits above this one, so `workshops` registers a function
here (from its `AppConfig.ready()`) that returns the ids of those people.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

TrainerPeopleSource = Callable[[AbstractBaseUser], QuerySet]

_trainer_people_sources: dict[str, TrainerPeopleSource] = {}


def register_trainer_people_source(key: str, source: TrainerPeopleSource) -> None:
    """Register a function giving the user ids a trainer may see (e.g. their registrants)."""
    _trainer_people_sources[key] = source


def trainer_people_sources() -> list[TrainerPeopleSource]:
    """The registered sources of trainer scope."""
    return list(_trainer_people_sources.values())
