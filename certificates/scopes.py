"""Extension point: which achievements a trainer hands certificates over for.

A trainer leads workshop cycles, which belong to the `workshops` app, above this one:
`workshops` registers here (from its `AppConfig.ready()`) a function giving the
achievement keys (`workshop-cycle:<id>`) of the cycles a trainer runs sessions of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth.base_user import AbstractBaseUser

TrainerAchievementSource = Callable[[AbstractBaseUser], Iterable[str]]

_sources: dict[str, TrainerAchievementSource] = {}


def register_trainer_achievement_source(key: str, source: TrainerAchievementSource) -> None:
    """Register a function giving the achievement keys a trainer hands certificates over for."""
    _sources[key] = source


def trainer_achievement_keys(user: AbstractBaseUser) -> set[str]:
    """The achievement keys of every registered source, for one trainer."""
    return {key for source in _sources.values() for key in source(user)}
