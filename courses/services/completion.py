"""Lesson and path completion, driven by the statements the LRS stores.

`statements_process` is registered as an LRS statement listener: whenever statements
about a lesson or an H5P content arrive (a lesson read to its end, an H5P answer posted
by the player), the lessons concerned are checked against their rule; a lesson whose
rule is met gets a `completed` statement (so it stays done whatever later edits), and a
path whose last required lesson is done is completed: `completed` statement, enrollment
closed, certificate issued. The skills app turns the path's `completed` statement into
evidence through its own listener.

The listener runs inside the store's transaction of every statement the H5P player posts,
so it only looks at what can change a verdict: of the statements about an H5P content,
the attempts at the content itself (`h5p.selectors.ATTEMPT_VERBS` on its own IRI, the
only ones `content_passed` counts), not the answers to its sub-questions or the
`interacted` and `progressed` ones; and a path is re-checked only when one of its lessons
was just completed (enrolling and structural edits re-check it on their own). Before,
every statement of a learner answering a quiz cost about 45 ms of CPU in these checks
(demo data, development machine).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.services import certificate_issue
from courses.activities import (
    H5P,
    LESSON,
    h5p_iri,
    id_from_iri,
    lesson_activity,
    lesson_iri,
    module_activity,
    path_activity,
    path_iri,
)
from courses.models import Enrollment, LessonPage, TrainingPathPage
from courses.selectors.progress import (
    enrollment_for,
    lesson_is_completed,
    lesson_rule_met,
    path_of,
    path_progress_for,
)
from h5p.selectors import ATTEMPT_VERBS
from lrs.builders import platform_statement
from lrs.models import Statement
from lrs.selectors import statements_of_user
from lrs.services import statement_record
from lrs.vocabulary import Extension, Verb
from skills.selectors import competences_snapshot


@transaction.atomic
def lesson_view_record(*, user: AbstractBaseUser, lesson: LessonPage) -> Statement:
    """Record that a learner reached the end of a lesson (`experienced`)."""
    if not lesson.live:
        raise ValidationError(_("This lesson is not published."), code="not_live")
    path = path_of(lesson)
    if path is not None and not path.live:
        raise ValidationError(_("This training path is not published."), code="path_not_live")
    enrollment = enrollment_for(user, path) if path is not None else None
    if enrollment is None:
        raise ValidationError(
            _("Enroll in the training path to record your progress."), code="not_enrolled"
        )
    module = lesson.get_parent().specific
    return statement_record(
        platform_statement(
            user=user,
            verb=Verb.EXPERIENCED,
            object_=lesson_activity(lesson),
            registration=enrollment.registration,
            parents=[module_activity(module), path_activity(path)],
        )
    )


def statements_process(rows: Sequence[Statement]) -> None:
    """LRS listener: complete the lessons and paths that new statements finish."""
    lessons_by_user: dict[int, set[int]] = defaultdict(set)
    contents_by_user: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        if row.user_id is None or row.is_voiding or not row.activity_iri:
            continue
        lesson_id = id_from_iri(row.activity_iri, LESSON)
        if lesson_id is not None:
            lessons_by_user[row.user_id].add(lesson_id)
            continue
        content_id = id_from_iri(row.activity_iri, H5P)
        if (
            content_id is not None
            and row.verb_iri in ATTEMPT_VERBS
            and row.activity_iri == h5p_iri(content_id)
        ):
            contents_by_user[row.user_id].add(content_id)
    users = get_user_model().objects.in_bulk(set(lessons_by_user) | set(contents_by_user))
    for user_id, user in users.items():
        lesson_ids = lessons_by_user[user_id] | _lessons_with_contents(
            user, contents_by_user[user_id]
        )
        if lesson_ids:
            lessons_progress_update(user=user, lesson_ids=lesson_ids)


def _lessons_with_contents(user: AbstractBaseUser, content_ids: set[int]) -> set[int]:
    """The H5P-rule lessons of the learner's ongoing paths that hold one of these contents."""
    if not content_ids:
        return set()
    # One query for all the paths: the lessons under their tree paths (a page's descendants
    # are the pages whose tree path starts with its own), loading only the body.
    tree_paths = Enrollment.objects.ongoing().filter(user=user).values_list("path__path", flat=True)
    under_a_path = Q()
    for tree_path in tree_paths:
        under_a_path |= Q(path__startswith=tree_path)
    if not under_a_path:
        return set()
    lessons = (
        LessonPage.objects.live()
        .filter(under_a_path, completion_rule=LessonPage.CompletionRule.H5P_PASSED)
        .only("body")
    )
    return {lesson.pk for lesson in lessons if content_ids & lesson.h5p_content_ids()}


