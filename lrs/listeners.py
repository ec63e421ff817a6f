"""Extension point: apps above the LRS react to newly stored statements.

`skills` turns statements into evidence, `courses` derives completions. They register a
listener from their `AppConfig.ready()`; the LRS calls every listener with the batch of
statements it has just stored, inside the same transaction, so a failure rolls the
whole batch back and nothing is half-recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lrs.models import Statement

StatementListener = Callable[[Sequence["Statement"]], None]

_listeners: dict[str, tuple[int, StatementListener]] = {}


def register_statement_listener(key: str, listener: StatementListener, *, order: int = 100) -> None:
    """Register (or replace) a function called with each batch of stored statements."""
    _listeners[key] = (order, listener)


def statement_listeners() -> list[StatementListener]:
    """The registered listeners, in order."""
    return [listener for _order, listener in sorted(_listeners.values(), key=lambda x: x[0])]
