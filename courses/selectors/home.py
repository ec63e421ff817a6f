"""Reads for the learner's home ("Mon espace") and the skills page's next steps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser

from certificates.models import Certificate
from courses.models import Enrollment, PathCompetence, TrainingCatalogPage, TrainingPathPage
from courses.selectors.catalogue import published_paths
from courses.selectors.certificates import path_certificates
from courses.selectors.progress import PathProgress, completed_path_ids, path_progress_for
from skills.selectors import skill_records
from skills.suggestions import NextStep, NextStepTarget


@dataclass(frozen=True)
class PathEntry:
    """One of the learner's paths with its progress and, when finished, its certificate."""

    enrollment: Enrollment
    progress: PathProgress
    certificate: Certificate | None = None

    @property
    def path(self) -> TrainingPathPage:
        """The path."""
        return self.enrollment.path


@dataclass(frozen=True)
class Suggestion:
    """A path that would raise a competence the learner has not reached yet."""

    path: TrainingPathPage
    targets: tuple[PathCompetence, ...]


@dataclass(frozen=True)
class LearnerPaths:
    """A learner's paths, sorted for "Mon espace"."""

    in_progress: list[PathEntry]
    assigned: list[PathEntry]
    completed: list[PathEntry]
    suggested: list[Suggestion]
    catalog: TrainingCatalogPage | None

    @property
    def is_empty(self) -> bool:
        """Whether the learner has no path at all."""
        return not (self.in_progress or self.assigned or self.completed)


def learner_paths(user: AbstractBaseUser, *, suggestions: int = 3) -> LearnerPaths:
    """The learner's paths in progress, assigned (not started), completed, and suggestions."""
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .select_related("path", "assigned_by")
        .order_by("due_on", "-enrolled_at")
    )
    in_progress, assigned, completed = [], [], []
    finished = [e for e in enrollments if e.is_completed]
    certificates = path_certificates(user, [e.path_id for e in finished])
    for enrollment in enrollments:
        if enrollment.is_completed:
            progress = path_progress_for(user, enrollment.path, enrollment=enrollment)
            completed.append(PathEntry(enrollment, progress, certificates.get(enrollment.path_id)))
            continue
        if not enrollment.path.live:
            continue
        progress = path_progress_for(user, enrollment.path, enrollment=enrollment)
        entry = PathEntry(enrollment, progress)
        if enrollment.is_assigned and not progress.is_started:
            assigned.append(entry)
        else:
            in_progress.append(entry)
    completed.sort(key=lambda entry: entry.enrollment.completed_at, reverse=True)
    taken = {enrollment.path_id for enrollment in enrollments}
    return LearnerPaths(
        in_progress=in_progress,
        assigned=assigned,
        completed=completed,
        suggested=suggested_paths(user, exclude=taken)[:suggestions],
        catalog=TrainingCatalogPage.objects.live().first(),
    )


def _levels_of(user: AbstractBaseUser) -> dict[int, int]:
    """The learner's validated level per competence id."""
    return dict(skill_records(user_ids=[user.pk]).values_list("competence_id", "level"))


def suggested_paths(user: AbstractBaseUser, *, exclude: Iterable[int] = ()) -> list[Suggestion]:
    """Published paths aiming above the learner's level on at least one competence."""
    levels = _levels_of(user)
    excluded = set(exclude)
    paths = [path for path in published_paths() if path.pk not in excluded]
    excluded |= completed_path_ids(user, paths)
    targets = (
        PathCompetence.objects.filter(page__in=[p.pk for p in paths if p.pk not in excluded])
        .select_related("competence__framework")
        .order_by("page_id", "sort_order")
    )
    by_path: dict[int, list[PathCompetence]] = {}
    for target in targets:
        if target.level > levels.get(target.competence_id, 0):
            by_path.setdefault(target.page_id, []).append(target)
    return [Suggestion(path, tuple(by_path[path.pk])) for path in paths if path.pk in by_path]


def next_steps(user: AbstractBaseUser, targets: Sequence[NextStepTarget]) -> list[NextStep]:
    """Skills' next-step provider: published paths aligned to the next level of a competence.

    A path counts when it aims at the next level or above on the competence, closest
    level first, and the learner has not finished it.
    """
    wanted = {target.competence_id: target for target in targets}
    if not wanted:
        return []
    paths = {path.pk: path for path in published_paths()}
    done = completed_path_ids(user, paths.values())
    rows = (
        PathCompetence.objects.filter(competence_id__in=wanted, page_id__in=paths)
        .exclude(page_id__in=done)
        .order_by("level", "page__path")
    )
    steps = []
    for row in rows:
        target = wanted[row.competence_id]
        if row.level >= target.next_level:
            path = paths[row.page_id]
            steps.append(
                NextStep(
                    competence_id=row.competence_id,
                    title=path.title,
                    url=path.url,
                    level=row.level,
                    kind="path",
                )
            )
    return steps
