"""Evidence from LRS statements: the statement listener, the rebuild, an activity refresh.

The same function (`evidence_candidates`) decides what a statement proves on every path,
so the listener, `manage.py skills_rebuild` and the refresh after an alignment change
agree. The rules themselves are in `skills/rules.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from lrs.agents import platform_authority
from lrs.models import Statement, iri_hash
from skills.listeners import RecordChange
from skills.models import Evidence, SkillRecord
from skills.rules import Fact, evidence_level, statement_claim, statement_succeeded
from skills.selectors import (
    aligned_activity_iris,
    alignments_by_activity,
    competence_iri_prefix,
    competences_for_iris,
    framework_max_levels,
)
from skills.services.records import Pair, fact_of, records_update

STATEMENT_FIELDS = (
    "seq", "statement_id", "data", "timestamp_at", "user_id", "client_id", "activity_iri",
    "verb_iri", "is_voided", "is_voiding", "statement_ref",
)  # fmt: skip
CHUNK = 2000
USER_CHUNK = 200


@dataclass(frozen=True)
class Candidate:
    """A piece of evidence a statement proves."""

    user_id: int
    competence_id: int
    fact: Fact
    activity_iri: str
    verb_iri: str

    @property
    def key(self) -> tuple[str, int]:
        """Its identity: one statement proves a competence at most once."""
        return (str(self.fact.statement_id), self.competence_id)

    @property
    def pair(self) -> Pair:
        """The record it feeds."""
        return (self.user_id, self.competence_id)

    def row(self) -> Evidence:
        """An unsaved evidence row."""
        return Evidence(
            user_id=self.user_id,
            competence_id=self.competence_id,
            level=self.fact.level,
            provenance=self.fact.provenance,
            observed_at=self.fact.observed_at,
            statement_id=self.fact.statement_id,
            activity_iri=self.activity_iri,
            verb_iri=self.verb_iri,
        )


def statement_is_trusted(statement: Statement) -> bool:
    """Whether the platform or an LRS client (not a browser session) asserted the statement."""
    if statement.client_id is not None:
        return True
    authority = statement.data.get("authority") or {}
    return authority.get("account") == platform_authority()["account"]


def evidence_candidates(statements: Sequence[Statement]) -> list[Candidate]:
    """The evidence a batch of statements proves (see the evidence rule in rules.py)."""
    # Only successes prove anything: the others are dropped before any query (most of what
    # the H5P player posts, such as wrong answers and `interacted`, costs no lookup then).
    statements = [
        row
        for row in statements
        if row.user_id
        and row.activity_iri
        and not row.is_voiding
        and not row.is_voided
        and statement_succeeded(row.data)
    ]
    if not statements:
        return []
    iris = {row.activity_iri for row in statements}
    competences = competences_for_iris(iris)
    alignments = alignments_by_activity(iris - set(competences))
    framework_ids = {competence.framework_id for competence in competences.values()}
    for items in alignments.values():
        framework_ids |= {item.competence.framework_id for item in items}
    tops = framework_max_levels(framework_ids)
    found = []
    for row in statements:
        competence = competences.get(row.activity_iri)
        if competence is not None:
            targets = [(competence, None)]
        else:
            targets = [
                (item.competence, item.level) for item in alignments.get(row.activity_iri, [])
            ]
        if not targets:
            continue
        claim = statement_claim(
            row.data, is_trusted=statement_is_trusted(row), is_competence=competence is not None
        )
        for target, aligned_level in targets:
            level = evidence_level(
                claim, aligned_level=aligned_level, max_level=tops.get(target.framework_id, 0)
            )
            if level is None:
                continue
            fact = Fact(row.statement_id, level, claim.provenance, row.timestamp_at)
            found.append(Candidate(row.user_id, target.pk, fact, row.activity_iri, row.verb_iri))
    return found


def _group(candidates: Iterable[Candidate]) -> dict[Pair, list[Fact]]:
    """Facts grouped by record."""
    grouped: dict[Pair, list[Fact]] = defaultdict(list)
    for candidate in candidates:
        grouped[candidate.pair].append(candidate.fact)
    return grouped


def _group_rows(rows: Iterable[Evidence]) -> dict[Pair, list[Fact]]:
    """Facts of evidence rows grouped by record."""
    grouped: dict[Pair, list[Fact]] = defaultdict(list)
    for row in rows:
        grouped[(row.user_id, row.competence_id)].append(fact_of(row))
    return grouped


# No savepoint of its own: it runs inside the LRS's write transaction (as a listener),
# where any error rolls the whole batch back anyway; a savepoint would cost two round trips.
@transaction.atomic(savepoint=False)
def evidence_collect(*, statements: Sequence[Statement]) -> list[RecordChange]:
    """Turn newly stored statements into evidence and update the records (the LRS listener)."""
    removed: dict[Pair, list[Fact]] = {}
    targets = [row.statement_ref for row in statements if row.is_voiding and row.statement_ref]
    if targets:
        stale = list(Evidence.objects.filter(statement_id__in=targets))
        removed = _group_rows(stale)
        Evidence.objects.filter(pk__in=[row.pk for row in stale]).delete()
    fresh = [row for row in statements if not row.is_voiding and row.user_id and row.activity_iri]
    candidates = evidence_candidates(fresh)
    if candidates:
        # A voiding statement stored before its target marks the target voided on arrival.
        voided = set(
            Statement.objects.filter(pk__in={row.pk for row in fresh}, is_voided=True).values_list(
                "statement_id", flat=True
            )
        )
        existing = set(
            Evidence.objects.filter(
                statement_id__in={candidate.fact.statement_id for candidate in candidates}
            ).values_list("statement_id", "competence_id")
        )
        existing = {(str(statement_id), competence) for statement_id, competence in existing}
        candidates = [
            candidate
            for candidate in candidates
            if candidate.key not in existing and candidate.fact.statement_id not in voided
        ]
        Evidence.objects.bulk_create(
            [candidate.row() for candidate in candidates], ignore_conflicts=True
        )
    return records_update(added=_group(candidates), removed=removed)


@dataclass(frozen=True)
class SyncResult:
    """What a rebuild or a refresh changed."""

    created: int = 0
    deleted: int = 0
    records_changed: int = 0

    def __add__(self, other: SyncResult) -> SyncResult:
        return SyncResult(
            self.created + other.created,
            self.deleted + other.deleted,
            self.records_changed + other.records_changed,
        )


def _batches(queryset: QuerySet[Statement]) -> Iterator[list[Statement]]:
    """Statements of a queryset in batches, in storage order."""
    batch: list[Statement] = []
    for row in queryset.only(*STATEMENT_FIELDS).order_by("seq").iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _batches_by_id(ids: Sequence[int]) -> Iterator[list[Statement]]:
    """Statements by primary key, in batches (short IN lists on every database)."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        yield list(Statement.objects.filter(pk__in=chunk).only(*STATEMENT_FIELDS).order_by("seq"))


