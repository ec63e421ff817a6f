"""Extension point: apps above skills react when a person's skill record changes.

`dashboards` keeps its summary tables (person × competence × month, library × month)
current from here instead of scanning evidence: it registers a listener from its
`AppConfig.ready()`, and the skills services call every listener, inside the same
transaction, with the changes of each write (new statements, voiding, a rebuild, an
alignment refreshed). A change carries the record before and after, and the evidence
added or removed, so a listener can update monthly counts by provenance and the
current levels without reading anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from skills.rules import Fact, RecordState


@dataclass(frozen=True)
class RecordChange:
    """What changed in one person's record on one competence.

    `before` equals `after` when only the history (the months a level was reached) or the
    evidence of one provenance changed, e.g. after an activity was re-aligned.
    """

    user_id: int
    competence_id: int
    # None when the record did not exist before / no longer exists after.
    before: RecordState | None
    after: RecordState | None
    added: tuple[Fact, ...] = ()
    removed: tuple[Fact, ...] = ()


RecordListener = Callable[[Sequence[RecordChange]], None]

_listeners: dict[str, tuple[int, RecordListener]] = {}


def register_record_listener(key: str, listener: RecordListener, *, order: int = 100) -> None:
    """Register (or replace) a function called with the record changes of each write."""
    _listeners[key] = (order, listener)


def record_listeners() -> list[RecordListener]:
    """The registered listeners, in order."""
    return [listener for _order, listener in sorted(_listeners.values(), key=lambda x: x[0])]


def record_changes_notify(changes: Sequence[RecordChange]) -> None:
    """Hand a batch of record changes to every listener (nothing when empty)."""
    if not changes:
        return
    for listener in record_listeners():
        listener(changes)
