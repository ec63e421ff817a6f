"""Keeping the activity summaries current: completions and attendances per person and place.

A path completion is a `completed` statement about an activity of type course; an
attendance is an `attended` statement. The LRS listener counts new statements in; a
voiding statement makes the months of the statements it voids be counted again from the
statements themselves (only those of one person and one month). A person-month stays in
the place it was counted in until it moves to the person's current home: when their
memberships change (`activity_rehome`, from the organizations listener), or when a write
touches it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from common.rows import rows_update
from dashboards.locks import summaries_lock
from dashboards.models import ACTIVITY_FIELDS, ActivityCount, PersonActivityMonth
from dashboards.months import add_months, month_of
from dashboards.selectors.homes import Home, homes_for, places_of, stored_home
from dashboards.services.counters import counters_add
from lrs.models import Statement
from lrs.vocabulary import ActivityType, Verb

COMPLETION = "completion"
ATTENDANCE = "attendance"
PersonMonth = tuple[int, date]
PlaceKey = tuple[date, str, int]  # month, place, place id
# completions, completers, attendances, attendees
Delta = list[int]


def statement_kind(data: dict) -> str | None:
    """Whether a statement is a path completion, an attendance, or neither."""
    verb = (data.get("verb") or {}).get("id")
    if verb == Verb.ATTENDED:
        return ATTENDANCE
    if verb == Verb.COMPLETED:
        definition = (data.get("object") or {}).get("definition") or {}
        if definition.get("type") == ActivityType.COURSE:
            return COMPLETION
    return None


def counted_statements() -> Q:
    """The statements the activity summaries count (non-voided completions and attendances)."""
    return Q(is_voided=False, is_voiding=False, user__isnull=False) & (
        Q(verb_iri=Verb.ATTENDED)
        | Q(verb_iri=Verb.COMPLETED, data__object__definition__type=ActivityType.COURSE)
    )


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first instant of a month and of the next, in the local time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(month, time.min, tzinfo=zone)
    return start, datetime.combine(add_months(month, 1), time.min, tzinfo=zone)


def _recount(user_id: int, month: date) -> tuple[int, int]:
    """A person's completions and attendances in one month, from the statements."""
    start, end = month_bounds(month)
    rows = (
        Statement.objects.filter(counted_statements(), user_id=user_id)
        .filter(timestamp_at__gte=start, timestamp_at__lt=end)
        .values_list("verb_iri")
        .annotate(total=Count("pk"))
        .order_by()
    )
    totals = dict(rows)
    return totals.get(Verb.COMPLETED, 0), totals.get(Verb.ATTENDED, 0)


# No savepoint of its own: it runs inside the LRS's write transaction (as a listener),
# where any error rolls the whole batch back anyway; a savepoint would cost two round trips.
@transaction.atomic(savepoint=False)
def activity_record(*, statements: Sequence[Statement]) -> int:
    """Count a batch of newly stored statements in; return the person-months changed."""
    increments: dict[PersonMonth, list[int]] = defaultdict(lambda: [0, 0])
    candidates = [
        row for row in statements if row.user_id and not row.is_voiding and statement_kind(row.data)
    ]
    if candidates:
        already_voided = set(
            Statement.objects.filter(
                pk__in=[row.pk for row in candidates], is_voided=True
            ).values_list("pk", flat=True)
        )
        for row in candidates:
            if row.pk in already_voided:
                continue
            index = 0 if statement_kind(row.data) == COMPLETION else 1
            increments[(row.user_id, month_of(row.timestamp_at))][index] += 1
    refs = [row.statement_ref for row in statements if row.is_voiding and row.statement_ref]
    recount: set[PersonMonth] = set()
    if refs:
        targets = Statement.objects.filter(
            statement_id__in=refs, user__isnull=False, verb_iri__in=[Verb.COMPLETED, Verb.ATTENDED]
        ).values_list("user_id", "timestamp_at")
        recount = {(user_id, month_of(moment)) for user_id, moment in targets}
    return person_months_update(increments=increments, recount=recount)


def _row_home(row: PersonActivityMonth) -> Home | None:
    """The home a person-month is counted in."""
    return stored_home(row.library_id, row.commune_id)


