"""Pure rules: evidence → a person's level month by month → counts per level and month.

The level of a person on a competence, per track, follows the skills rule
(`skills/rules.py`): the validated level is the highest level backed by online, in-person
or certified evidence; the level of one provenance is the highest backed by evidence of
that provenance; the declared level is the latest self-positioning. The dashboards read it
at the end of each month, in the site's time zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from dashboards.models import MAX_LEVEL, Track
from dashboards.months import month_of
from skills.rules import Fact

Steps = tuple[tuple[date, int], ...]  # (month, level from the end of that month on)
Contribution = dict[tuple[int, int], list[int]]  # (level, year) → 12 month-end counts
POSITIONED = 0  # the `LevelCount.level` of "people with any level"

DECLARED = Track.DECLARED.value
VALIDATED = Track.VALIDATED.value
PROVENANCE_TRACKS = frozenset({Track.ONLINE.value, Track.IN_PERSON.value, Track.CERTIFIED.value})


def level_steps(facts: Iterable[Fact]) -> dict[str, Steps]:
    """Per track, the months in which a person's level changed and the level from then on."""
    state: dict[str, int] = defaultdict(int)
    month_end: dict[str, dict[date, int]] = defaultdict(dict)
    for fact in sorted(facts, key=lambda item: item.key):
        month = month_of(fact.observed_at)
        level = min(max(fact.level, 0), MAX_LEVEL)
        if fact.provenance == DECLARED:
            touched = [DECLARED]
            state[DECLARED] = level
        elif fact.provenance in PROVENANCE_TRACKS:
            touched = [VALIDATED, fact.provenance]
            for track in touched:
                state[track] = max(state[track], level)
        else:
            continue
        for track in touched:
            month_end[track][month] = state[track]
    steps: dict[str, Steps] = {}
    for track, by_month in month_end.items():
        previous, changes = 0, []
        for month in sorted(by_month):
            if by_month[month] != previous:
                changes.append((month, by_month[month]))
                previous = by_month[month]
        if changes:
            steps[track] = tuple(changes)
    return steps


def contribution(steps: Sequence[tuple[date, int]], *, last_year: int) -> Contribution:
    """What one person adds to the month-end counts per level, up to December of `last_year`.

    Besides levels 1–8, the person counts in `POSITIONED` (stored as level 0) while they
    have a level at all, so that a place's people without a level are its staff minus one
    row, whatever the number of levels.
    """
    counts: Contribution = {}
    if not steps:
        return counts
    last_year = max(last_year, steps[-1][0].year)
    position, level = 0, 0
    for year in range(steps[0][0].year, last_year + 1):
        for month_number in range(1, 13):
            month = date(year, month_number, 1)
            while position < len(steps) and steps[position][0] <= month:
                level = steps[position][1]
                position += 1
            if level > 0:
                counts.setdefault((level, year), [0] * 12)[month_number - 1] += 1
                counts.setdefault((POSITIONED, year), [0] * 12)[month_number - 1] += 1
    return counts


def level_at(steps: Sequence[tuple[date, int]], month: date) -> int:
    """The level at the end of `month` (0 when none yet)."""
    level = 0
    for changed_on, value in steps:
        if changed_on > month:
            break
        level = value
    return level
