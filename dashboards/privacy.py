"""Statistical disclosure control: which aggregates a dashboard may show.

Every figure a dashboard shows is a *cell*: a value (a count of people, or of events such
as completions) and the number of people it covers. Cells are tied together by *lines*:
a line says that its members add up to its total (the levels of one competence add up to
the staff of a library; the libraries of a commune add up to the commune).

1. Primary suppression: a cell covering fewer than 5 people is hidden and shown as "< 5",
   zero included (were zeros shown, "< 5" would mean "1 to 4" and, added up against a
   total, could pin small cells down). Only structural zeros stay visible: places that have
   no library, whose figures are zero by construction.
2. Secondary suppression: a line leaks when, from its shown cells, one could work out a
   hidden cell exactly (interval reasoning on one line, knowing that "< 5" means 0 to 4
   people and "s" means 5 or more) unless that value is zero, or the sum of its hidden
   members when that sum covers 1 to 4 people. A leaking line hides one more of its
   members (the one that seals it, else the smallest), and when none is left, its total.
   This repeats until no line leaks.

Which cells may be hidden to seal a line (`Line.may_hide_*`) is the caller's choice: a
dashboard only hides cells whose status every other dashboard computes the same way (see
`selectors/cubes.py`), so that no figure is hidden on one page and shown on another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

THRESHOLD = 5
SMALL_MAX = THRESHOLD - 1
INF = math.inf


class Status(StrEnum):
    """How a cell is shown."""

    SHOWN = "shown"
    SMALL = "small"  # covers fewer than 5 people: "< 5"
    # Hidden so that a small figure cannot be worked out: "s".
    SECRET = "secret"  # noqa: S105 (a status, not a password)


SHOWN, SMALL, SECRET = Status.SHOWN, Status.SMALL, Status.SECRET


class Kind(StrEnum):
    """What a cell counts: people (at most 4 when small) or events (any number)."""

    PEOPLE = "people"
    EVENTS = "events"


@dataclass(slots=True, eq=False)
class Cell:
    """One aggregate: its value, the people it covers, how it is shown."""

    value: int
    people: int
    kind: Kind = Kind.PEOPLE
    status: Status = Status.SHOWN
    is_structural: bool = False  # zero by construction (a place without libraries)

    @property
    def is_hidden(self) -> bool:
        """Whether the value is withheld."""
        return self.status is not SHOWN

    def bounds(self) -> tuple[float, float]:
        """What a reader knows of the value from what is shown."""
        if self.status is SHOWN:
            return (self.value, self.value)
        if self.status is SMALL:
            return (0, SMALL_MAX if self.kind is Kind.PEOPLE else INF)
        return (THRESHOLD, INF)


@dataclass(frozen=True, slots=True)
class Line:
    """Cells that add up to a total, and which of them may be hidden to seal the line."""

    members: tuple[Cell, ...]
    total: Cell
    may_hide_members: bool = True
    may_hide_total: bool = True


@dataclass
class Outcome:
    """The lines that could not be sealed (their hidden cells are bounded, not exact)."""

    unresolved: list[Line] = field(default_factory=list)


def primary_status(people: int) -> Status:
    """Hidden as "< 5" when the cell covers fewer than 5 people (whatever the count of events)."""
    return SMALL if people < THRESHOLD else SHOWN


def line_leaks(line: Line) -> bool:
    """Whether a reader of the shown cells could work out a hidden one, or a small group."""
    total = line.total
    known = 0
    hidden: list[Cell] = []
    for cell in line.members:
        if cell.status is SHOWN:
            known += cell.value
        else:
            hidden.append(cell)
    if total.status is SHOWN:
        if not hidden:
            return False
        people = 0
        for cell in hidden:
            people += cell.people
        if 0 < people < THRESHOLD:
            return True
        rest = total.value - known
        if all(cell.status is SMALL and cell.kind is Kind.PEOPLE for cell in hidden):
            # Each hidden member is 0 to 4: one alone is pinned; several only when all are 4.
            return rest > 0 and (len(hidden) == 1 or rest == SMALL_MAX * len(hidden))
        return _any_pinned([(1, cell) for cell in hidden], rest)
    unknowns = [(1, cell) for cell in hidden]
    unknowns.append((-1, total))
    return _any_pinned(unknowns, -known)


def _any_pinned(unknowns: Sequence[tuple[int, Cell]], target: float) -> bool:
    """Whether sum(sign * x) == target leaves some unknown a single value other than zero."""
    terms = []
    low_sum = high_sum = 0.0
    low_inf = high_inf = 0
    for sign, cell in unknowns:
        low, high = cell.bounds()
        term_low, term_high = (low, high) if sign > 0 else (-high, -low)
        terms.append((sign, low, high, term_low, term_high))
        if term_low == -INF:
            low_inf += 1
        else:
            low_sum += term_low
        if term_high == INF:
            high_inf += 1
        else:
            high_sum += term_high
    for sign, low, high, term_low, term_high in terms:
        # The other unknowns' sum lies in [rest_low, rest_high]; sign * x = target - rest.
        if term_low == -INF:
            rest_low = -INF if low_inf > 1 else low_sum
        else:
            rest_low = -INF if low_inf else low_sum - term_low
        if term_high == INF:
            rest_high = INF if high_inf > 1 else high_sum
        else:
            rest_high = INF if high_inf else high_sum - term_high
        if sign > 0:
            lowest, highest = max(low, target - rest_high), min(high, target - rest_low)
        else:
            lowest, highest = max(low, rest_low - target), min(high, rest_high - target)
        if lowest == INF or highest == INF or lowest == -INF or highest == -INF:
            continue
        if lowest >= highest and highest > 0:
            return True
    return False


def protect(cells: Iterable[Cell], lines: Iterable[Line]) -> Outcome:
    """Apply primary then secondary suppression to `cells` and the cells of `lines` (in place)."""
    lines = list(lines)
    for cell in cells:
        if cell.status is SHOWN and not cell.is_structural and cell.people < THRESHOLD:
            cell.status = SMALL
    by_cell: dict[Cell, list[int]] = {}
    pending: list[int] = []
    for index, line in enumerate(lines):
        if line.total.status is SHOWN and all(cell.status is SHOWN for cell in line.members):
            continue  # nothing hidden: cannot leak until one of its cells is hidden
        pending.append(index)
    for index, line in enumerate(lines):
        for cell in line.members:
            by_cell.setdefault(cell, []).append(index)
        by_cell.setdefault(line.total, []).append(index)
    queued = set(pending)
    outcome = Outcome()
    while pending:
        index = pending.pop()
        queued.discard(index)
        line = lines[index]
        hidden_now = _seal(line)
        if hidden_now is None:
            outcome.unresolved.append(line)
            continue
        for cell in hidden_now:
            for other in by_cell.get(cell, ()):
                if other not in queued:
                    queued.add(other)
                    pending.append(other)
    return outcome


def _seal(line: Line) -> list[Cell] | None:
    """Hide cells of a leaking line until it no longer leaks; the cells hidden (None: stuck)."""
    hidden: list[Cell] = []
    while line_leaks(line):
        cell = _candidate(line)
        if cell is None:
            return None
        cell.status = SECRET
        hidden.append(cell)
    return hidden


def _candidate(line: Line) -> Cell | None:
    """The cell to hide next: a member that seals the line, else the smallest, else the total."""
    options = []
    if line.may_hide_members:
        options = sorted(
            (cell for cell in line.members if cell.status is SHOWN and not cell.is_structural),
            key=lambda cell: cell.value,
        )
    for cell in options:
        cell.status = SECRET
        sealed = not line_leaks(line)
        cell.status = SHOWN
        if sealed:
            return cell
    if options:
        return options[0]
    if line.total.status is SHOWN and line.may_hide_total:
        return line.total
    return None