def _vector(completions: int, attendances: int) -> Delta:
    """What one person-month adds to its places: completions, completers, attendances, attendees."""
    return [completions, int(completions > 0), attendances, int(attendances > 0)]


def _move(
    place_deltas: dict[PlaceKey, Delta],
    month: date,
    old: tuple[Home | None, tuple[int, int]],
    new: tuple[Home | None, tuple[int, int]],
) -> None:
    """Take a person-month's old figures out of its old places and add the new ones to its home."""
    for (home, figures), sign in ((old, -1), (new, 1)):
        for place, place_id in places_of(home):
            vector = place_deltas[(month, place, place_id)]
            for index, value in enumerate(_vector(*figures)):
                vector[index] += sign * value


def person_months_update(
    *,
    increments: Mapping[PersonMonth, list[int]],
    recount: Iterable[PersonMonth] = (),
    rehome: Iterable[PersonMonth] = (),
) -> int:
    """Apply increments (or recount from statements) to person-months and their places.

    A person-month counted in another place than the person's home (they changed library)
    moves there: its old figures leave the old places and its new ones go to the home.
    `rehome` lists person-months to move without changing their figures.
    """
    recount = set(recount)
    written = set(increments) | recount
    keys = sorted(written | set(rehome))
    if not keys:
        return 0
    summaries_lock(exclusive=False)
    homes = homes_for({user_id for user_id, _month in keys})
    PersonActivityMonth.objects.bulk_create(
        [
            PersonActivityMonth(
                user_id=user_id,
                month_on=month,
                library_id=homes[user_id].library_id if user_id in homes else None,
                commune_id=homes[user_id].commune_id if user_id in homes else None,
            )
            for user_id, month in sorted(written)
        ],
        ignore_conflicts=True,
    )
    condition = Q(pk__in=[])
    for user_id, month in keys:
        condition |= Q(user_id=user_id, month_on=month)
    rows = {
        (row.user_id, row.month_on): row
        for row in PersonActivityMonth.objects.select_for_update().filter(condition).order_by("pk")
    }
    place_deltas: dict[PlaceKey, Delta] = defaultdict(lambda: [0, 0, 0, 0])
    changed, emptied = [], []
    for key in keys:
        row = rows.get(key)
        if row is None:  # a person-month to move that is gone meanwhile
            continue
        before = (row.completions, row.attendances)
        if key in recount:
            after = _recount(*key)
        elif key in increments:
            after = (before[0] + increments[key][0], before[1] + increments[key][1])
        else:
            after = before
        old_home, home = _row_home(row), homes.get(key[0])
        if after == before and after != (0, 0) and old_home == home:
            continue
        row.completions, row.attendances = after
        row.library_id = home.library_id if home else None
        row.commune_id = home.commune_id if home else None
        (emptied if after == (0, 0) else changed).append(row)
        _move(place_deltas, key[1], (old_home, before), (home, after))
    if changed:
        rows_update(changed, ["completions", "attendances", "library", "commune"])
    if emptied:
        PersonActivityMonth.objects.filter(pk__in=[row.pk for row in emptied]).delete()
    activity_counts_apply(place_deltas)
    return len(changed) + len(emptied)


@transaction.atomic(savepoint=False)
def activity_rehome(*, homes: Mapping[int, Home], user_ids: Sequence[int]) -> int:
    """Move the person-months of some people to their current home; return the rows moved.

    `homes`: the current homes of these people (`homes_for`; people without one left out).
    """
    rows = PersonActivityMonth.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "month_on", "library_id", "commune_id"
    )
    moved = [
        (user_id, month)
        for user_id, month, library_id, commune_id in rows
        if stored_home(library_id, commune_id) != homes.get(user_id)
    ]
    return person_months_update(increments={}, rehome=moved)


def activity_counts_apply(deltas: Mapping[PlaceKey, Delta]) -> None:
    """Add deltas to `ActivityCount` rows (created when missing, dropped when empty)."""
    counters_add(ActivityCount, ("month_on", "place", "place_id"), ACTIVITY_FIELDS, deltas)
