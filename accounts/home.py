"""Extension point for the learner home ("Mon espace").

Apps above `accounts` (courses, workshops, certificates, skills…) contribute panels
to the learner home without `accounts` importing them: each registers a panel from
its `AppConfig.ready()`. The home view renders the panels in `order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

PanelContext = Callable[[HttpRequest], dict[str, Any] | None]


@dataclass(frozen=True)
class HomePanel:
    """One block of the learner home: a template and the function giving its context."""

    key: str
    template: str
    get_context: PanelContext
    order: int = 100


_panels: dict[str, HomePanel] = {}


def register_home_panel(
    key: str, *, template: str, get_context: PanelContext, order: int = 100
) -> None:
    """Register (or replace) a panel of the learner home."""
    _panels[key] = HomePanel(key=key, template=template, get_context=get_context, order=order)


def home_panels() -> list[HomePanel]:
    """The registered panels, in display order."""
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))
