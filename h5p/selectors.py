"""Reads of the h5p app: installed libraries, activity IRIs, attempts and counted scores.

Attempts come from the LRS. H5P sends one statement per question answered; statements about
sub-contents have the object id ``<content IRI>?subContentId=…`` and the content IRI as context
parent, so only statements whose object is the content IRI itself are attempts at the content.
An attempt has a score when its result has a positive maximum (or a scaled score); content
without a score (max 0, or no score at all) counts as completed, never as a zero grade.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from h5p.models import H5PContent, H5PLibrary
from h5p.validation import LibraryRef
from lrs.builders import activity_iri
from lrs.selectors import statements_of_user
from lrs.vocabulary import Verb

# Verbs whose result describes an attempt at a whole content.
ATTEMPT_VERBS = (
    Verb.ANSWERED,
    Verb.COMPLETED,
    Verb.PASSED,
    Verb.FAILED,
    Verb.SCORED,
    Verb.MASTERED,
)
_SCALED_TOLERANCE = 1e-9


def installed_libraries() -> dict[LibraryRef, tuple[LibraryRef, ...]]:
    """Every installed library with its preloaded dependencies (for the validator)."""
    return {
        library.ref: tuple(LibraryRef(*dep) for dep in library.preloaded_dependencies)
        for library in H5PLibrary.objects.all()
    }


def installed_library_rows() -> dict[LibraryRef, H5PLibrary]:
    """Every installed library row by ref (one row per library version: a small table)."""
    return {library.ref: library for library in H5PLibrary.objects.all()}


def libraries_by_ref(refs: Sequence[LibraryRef]) -> dict[LibraryRef, H5PLibrary]:
    """The installed rows among ``refs``."""
    names = {ref.machine_name for ref in refs}
    wanted = set(refs)
    return {
        library.ref: library
        for library in H5PLibrary.objects.filter(machine_name__in=names)
        if library.ref in wanted
    }


def content_activity_iri(content: H5PContent) -> str:
    """The stable xAPI activity IRI of a content (its ``xAPIObjectIRI``)."""
    return activity_iri("h5p", content.pk)


def content_libraries(content: H5PContent) -> QuerySet[H5PLibrary]:
    """The libraries a content loads, in load order."""
    return H5PLibrary.objects.filter(usages__content=content).order_by("usages__position")


def contents_listed() -> QuerySet[H5PContent]:
    """Contents for listings and choosers, with their main library."""
    return H5PContent.objects.select_related("main_library").order_by("title", "pk")


@dataclass(frozen=True)
class Attempt:
    """One finished attempt at a content, read from a top-level statement."""

    statement_id: UUID
    stored_at: datetime
    verb: str
    raw: float | None
    max: float | None
    scaled: float | None
    success: bool | None
    is_completed: bool

    @property
    def is_scored(self) -> bool:
        """Whether the attempt carries a real score (a zero maximum is no score)."""
        return self.scaled is not None

    @property
    def percent(self) -> int | None:
        """The scaled score as a rounded percentage."""
        return None if self.scaled is None else round(self.scaled * 100)


@dataclass(frozen=True)
class CountedScore:
    """What counts for a learner on a content, after the attempt policy."""

    attempt: Attempt
    attempts_count: int
    scaled: float | None
    is_completed: bool

    @property
    def is_scored(self) -> bool:
        """Whether the result is a score (False: the content was only completed)."""
        return self.scaled is not None

    @property
    def percent(self) -> int | None:
        """The counted score as a rounded percentage."""
        return None if self.scaled is None else round(self.scaled * 100)


def _number(value: Any) -> float | None:
    """A JSON number as float (booleans are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def attempt_from_statement(
    statement_id: UUID, stored_at: datetime, data: Mapping[str, Any]
) -> Attempt | None:
    """The attempt a statement records, or None when its result says nothing."""
    result = data.get("result")
    if not isinstance(result, Mapping):
        return None
    score = result.get("score") if isinstance(result.get("score"), Mapping) else {}
    raw, maximum = _number(score.get("raw")), _number(score.get("max"))
    scaled = _number(score.get("scaled"))
    if maximum is not None:
        if maximum > 0 and raw is not None:
            scaled = min(max(raw / maximum, 0.0), 1.0) if scaled is None else scaled
        elif maximum <= 0:
            scaled = None  # "0 out of 0": a content without a score
    success = result.get("success") if isinstance(result.get("success"), bool) else None
    completed = result.get("completion") is True
    verb = str(data.get("verb", {}).get("id", ""))
    if verb in (Verb.COMPLETED, Verb.PASSED, Verb.MASTERED):
        completed = True
    if scaled is None and not completed and success is None:
        return None
    return Attempt(
        statement_id=statement_id,
        stored_at=stored_at,
        verb=verb,
        raw=raw,
        max=maximum,
        scaled=scaled,
        success=success,
        is_completed=completed or scaled is not None,
    )


def attempts_for(user: AbstractBaseUser, content: H5PContent) -> list[Attempt]:
    """A learner's attempts at a content (top-level statements only), oldest first."""
    rows = statements_of_user(
        user, activity_iris=[content_activity_iri(content)], verbs=ATTEMPT_VERBS
    ).only("statement_id", "stored_at", "data")
    attempts = (attempt_from_statement(row.statement_id, row.stored_at, row.data) for row in rows)
    return [attempt for attempt in attempts if attempt is not None]


def counted_from_attempts(attempts: Sequence[Attempt], policy: str) -> CountedScore | None:
    """Apply an attempt policy (best, first or last) to attempts in chronological order."""
    if not attempts:
        return None
    scored = [attempt for attempt in attempts if attempt.is_scored]
    if scored:
        if policy == H5PContent.AttemptPolicy.FIRST:
            chosen = scored[0]
        elif policy == H5PContent.AttemptPolicy.LAST:
            chosen = scored[-1]
        else:  # best; the earliest of equal scores
            chosen = max(scored, key=lambda attempt: (attempt.scaled, -scored.index(attempt)))
        return CountedScore(
            attempt=chosen, attempts_count=len(attempts), scaled=chosen.scaled, is_completed=True
        )
    completed = [attempt for attempt in attempts if attempt.is_completed]
    chosen = completed[0] if completed else attempts[-1]
    return CountedScore(
        attempt=chosen,
        attempts_count=len(attempts),
        scaled=None,
        is_completed=bool(completed),
    )


def counted_score(user: AbstractBaseUser, content: H5PContent) -> CountedScore | None:
    """The learner's result on a content under its attempt policy; None before any attempt."""
    return counted_from_attempts(attempts_for(user, content), content.attempt_policy)


def content_passed(
    user: AbstractBaseUser, content: H5PContent, threshold: float | None = None
) -> bool:
    """Whether the counted score reaches ``threshold`` (0–1); unscored content: completed.

    Without ``threshold`` the content's pass mark on the platform applies; without either,
    H5P's own verdict decides: an attempt it reports failed (``success: false``) never
    counts, and the counted attempt is chosen among the others.
    """
    attempts = attempts_for(user, content)
    if threshold is None and content.pass_percentage is not None:
        threshold = content.pass_percentage / 100
    if threshold is None:
        attempts = [attempt for attempt in attempts if attempt.success is not False]
    counted = counted_from_attempts(attempts, content.attempt_policy)
    if counted is None:
        return False
    if counted.scaled is None or threshold is None:
        return counted.is_completed
    return counted.scaled + _SCALED_TOLERANCE >= threshold
