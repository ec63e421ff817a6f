"""Keeping the level summaries current: `PersonLevelStep` and `LevelCount`.

`levels_refresh` is called by the skills record listener with the (person, competence)
pairs a write touched. It recomputes those pairs' steps from their evidence, and moves
the difference between the old and new steps into the month-end counts of the places
the person counted in (the old place for the old steps, the current one for the new).
The counts of a place are therefore always the sum of its people's steps, as a rebuild
computes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dashboards.locks import summaries_lock
from dashboards.models import MONTH_FIELDS, LevelCount, PersonLevelStep, SummaryMark
from dashboards.selectors.homes import Home, homes_for, places_of, stored_home
from dashboards.services.counters import counters_add
from dashboards.steps import Steps, contribution, level_steps
from skills.models import Evidence
from skills.rules import Fact

Pair = tuple[int, int]
CountKey = tuple[str, int, int, str, int, int]  # place, place id, competence, track, level, year
COUNT_KEY_FIELDS = ("place", "place_id", "competence_id", "track", "level", "year")
YEAR_MARK = "levels_year"


def pairs_condition(pairs: Iterable[Pair], *, prefix: str = "") -> Q:
    """A filter on (user, competence) pairs."""
    by_user: dict[int, set[int]] = defaultdict(set)
    for user_id, competence_id in pairs:
        by_user[user_id].add(competence_id)
    condition = Q(pk__in=[])
    for user_id, competence_ids in sorted(by_user.items()):
        condition |= Q(
            **{f"{prefix}user_id": user_id, f"{prefix}competence_id__in": sorted(competence_ids)}
        )
    return condition


def facts_for(pairs: Iterable[Pair]) -> dict[Pair, list[Fact]]:
    """The evidence of some pairs, as the level rule reads it."""
    facts: dict[Pair, list[Fact]] = defaultdict(list)
    rows = Evidence.objects.filter(pairs_condition(pairs)).values_list(
        "user_id", "competence_id", "statement_id", "level", "provenance", "observed_at"
    )
    for user_id, competence_id, statement_id, level, provenance, observed_at in rows:
        facts[(user_id, competence_id)].append(
            Fact(
                statement_id=statement_id,
                level=level,
                provenance=provenance,
                observed_at=observed_at,
            )
        )
    return facts


def add_contributions(
    counts: dict[CountKey, list[int]],
    *,
    home: Home | None,
    competence_id: int,
    steps: Mapping[str, Steps],
    last_year: int,
    sign: int,
) -> None:
    """Add (or, with sign -1, remove) one person's steps to the counts of their places."""
    places = places_of(home)
    if not places:
        return
    for track, track_steps in steps.items():
        for (level, year), months in contribution(track_steps, last_year=last_year).items():
            for place, place_id in places:
                vector = counts.setdefault(
                    (place, place_id, competence_id, track, level, year), [0] * 12
                )
                for index, value in enumerate(months):
                    vector[index] += sign * value


def levels_year_ensure() -> int:
    """Make sure `LevelCount` rows run to this year (copying December forward); return it."""
    year = timezone.localdate().year
    mark = SummaryMark.objects.filter(key=YEAR_MARK).values_list("value", flat=True).first()
    if mark is not None and mark >= year:
        return mark
    with transaction.atomic():
        # The summaries lock first, then the year's row: the order of the rebuild, which
        # holds the lock and writes this row at its end. The other order could deadlock a
        # year's first write (which keeps the row locked until its statements commit)
        # against a rebuild. Carrying December forward is a summaries write like any other.
        summaries_lock(exclusive=False)
        SummaryMark.objects.get_or_create(key=YEAR_MARK, defaults={"value": year})
        locked = SummaryMark.objects.select_for_update().get(key=YEAR_MARK)
        if locked.value < year:
            for missing in range(locked.value + 1, year + 1):
                _year_extend(missing)
            locked.value = year
            locked.save(update_fields=["value"])
        return locked.value


def _year_extend(year: int) -> None:
    """Carry every December count of `year - 1` into each month of `year`."""
    carried: dict[CountKey, list[int]] = {}
    rows = LevelCount.objects.filter(year=year - 1).exclude(month_12=0)
    for row in rows.values_list("place", "place_id", "competence_id", "track", "level", "month_12"):
        *key, december = row
        carried[(*key, year)] = [december] * 12  # type: ignore[index]
    counts_apply(carried)


def counts_apply(counts: Mapping[CountKey, list[int]]) -> int:
    """Add month vectors to `LevelCount` rows (created when missing); return rows touched."""
    return counters_add(LevelCount, COUNT_KEY_FIELDS, MONTH_FIELDS, counts)


def _stored_steps(pairs: list[Pair]) -> dict[Pair, tuple[Home | None, dict[str, Steps]]]:
    """The steps kept for some pairs, with the place they were counted in."""
    found: dict[Pair, tuple[Home | None, dict[str, list[tuple]]]] = {}
    rows = (
        PersonLevelStep.objects.filter(pairs_condition(pairs))
        .order_by("user_id", "competence_id", "track", "month_on")
        .values_list(
            "user_id", "competence_id", "track", "month_on", "level", "library_id", "commune_id"
        )
    )
    for user_id, competence_id, track, month_on, level, library_id, commune_id in rows:
        home = stored_home(library_id, commune_id)
        _home, steps = found.setdefault((user_id, competence_id), (home, defaultdict(list)))
        steps[track].append((month_on, level))
    return {
        pair: (home, {track: tuple(items) for track, items in steps.items()})
        for pair, (home, steps) in found.items()
    }


@transaction.atomic
def levels_refresh(*, pairs: Iterable[Pair]) -> int:
    """Recompute the level steps of some (person, competence) pairs; return pairs changed."""
    pairs = sorted(set(pairs))
    if not pairs:
        return 0
    last_year = levels_year_ensure()
    summaries_lock(exclusive=False)
    facts = facts_for(pairs)
    stored = _stored_steps(pairs)
    homes = homes_for({user_id for user_id, _competence in pairs})
    counts: dict[CountKey, list[int]] = {}
    changed: list[Pair] = []
    new_rows: list[PersonLevelStep] = []
    for pair in pairs:
        user_id, competence_id = pair
        old_home, old_steps = stored.get(pair, (None, {}))
        new_steps = level_steps(facts.get(pair, []))
        home = homes.get(user_id)
        if new_steps == old_steps and (home == old_home or not new_steps):
            continue
        changed.append(pair)
        add_contributions(
            counts,
            home=old_home,
            competence_id=competence_id,
            steps=old_steps,
            last_year=last_year,
            sign=-1,
        )
        add_contributions(
            counts,
            home=home,
            competence_id=competence_id,
            steps=new_steps,
            last_year=last_year,
            sign=1,
        )
        new_rows += step_rows(user_id, competence_id, new_steps, home)
    if not changed:
        return 0
    PersonLevelStep.objects.filter(pairs_condition(changed)).delete()
    PersonLevelStep.objects.bulk_create(new_rows, batch_size=1000)
    counts_apply(counts)
    return len(changed)


def step_rows(
    user_id: int, competence_id: int, steps: Mapping[str, Steps], home: Home | None
) -> list[PersonLevelStep]:
    """The rows keeping one pair's steps."""
    return [
        PersonLevelStep(
            user_id=user_id,
            competence_id=competence_id,
            track=track,
            month_on=month,
            level=level,
            library_id=home.library_id if home else None,
            commune_id=home.commune_id if home else None,
        )
        for track, track_steps in steps.items()
        for month, level in track_steps
    ]
