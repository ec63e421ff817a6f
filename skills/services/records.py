"""Keeping skill records and their history current from evidence (the level rule in rules.py).

A write touches only the (person, competence) pairs it concerns. New evidence that comes
after everything a record has seen is folded onto the stored state (no read of older
evidence); anything else (evidence arriving out of order, evidence removed) recomputes
that pair from its own evidence rows. Both paths run `rules.record_fold`, so they agree
with a full rebuild. Records are locked while they change, so concurrent writes for one
person serialise instead of losing an update.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import astuple, fields

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.rows import rows_update
from skills.listeners import RecordChange, record_changes_notify
from skills.models import Evidence, SkillLevelChange, SkillRecord
from skills.rules import Fact, RecordState, Step, can_fold_onto, record_fold

Pair = tuple[int, int]  # (user id, competence id)
STATE_FIELDS = [item.name for item in fields(RecordState)]
EMPTY = RecordState()


def state_of(record: SkillRecord) -> RecordState:
    """The rule state stored in a record row."""
    return RecordState(**{name: getattr(record, name) for name in STATE_FIELDS})


def fact_of(evidence: Evidence) -> Fact:
    """The rule view of an evidence row."""
    return Fact(
        statement_id=evidence.statement_id,
        level=evidence.level,
        provenance=evidence.provenance,
        observed_at=evidence.observed_at,
    )


def _pairs_condition(pairs: Iterable[Pair]) -> Q:
    """A filter matching rows of some (user, competence) pairs."""
    by_user: dict[int, set[int]] = defaultdict(set)
    for user_id, competence_id in pairs:
        by_user[user_id].add(competence_id)
    condition = Q(pk__in=[])
    for user_id, competence_ids in by_user.items():
        condition |= Q(user_id=user_id, competence_id__in=sorted(competence_ids))
    return condition


def _locked_records(pairs: set[Pair]) -> dict[Pair, SkillRecord]:
    """The records of some pairs, created when missing, locked for this transaction."""

    def lock(wanted: set[Pair]) -> dict[Pair, SkillRecord]:
        """Lock the existing records of some pairs, in id order (no deadlock)."""
        rows = SkillRecord.objects.select_for_update().filter(_pairs_condition(wanted))
        return {(row.user_id, row.competence_id): row for row in rows.order_by("pk")}

    records = lock(pairs)
    missing = pairs - set(records)
    if missing:
        SkillRecord.objects.bulk_create(
            [SkillRecord(user_id=user, competence_id=item) for user, item in sorted(missing)],
            ignore_conflicts=True,
        )
        records.update(lock(missing))
    return records


def _step_rows(pair: Pair, steps: Iterable[Step]) -> list[SkillLevelChange]:
    """History rows for some steps of one pair."""
    user_id, competence_id = pair
    return [
        SkillLevelChange(
            user_id=user_id,
            competence_id=competence_id,
            track=step.track,
            level=step.level,
            previous_level=step.previous_level,
            provenance=step.provenance,
            changed_at=step.changed_at,
            statement_id=step.statement_id,
        )
        for step in steps
    ]


def _step_of(row: SkillLevelChange) -> Step:
    """The rule view of a history row."""
    return Step(
        row.track, row.level, row.previous_level, row.provenance, row.changed_at, row.statement_id
    )


# No savepoint of its own: its callers (the LRS listener first) run it inside their own
# transaction, where any error rolls everything back anyway; a savepoint costs two round trips.
@transaction.atomic(savepoint=False)
def records_update(
    *,
    added: Mapping[Pair, list[Fact]] | None = None,
    removed: Mapping[Pair, list[Fact]] | None = None,
    recompute: Iterable[Pair] = (),
) -> list[RecordChange]:
    """Bring the records of the touched pairs in line with their evidence; notify listeners."""
    added = added or {}
    removed = removed or {}
    slow = set(recompute) | set(removed)
    pairs = slow | set(added)
    if not pairs:
        return []
    records = _locked_records(pairs)
    before = {pair: state_of(records[pair]) for pair in pairs}
    fast = {pair for pair in pairs - slow if can_fold_onto(before[pair], added[pair])}
    slow |= pairs - fast
    after: dict[Pair, RecordState] = {}
    new_steps: list[SkillLevelChange] = []
    for pair in sorted(fast):
        after[pair], steps = record_fold(before[pair], added[pair])
        new_steps += _step_rows(pair, steps)
    states, replaced = _recompute(slow, new_steps)
    after.update(states)
    SkillLevelChange.objects.bulk_create(new_steps)
    return _save(records, before, after, added, removed, replaced)


def _recompute(
    pairs: set[Pair], new_steps: list[SkillLevelChange]
) -> tuple[dict[Pair, RecordState], set[Pair]]:
    """Fold each pair's evidence from scratch; replace its history when it differs.

    Returns the new states and the pairs whose history was replaced.
    """
    if not pairs:
        return {}, set()
    facts: dict[Pair, list[Fact]] = defaultdict(list)
    for row in Evidence.objects.filter(_pairs_condition(pairs)).only(
        "user_id", "competence_id", "statement_id", "level", "provenance", "observed_at"
    ):
        facts[(row.user_id, row.competence_id)].append(fact_of(row))
    history: dict[Pair, list[Step]] = defaultdict(list)
    for row in SkillLevelChange.objects.filter(_pairs_condition(pairs)).order_by(
        "changed_at", "statement_id", "pk"
    ):
        history[(row.user_id, row.competence_id)].append(_step_of(row))
    states: dict[Pair, RecordState] = {}
    stale: set[Pair] = set()
    for pair in sorted(pairs):
        states[pair], steps = record_fold(EMPTY, facts.get(pair, []))
        if [astuple(step) for step in steps] != [astuple(step) for step in history[pair]]:
            stale.add(pair)
            new_steps += _step_rows(pair, steps)
    if stale:
        SkillLevelChange.objects.filter(_pairs_condition(stale)).delete()
    return states, stale


def _save(
    records: dict[Pair, SkillRecord],
    before: dict[Pair, RecordState],
    after: dict[Pair, RecordState],
    added: Mapping[Pair, list[Fact]],
    removed: Mapping[Pair, list[Fact]],
    replaced: set[Pair],
) -> list[RecordChange]:
    """Write the records whose state changed, drop the empty ones, and notify listeners.

    Listeners hear of every pair whose state, history or evidence changed: a re-alignment
    can change the level a person held in past months (their history) or the evidence of
    one provenance while the current state stays the same.
    """
    changed: list[SkillRecord] = []
    empty: list[int] = []
    changes: list[RecordChange] = []
    now = timezone.now()
    for pair, record in sorted(records.items()):
        old, new = before[pair], after[pair]
        if new == EMPTY:
            empty.append(record.pk)
        elif new != old:
            for name in STATE_FIELDS:
                setattr(record, name, getattr(new, name))
            record.updated_at = now
            changed.append(record)
        if new != old or pair in replaced or added.get(pair) or removed.get(pair):
            changes.append(
                RecordChange(
                    user_id=pair[0],
                    competence_id=pair[1],
                    before=None if old == EMPTY else old,
                    after=None if new == EMPTY else new,
                    added=tuple(added.get(pair, ())),
                    removed=tuple(removed.get(pair, ())),
                )
            )
    if changed:
        rows_update(changed, [*STATE_FIELDS, "updated_at"])
    if empty:
        SkillRecord.objects.filter(pk__in=empty).delete()
    record_changes_notify(changes)
    return changes