@transaction.atomic
def lessons_progress_update(*, user: AbstractBaseUser, lesson_ids: Iterable[int]) -> list[int]:
    """Record `completed` for the lessons whose rule is now met; complete finished paths.

    Returns the ids of the lessons completed by this call. Lessons outside the learner's
    ongoing enrollments, unpublished or deleted, or in an unpublished path are ignored.
    """
    newly_completed: list[int] = []
    advanced: dict[int, Enrollment] = {}  # the enrollments in which a lesson was completed
    for lesson in LessonPage.objects.live().filter(pk__in=set(lesson_ids)).order_by("path"):
        path = path_of(lesson)
        if path is None or not path.live:
            continue
        enrollment = enrollment_for(user, path)
        if enrollment is None or enrollment.is_completed:
            continue
        if lesson_is_completed(user, lesson):
            continue
        has_experienced = statements_of_user(
            user, activity_iris=[lesson_iri(lesson.pk)], verbs=[Verb.EXPERIENCED]
        ).exists()
        if lesson_rule_met(user, lesson, has_experienced=has_experienced):
            _lesson_complete(user=user, lesson=lesson, path=path, enrollment=enrollment)
            newly_completed.append(lesson.pk)
            advanced[enrollment.pk] = enrollment
    for enrollment in advanced.values():
        path_completion_check(enrollment=enrollment)
    return newly_completed


def _lesson_complete(
    *, user: AbstractBaseUser, lesson: LessonPage, path: TrainingPathPage, enrollment: Enrollment
) -> Statement:
    """Record that a lesson is done, once and for all."""
    module = lesson.get_parent().specific
    return statement_record(
        platform_statement(
            user=user,
            verb=Verb.COMPLETED,
            object_=lesson_activity(lesson),
            result={"completion": True},
            registration=enrollment.registration,
            parents=[module_activity(module), path_activity(path)],
        )
    )


@transaction.atomic
def path_completion_check(*, enrollment: Enrollment) -> Enrollment:
    """Complete the path when every required lesson is done (idempotent; live paths only)."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("path", "user").get(pk=enrollment.pk)
    )
    if enrollment.is_completed or not enrollment.path.live:
        return enrollment
    progress = path_progress_for(enrollment.user, enrollment.path, enrollment=enrollment)
    if progress.required_total and progress.required_done == progress.required_total:
        return path_complete(enrollment=enrollment)
    return enrollment


@transaction.atomic
def path_complete(*, enrollment: Enrollment) -> Enrollment:
    """Close an enrollment: `completed` statement, then the certificate."""
    completed_at = timezone.now()
    enrollment.completed_at = completed_at
    enrollment.save(update_fields=["completed_at"])
    statement_record(
        platform_statement(
            user=enrollment.user,
            verb=Verb.COMPLETED,
            object_=path_activity(enrollment.path),
            result={"completion": True},
            registration=enrollment.registration,
            extensions={Extension.PROVENANCE: "online"},
            timestamp=completed_at,
        )
    )
    path_certificate_issue(enrollment=enrollment)
    return enrollment


def path_certificate_issue(*, enrollment: Enrollment) -> object:
    """Issue (idempotently) the certificate of a finished path, with its competences."""
    path = enrollment.path
    return certificate_issue(
        user=enrollment.user,
        achievement_key=f"path:{path.pk}",
        kind="path",
        title=path.title,
        completed_on=timezone.localdate(enrollment.completed_at),
        duration_minutes=path.estimated_duration_minutes,
        competences=competences_snapshot(path_iri(path.pk)),
    )


@transaction.atomic
def path_completions_refresh(*, path: TrainingPathPage) -> int:
    """Re-check every ongoing enrollment of a path (after a lesson is unpublished or deleted)."""
    completed = 0
    for enrollment in Enrollment.objects.ongoing().filter(path=path):
        if path_completion_check(enrollment=enrollment).is_completed:
            completed += 1
    return completed