def _same(row: Evidence, candidate: Candidate) -> bool:
    """Whether a stored evidence row says what a statement proves now."""
    fact = candidate.fact
    stored = (row.user_id, row.level, row.provenance, row.observed_at, row.activity_iri)
    wanted = (candidate.user_id, fact.level, fact.provenance, fact.observed_at)
    return stored == (*wanted, candidate.activity_iri) and row.verb_iri == candidate.verb_iri


def _sync(
    batches: Iterable[list[Statement]], evidence: QuerySet[Evidence], *, recompute: set[Pair]
) -> SyncResult:
    """Make the evidence of a scope equal what its statements prove; update the records."""
    desired: dict[tuple[str, int], Candidate] = {}
    for batch in batches:
        for candidate in evidence_candidates(batch):
            desired[candidate.key] = candidate
    stale: list[Evidence] = []
    kept: set[tuple[str, int]] = set()
    for row in evidence:
        key = (str(row.statement_id), row.competence_id)
        candidate = desired.get(key)
        if candidate is not None and _same(row, candidate):
            kept.add(key)
        else:
            stale.append(row)
    fresh = [candidate for key, candidate in desired.items() if key not in kept]
    if stale:
        Evidence.objects.filter(pk__in=[row.pk for row in stale]).delete()
    Evidence.objects.bulk_create([candidate.row() for candidate in fresh], batch_size=CHUNK)
    removed, added = _group_rows(stale), _group(fresh)
    changes = records_update(
        added=added, removed=removed, recompute=recompute | set(added) | set(removed)
    )
    return SyncResult(created=len(fresh), deleted=len(stale), records_changed=len(changes))


def _relevant_ids(statements: QuerySet[Statement], aligned: set[str]) -> list[int]:
    """The statements of a scope whose object could prove a competence."""
    prefix = competence_iri_prefix()
    return [
        pk
        for pk, iri in statements.values_list("pk", "activity_iri").iterator(chunk_size=CHUNK)
        if iri in aligned or iri.startswith(prefix)
    ]


def _people() -> list[int]:
    """Everyone who has statements, evidence or a record."""
    ids = set(
        Statement.objects.filter(user__isnull=False).values_list("user_id", flat=True).distinct()
    )
    ids |= set(Evidence.objects.values_list("user_id", flat=True).distinct())
    ids |= set(SkillRecord.objects.values_list("user_id", flat=True).distinct())
    return sorted(ids)


def evidence_rebuild(*, user_ids: Iterable[int] | None = None) -> SyncResult:
    """Rebuild all evidence and records from the statements (idempotent), by batches of people."""
    people = sorted(set(user_ids)) if user_ids is not None else _people()
    aligned = aligned_activity_iris()
    total = SyncResult()
    for start in range(0, len(people), USER_CHUNK):
        chunk = people[start : start + USER_CHUNK]
        total += _rebuild_people(chunk, aligned)
    return total


@transaction.atomic
def _rebuild_people(user_ids: list[int], aligned: set[str]) -> SyncResult:
    """Rebuild the evidence and records of a batch of people, in one transaction."""
    statements = Statement.objects.filter(
        user_id__in=user_ids, is_voided=False, is_voiding=False
    ).exclude(activity_iri="")
    pairs = set(
        Evidence.objects.filter(user_id__in=user_ids).values_list("user_id", "competence_id")
    ) | set(
        SkillRecord.objects.filter(user_id__in=user_ids).values_list("user_id", "competence_id")
    )
    return _sync(
        _batches_by_id(_relevant_ids(statements, aligned)),
        Evidence.objects.filter(user_id__in=user_ids),
        recompute=pairs,
    )


@transaction.atomic
def activity_evidence_refresh(*, activity_iri: str) -> SyncResult:
    """Re-derive the evidence of one activity's statements (after its alignments changed)."""
    statements = Statement.objects.filter(
        activity_hash=iri_hash(activity_iri),
        activity_iri=activity_iri,
        is_voided=False,
        is_voiding=False,
        user__isnull=False,
    )
    return _sync(
        _batches(statements), Evidence.objects.filter(activity_iri=activity_iri), recompute=set()
    )
