"""Recomputing every summary from evidence and statements (`manage.py dashboards_rebuild`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dashboards.bulk import bulk_insert, indexes_deferred
from dashboards.locks import summaries_lock
from dashboards.models import (
    ACTIVITY_FIELDS,
    MONTH_FIELDS,
    ActivityCount,
    LevelCount,
    PersonActivityMonth,
    PersonLevelStep,
    SummaryMark,
)
from dashboards.selectors.homes import Home, homes_for, places_of
from dashboards.services.activity import counted_statements
from dashboards.services.levels import YEAR_MARK, CountKey, add_contributions
from dashboards.steps import level_steps
from lrs.models import Statement
from lrs.vocabulary import Verb
from skills.models import Evidence
from skills.rules import Fact

BATCH = 5000
CHUNK = 50_000
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RebuildResult:
    """How many rows each summary table holds after a rebuild."""

    level_steps: int
    level_counts: int
    person_months: int
    activity_counts: int


def _evidence_by_pair() -> Iterator[tuple[tuple[int, int], list[Fact]]]:
    """Every pair's evidence, one pair at a time (streamed in pair order)."""
    rows = (
        Evidence.objects.order_by("user_id", "competence_id")
        .values_list(
            "user_id", "competence_id", "statement_id", "level", "provenance", "observed_at"
        )
        .iterator(chunk_size=BATCH)
    )
    current: tuple[int, int] | None = None
    facts: list[Fact] = []
    for user_id, competence_id, statement_id, level, provenance, observed_at in rows:
        pair = (user_id, competence_id)
        if pair != current:
            if current is not None:
                yield current, facts
            current, facts = pair, []
        facts.append(
            Fact(
                statement_id=statement_id,
                level=level,
                provenance=provenance,
                observed_at=observed_at,
            )
        )
    if current is not None:
        yield current, facts


def level_summaries_write(
    pairs: Iterable[tuple[tuple[int, int], list[Fact]]],
    *,
    homes: dict[int, Home],
    last_year: int,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write the steps and counts of every pair given (tables assumed empty); return sizes."""
    counts: dict[CountKey, list[int]] = {}

    def step_rows() -> Iterator[dict]:
        for index, ((user_id, competence_id), facts) in enumerate(pairs, start=1):
            steps = level_steps(facts)
            home = homes.get(user_id)
            add_contributions(
                counts,
                home=home,
                competence_id=competence_id,
                steps=steps,
                last_year=last_year,
                sign=1,
            )
            for track, track_steps in steps.items():
                for month, level in track_steps:
                    yield {
                        "user_id": user_id,
                        "competence_id": competence_id,
                        "track": track,
                        "month_on": month,
                        "level": level,
                        "library_id": home.library_id if home else None,
                        "commune_id": home.commune_id if home else None,
                    }
            if progress and index % 100_000 == 0:
                progress(f"  {index} person × competence pairs")

    # Steps go in chunks: the evidence is read from the same connection, which cannot
    # run a query while a COPY is open.
    steps_written = 0
    with indexes_deferred(PersonLevelStep):
        rows = step_rows()
        while chunk := list(islice(rows, CHUNK)):
            steps_written += bulk_insert(PersonLevelStep, chunk)

    def count_rows() -> Iterator[dict]:
        # In the order of the table's unique index (track, year, place, competence, place
        # id, level): a dashboard's rows then sit on a few pages, not one page each.
        for key in sorted(
            counts, key=lambda item: (item[3], item[5], item[0], item[2], item[1], item[4])
        ):
            place, place_id, competence_id, track, level, year = key
            months = counts[key]
            if any(months):
                yield {
                    "place": place,
                    "place_id": place_id,
                    "competence_id": competence_id,
                    "track": track,
                    "level": level,
                    "year": year,
                    **dict(zip(MONTH_FIELDS, months, strict=True)),
                }

    counts_written = bulk_insert(LevelCount, count_rows(), defer_indexes=True)
    SummaryMark.objects.update_or_create(key=YEAR_MARK, defaults={"value": last_year})
    return steps_written, counts_written


def activity_summaries_write(
    person_months: dict[tuple[int, date], list[int]], *, homes: dict[int, Home]
) -> tuple[int, int]:
    """Write person-months and place counts from (user, month) → [completions, attendances]."""
    places: dict[tuple[date, str, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])

    def person_rows() -> Iterator[dict]:
        for (user_id, month), (completions, attendances) in sorted(person_months.items()):
            if not completions and not attendances:
                continue
            home = homes.get(user_id)
            yield {
                "user_id": user_id,
                "month_on": month,
                "completions": completions,
                "attendances": attendances,
                "library_id": home.library_id if home else None,
                "commune_id": home.commune_id if home else None,
            }
            for place, place_id in places_of(home):
                vector = places[(month, place, place_id)]
                vector[0] += completions
                vector[1] += completions > 0
                vector[2] += attendances
                vector[3] += attendances > 0

    people = bulk_insert(PersonActivityMonth, person_rows(), defer_indexes=True)
    rows = (
        {
            "month_on": month,
            "place": place,
            "place_id": place_id,
            **dict(zip(ACTIVITY_FIELDS, vector, strict=True)),
        }
        for (month, place, place_id), vector in places.items()
    )
    return people, bulk_insert(ActivityCount, rows)


def _person_months_from_statements() -> dict[tuple[int, date], list[int]]:
    """(user, month) → [completions, attendances], aggregated from the statements."""
    zone = timezone.get_current_timezone()
    rows = (
        Statement.objects.filter(counted_statements())
        .annotate(month=TruncMonth("timestamp_at", tzinfo=zone))
        .values_list("user_id", "month", "verb_iri")
        .annotate(total=Count("pk"))
        .order_by()
    )
    found: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    for user_id, month, verb, total in rows:
        month_on = month.date() if hasattr(month, "date") else month
        found[(user_id, month_on)][0 if verb == Verb.COMPLETED else 1] += total
    return found


@transaction.atomic
def summaries_rebuild(*, progress: Progress | None = None) -> RebuildResult:
    """Empty the summary tables and recompute them from evidence and statements."""
    summaries_lock(exclusive=True)
    homes = homes_for()
    last_year = timezone.localdate().year
    for model in (PersonLevelStep, LevelCount, PersonActivityMonth, ActivityCount):
        model.objects.all().delete()
    steps, counts = level_summaries_write(
        _evidence_by_pair(), homes=homes, last_year=last_year, progress=progress
    )
    if progress:
        progress(f"levels: {steps} steps, {counts} count rows")
    months, places = activity_summaries_write(_person_months_from_statements(), homes=homes)
    if progress:
        progress(f"activity: {months} person-months, {places} place-months")
    return RebuildResult(steps, counts, months, places)
