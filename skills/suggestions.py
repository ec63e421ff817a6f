"""Extension point: what to do next to reach the next level of a competence.

Training paths live in `courses`, above this app. `courses` registers a provider from
its `AppConfig.ready()`; "Mes compétences" asks every provider once per page, with all
the competences the person can progress on, and shows what comes back next to each
competence. With no provider registered, the page shows no suggestions section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class NextStepTarget:
    """A competence a person can progress on: their level now and the next one."""

    competence_id: int
    current_level: int
    next_level: int


@dataclass(frozen=True)
class NextStep:
    """Something to do for a competence, e.g. a training path aligned to the next level."""

    competence_id: int
    title: str
    url: str
    level: int
    kind: str = ""


NextStepProvider = Callable[[AbstractBaseUser, Sequence[NextStepTarget]], Iterable[NextStep]]

_providers: dict[str, NextStepProvider] = {}


def register_next_step_provider(key: str, provider: NextStepProvider) -> None:
    """Register (or replace) a function suggesting next steps for a batch of competences."""
    _providers[key] = provider


def next_step_providers() -> list[NextStepProvider]:
    """The registered providers, by key."""
    return [_providers[key] for key in sorted(_providers)]
