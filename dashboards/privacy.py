"""Statistical disclosure control: which aggregates a dashboard may show.

Every figure a dashboard shows is a *cell*: a value (a count of people, or of events such
as completions) and the number of people it covers. Cells are tied together by *lines*:
a line says that its members add up to its total (the levels of one competence add up to
the staff of a library; the libraries of a commune add up to the commune).

1. Primary suppression: a cell covering 1 to 4 people is hidden and shown as "< 5".
2. Secondary suppression: a line leaks when, from its shown cells, one could work out a
   hidden cell exactly (interval reasoning on one line, knowing that "< 5" means 1 to 4
   people and "s" means 5 or more), or the sum of its hidden members when that sum covers
   fewer than 5 people. A leaking line hides one more of its members (the smallest that
   seals it), and when none is left, its total. This repeats until no line leaks.
Zero stays visible: it covers nobody.

Which cells may be hidden to seal a line (`Line.may_hide_*`) is the caller's choice: a
dashboard only hides cells whose status every other dashboard computes the same way (see
`selectors/cubes.py`), so that no figure is hidden on one page and shown on another.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

THRESHOLD = 5
SMALL_MAX = THRESHOLD - 1


class Status(StrEnum):
    """How a cell is shown."""

    SHOWN = "shown"
    SMALL = "small"  # covers fewer than 5 people: "< 5"
    SECRET = "secret"  # hidden so that a small figure cannot be worked out: "s"


class Kind(StrEnum):
    """What a cell counts: people (at most 4 when small) or events (any number)."""

    PEOPLE = "people"
    EVENTS = "events"


@dataclass
class Cell:
    """One aggregate: its value, the people it covers, how it is shown."""

    value: int
    people: int
    kind: Kind = Kind.PEOPLE
    status: Status = Status.SHOWN

    @property
    def is_hidden(self) -> bool:
        """Whether the value is withheld."""
        return self.status is not Status.SHOWN

    def bounds(self) -> tuple[float, float]:
        """What a reader knows of the value from what is shown."""
        if self.status is Status.SHOWN:
            return (self.value, self.value)
        if self.status is Status.SMALL:
            return (1, SMALL_MAX if self.kind is Kind.PEOPLE else math.inf)
        return (THRESHOLD, math.inf)


@dataclass(frozen=True)
class Line:
    """Members that add up to a total, and which of them may be hidden to seal the line."""

    members: tuple[Hashable, ...]
    total: Hashable
    may_hide_members: bool = True
    may_hide_total: bool = True


@dataclass
class Outcome:
    """The lines that could not be sealed (their hidden cells are bounded, not exact)."""

    unresolved: list[Line] = field(default_factory=list)


def primary_status(people: int) -> Status:
    """Hidden as "< 5" when the cell covers 1 to 4 people (whatever the count of events)."""
    return Status.SMALL if 0 < people < THRESHOLD else Status.SHOWN


def line_leaks(cells: dict[Hashable, Cell], line: Line) -> bool:
    """Whether a reader of the shown cells could work out a hidden one, or a small group."""
    members = [cells[key] for key in line.members]
    total = cells[line.total]
    unknowns: list[tuple[int, Cell]] = [(1, cell) for cell in members if cell.is_hidden]
    if total.is_hidden:
        unknowns.append((-1, total))
    if not unknowns:
        return False
    if not total.is_hidden:
        hidden_people = sum(cell.people for cell in members if cell.is_hidden)
        if 0 < hidden_people < THRESHOLD:
            return True
    known = sum(cell.value for cell in members if not cell.is_hidden)
    known -= 0 if total.is_hidden else total.value
    return any(_is_pinned(index, unknowns, -known) for index in range(len(unknowns)))


def _is_pinned(index: int, unknowns: Sequence[tuple[int, Cell]], target: float) -> bool:
    """Whether sum(sign * x) == target leaves unknown `index` a single possible value."""
    low_rest = high_rest = 0.0
    for other, (sign, cell) in enumerate(unknowns):
        if other == index:
            continue
        low, high = cell.bounds()
        low_rest += sign * low if sign > 0 else sign * high
        high_rest += sign * high if sign > 0 else sign * low
    sign, cell = unknowns[index]
    low, high = cell.bounds()
    if sign > 0:
        candidates = (target - high_rest, target - low_rest)
    else:
        candidates = (low_rest - target, high_rest - target)
    lowest, highest = max(low, candidates[0]), min(high, candidates[1])
    if math.isinf(lowest) or math.isinf(highest) or math.isnan(lowest) or math.isnan(highest):
        return False
    return lowest >= highest


def protect(cells: dict[Hashable, Cell], lines: Iterable[Line]) -> Outcome:
    """Apply primary then secondary suppression to `cells` (in place)."""
    lines = list(lines)
    for cell in cells.values():
        if cell.status is Status.SHOWN:
            cell.status = primary_status(cell.people)
    by_cell: dict[Hashable, list[int]] = {}
    for index, line in enumerate(lines):
        for key in (*line.members, line.total):
            by_cell.setdefault(key, []).append(index)
    pending = list(range(len(lines)))
    queued = set(pending)
    outcome = Outcome()
    while pending:
        index = pending.pop()
        queued.discard(index)
        line = lines[index]
        hidden_now = _seal(cells, line)
        if hidden_now is None:
            outcome.unresolved.append(line)
            continue
        for key in hidden_now:
            for other in by_cell.get(key, ()):
                if other not in queued:
                    queued.add(other)
                    pending.append(other)
    return outcome


def _seal(cells: dict[Hashable, Cell], line: Line) -> list[Hashable] | None:
    """Hide cells of a leaking line until it no longer leaks; the keys hidden (None: stuck)."""
    hidden: list[Hashable] = []
    while line_leaks(cells, line):
        key = _candidate(cells, line)
        if key is None:
            return None
        cells[key].status = Status.SECRET
        hidden.append(key)
    return hidden


def _candidate(cells: dict[Hashable, Cell], line: Line) -> Hashable | None:
    """The cell to hide next: a member that seals the line, else the smallest, else the total."""
    options = sorted(
        (
            key
            for key in line.members
            if line.may_hide_members and not cells[key].is_hidden and cells[key].value > 0
        ),
        key=lambda key: (cells[key].value, str(key)),
    )
    for key in options:
        cells[key].status = Status.SECRET
        sealed = not line_leaks(cells, line)
        cells[key].status = Status.SHOWN
        if sealed:
            return key
    if options:
        return options[0]
    total = cells[line.total]
    if not total.is_hidden and line.may_hide_total:
        return line.total
    return None


def sum_if_known(cells: Sequence[Cell]) -> int | None:
    """The sum of some cells when every one of them is shown, else None."""
    if any(cell.is_hidden for cell in cells):
        return None
    return sum(cell.value for cell in cells)
