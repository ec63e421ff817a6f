"""Progress on training paths, derived from the learner's LRS statements.

A lesson is done when the learner has a `completed` statement about it (recorded by
`courses.services.completion` the first time its rule is met), or when its rule is met
now: an `experienced` statement for "viewed" lessons, or every H5P content of the
lesson passed at the lesson's threshold. Progress is keyed by lesson IRI (the page id),
so editing, reordering or renaming pages keeps done lessons done; unpublished and
deleted lessons simply drop out of the count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from courses.activities import lesson_iri, path_iri
from courses.models import Enrollment, LessonPage, ModulePage, TrainingPathPage
from h5p.selectors import content_passed
from lrs.selectors import statements_of_user
from lrs.vocabulary import Verb

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class LessonState:
    """One lesson and whether the learner has done it."""

    lesson: LessonPage
    is_done: bool

    @property
    def is_required(self) -> bool:
        """Whether the lesson counts towards finishing the path."""
        return self.lesson.is_required


@dataclass(frozen=True)
class ModuleState:
    """One module, its lessons' states and its counts."""

    module: ModulePage
    lessons: tuple[LessonState, ...]

    @property
    def required_total(self) -> int:
        """How many required lessons the module has."""
        return sum(1 for state in self.lessons if state.is_required)

    @property
    def required_done(self) -> int:
        """How many of those the learner has done."""
        return sum(1 for state in self.lessons if state.is_required and state.is_done)

    @property
    def is_done(self) -> bool:
        """Whether every required lesson of the module is done."""
        return self.required_done == self.required_total


@dataclass(frozen=True)
class PathProgress:
    """A learner's progress on a path: modules, lessons, percentage, next lesson."""

    path: TrainingPathPage
    modules: tuple[ModuleState, ...]
    is_completed: bool
    enrollment: Enrollment | None

    @property
    def lessons(self) -> list[LessonState]:
        """Every live lesson of the path, in order."""
        return [state for module in self.modules for state in module.lessons]

    @property
    def required_total(self) -> int:
        """How many required lessons the path has."""
        return sum(module.required_total for module in self.modules)

    @property
    def required_done(self) -> int:
        """How many of those the learner has done."""
        return sum(module.required_done for module in self.modules)

    @property
    def percent(self) -> int:
        """The share of required lessons done, 0 to 100 (100 once the path is completed)."""
        if self.is_completed:
            return 100
        if not self.required_total:
            return 0
        return int(100 * self.required_done / self.required_total)

    @property
    def is_started(self) -> bool:
        """Whether the learner has done at least one lesson."""
        return self.is_completed or any(state.is_done for state in self.lessons)

    @property
    def next_lesson(self) -> LessonPage | None:
        """Where "Continue" leads: the first unfinished required lesson, else any unfinished."""
        states = self.lessons
        for state in states:
            if state.is_required and not state.is_done:
                return state.lesson
        for state in states:
            if not state.is_done:
                return state.lesson
        return None


def path_of(page: LessonPage | ModulePage) -> TrainingPathPage | None:
    """The live-or-not training path a module or lesson belongs to."""
    return TrainingPathPage.objects.ancestor_of(page).first()


def path_lessons(path: TrainingPathPage) -> list[tuple[ModulePage, list[LessonPage]]]:
    """The path's live modules with their live lessons, in the editors' order."""
    modules = list(ModulePage.objects.child_of(path).live().order_by("path"))
    lessons = LessonPage.objects.live().descendant_of(path).order_by("path")
    by_module: dict[str, list[LessonPage]] = {module.path: [] for module in modules}
    for lesson in lessons:
        parent_path = lesson.path[: -LessonPage.steplen]
        if parent_path in by_module:
            by_module[parent_path].append(lesson)
    return [(module, by_module[module.path]) for module in modules]


def lesson_rule_met(user: AbstractBaseUser, lesson: LessonPage, *, has_experienced: bool) -> bool:
    """Whether the lesson's completion rule is met now."""
    if lesson.completion_rule == LessonPage.CompletionRule.H5P_PASSED:
        contents = lesson.h5p_contents()
        if contents:
            return all(
                content_passed(user, content, lesson.threshold_ratio) for content in contents
            )
    return has_experienced


def done_lesson_ids(user: AnyUser, lessons: Sequence[LessonPage]) -> set[int]:
    """The ids of the lessons the learner has done, among `lessons`."""
    if not user.is_authenticated or not lessons:
        return set()
    iris = {lesson_iri(lesson.pk): lesson for lesson in lessons}
    rows = statements_of_user(
        user, activity_iris=iris, verbs=[Verb.EXPERIENCED, Verb.COMPLETED]
    ).values_list("activity_iri", "verb_iri")
    completed, experienced = set(), set()
    for iri, verb in rows:
        (completed if verb == Verb.COMPLETED else experienced).add(iri)
    done = set()
    for iri, lesson in iris.items():
        if iri in completed or lesson_rule_met(user, lesson, has_experienced=iri in experienced):
            done.add(lesson.pk)
    return done


def lesson_is_completed(user: AbstractBaseUser, lesson: LessonPage) -> bool:
    """Whether a `completed` statement about the lesson is already stored."""
    return statements_of_user(
        user, activity_iris=[lesson_iri(lesson.pk)], verbs=[Verb.COMPLETED]
    ).exists()


def completed_path_ids(user: AnyUser, paths: Iterable[TrainingPathPage]) -> set[int]:
    """The ids of the paths the learner has completed (a `completed` statement exists)."""
    if not user.is_authenticated:
        return set()
    by_iri = {path_iri(path.pk): path.pk for path in paths}
    if not by_iri:
        return set()
    rows = statements_of_user(user, activity_iris=by_iri, verbs=[Verb.COMPLETED])
    return {by_iri[iri] for iri in rows.values_list("activity_iri", flat=True).distinct()}


def enrollment_for(user: AnyUser, path: TrainingPathPage) -> Enrollment | None:
    """The learner's enrollment in a path, if any."""
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, path=path).first()


def path_progress_for(
    user: AnyUser, path: TrainingPathPage, *, enrollment: Enrollment | None = None
) -> PathProgress:
    """A learner's progress on a path, lesson by lesson and module by module."""
    enrollment = enrollment or enrollment_for(user, path)
    structure = path_lessons(path)
    done = done_lesson_ids(user, [lesson for _module, lessons in structure for lesson in lessons])
    modules = tuple(
        ModuleState(
            module=module,
            lessons=tuple(LessonState(lesson, lesson.pk in done) for lesson in lessons),
        )
        for module, lessons in structure
    )
    is_completed = bool(enrollment and enrollment.is_completed) or bool(
        completed_path_ids(user, [path])
    )
    return PathProgress(
        path=path, modules=modules, is_completed=is_completed, enrollment=enrollment
    )


def missing_prerequisites(user: AnyUser, path: TrainingPathPage) -> list[TrainingPathPage]:
    """The live prerequisite paths of `path` the learner has not completed, in order."""
    required = [
        link.prerequisite
        for link in path.prerequisite_links.select_related("prerequisite").order_by("sort_order")
        if link.prerequisite.live
    ]
    done = completed_path_ids(user, required)
    return [prerequisite for prerequisite in required if prerequisite.pk not in done]


def followed_paths(page: object) -> list[TrainingPathPage]:
    """The paths at or under a page that have enrollments (they must not be deleted)."""
    return list(
        TrainingPathPage.objects.descendant_of(page, inclusive=True)
        .filter(enrollments__isnull=False)
        .distinct()
        .order_by("path")
    )
