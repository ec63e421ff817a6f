"""Progress on a path, derived from the learner's LRS statements."""

from __future__ import annotations

import pytest

from courses.activities import lesson_activity, lesson_iri
from courses.models import LessonPage
from courses.selectors.progress import done_lesson_ids, path_progress_for
from courses.services import lesson_view_record
from lrs.builders import platform_statement
from lrs.services import statement_record
from lrs.vocabulary import Verb
from tests.courses.conftest import h5p_answer
from tests.courses.factories import LessonPageFactory, ModulePageFactory, h5p_lesson, lessons_of

pytestmark = pytest.mark.django_db


def _experienced(user, lesson):
    """An `experienced` statement about a lesson, as any LRS client could send it."""
    return statement_record(
        platform_statement(user=user, verb=Verb.EXPERIENCED, object_=lesson_activity(lesson))
    )


def test_progress_is_empty_before_any_statement(learner, path, enrolled) -> None:
    """Without statements nothing is done: 0 %, and Continue leads to the first lesson."""
    progress = path_progress_for(learner, path)
    assert progress.required_total == 4
    assert progress.required_done == 0
    assert progress.percent == 0
    assert progress.next_lesson == lessons_of(path)[0]
    assert not progress.is_started


def test_experienced_statements_mark_lessons_done_per_module(learner, path, enrolled) -> None:
    """An `experienced` statement on a "viewed" lesson makes it done, module counts follow."""
    first, second, third, _fourth = lessons_of(path)
    _experienced(learner, first)
    _experienced(learner, second)
    _experienced(learner, third)
    progress = path_progress_for(learner, path)
    assert [state.is_done for state in progress.lessons] == [True, True, True, False]
    assert [module.is_done for module in progress.modules] == [True, False]
    assert [module.required_done for module in progress.modules] == [2, 1]
    assert progress.percent == 75
    assert progress.next_lesson == lessons_of(path)[3]


def test_continue_skips_done_lessons_in_any_order(learner, path, enrolled) -> None:
    """Continue leads to the first unfinished lesson even when later ones are done."""
    lessons = lessons_of(path)
    _experienced(learner, lessons[0])
    _experienced(learner, lessons[2])
    assert path_progress_for(learner, path).next_lesson == lessons[1]


def test_another_persons_statements_do_not_count(learner, path, enrolled) -> None:
    """Progress reads only the learner's own statements."""
    from tests.accounts.factories import UserFactory

    other = UserFactory()
    _experienced(other, lessons_of(path)[0])
    assert path_progress_for(learner, path).required_done == 0


def test_voided_statement_no_longer_counts(learner, path) -> None:
    """A voided `experienced` statement (never completed) does not make the lesson done."""
    lesson = lessons_of(path)[0]
    row = _experienced(learner, lesson)
    statement_record(
        {
            **platform_statement(
                user=learner,
                verb=Verb.VOIDED,
                object_={"objectType": "Activity", "id": "urn:x:unused"},
            ),
            "object": {"objectType": "StatementRef", "id": str(row.statement_id)},
        }
    )
    assert done_lesson_ids(learner, [lesson]) == set()


def test_optional_lessons_do_not_count_towards_the_percentage(learner, path, enrolled) -> None:
    """An optional lesson is shown but neither counted nor chosen first by Continue."""
    module = lessons_of(path)[0].get_parent()
    optional = LessonPageFactory(parent=module, is_required=False)
    for lesson in lessons_of(path):
        if lesson.pk != optional.pk:
            _experienced(learner, lesson)
    progress = path_progress_for(learner, path)
    assert progress.required_total == 4
    assert progress.percent == 100
    assert progress.next_lesson.pk == optional.pk


def test_unpublished_and_deleted_lessons_drop_out_without_breaking(learner, path, enrolled) -> None:
    """An unpublished or deleted lesson leaves the count; its statements are ignored."""
    first, second, third, fourth = lessons_of(path)
    _experienced(learner, first)
    second.unpublish()
    LessonPage.objects.get(pk=third.pk).delete()
    progress = path_progress_for(learner, path)
    assert [state.lesson.pk for state in progress.lessons] == [first.pk, fourth.pk]
    assert progress.required_done == 1
    assert progress.percent == 50
    assert progress.next_lesson.pk == fourth.pk


def test_lessons_of_an_unpublished_module_drop_out(learner, path, enrolled) -> None:
    """Unpublishing a module removes its lessons from the path's progress."""
    first_module = lessons_of(path)[0].get_parent()
    first_module.specific.unpublish()
    assert path_progress_for(learner, path).required_total == 2


def test_editing_the_path_keeps_done_lessons_done(learner, path, enrolled) -> None:
    """Renaming, rewriting, reordering lessons and adding new ones keeps done lessons done."""
    first, second, *_rest = lessons_of(path)
    lesson_view_record(user=learner, lesson=first)
    lesson_view_record(user=learner, lesson=second)
    first.title = "Un titre tout neuf"
    first.body = [{"type": "text", "value": "<p>Réécrit de fond en comble.</p>"}]
    first.save_revision().publish()
    other_module = lessons_of(path)[2].get_parent()
    second.move(other_module, pos="last-child")
    ModulePageFactory(parent=path)
    LessonPageFactory(parent=other_module)
    progress = path_progress_for(learner, path)
    done = {state.lesson.pk for state in progress.lessons if state.is_done}
    assert done == {first.pk, second.pk}
    assert progress.required_total == 5


def test_completed_lesson_stays_done_when_its_rule_changes(
    learner, path, enrolled, h5p_content
) -> None:
    """Once recorded `completed`, a lesson stays done even if it becomes an H5P lesson."""
    lesson = lessons_of(path)[0]
    lesson_view_record(user=learner, lesson=lesson)
    lesson.completion_rule = LessonPage.CompletionRule.H5P_PASSED
    lesson.body = [{"type": "h5p", "value": h5p_content.pk}]
    lesson.save_revision().publish()
    assert done_lesson_ids(learner, [LessonPage.objects.get(pk=lesson.pk)]) == {lesson.pk}


@pytest.mark.parametrize(
    ("threshold", "raw", "is_done"),
    [(80, 7, False), (80, 8, True), (100, 9, False), (100, 10, True)],
)
def test_h5p_lesson_is_done_when_the_counted_score_reaches_the_threshold(
    learner, path, enrolled, h5p_content, threshold, raw, is_done
) -> None:
    """An "H5P passed" lesson is done when the content's counted score reaches its threshold."""
    lesson = h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content, threshold=threshold)
    h5p_answer(learner, h5p_content, raw=raw)
    assert (lesson.pk in done_lesson_ids(learner, [lesson])) is is_done


@pytest.mark.parametrize(("raw", "is_done"), [(1, False), (10, True)])
def test_h5p_lesson_without_threshold_follows_the_activitys_own_verdict(
    learner, path, enrolled, h5p_content, raw, is_done
) -> None:
    """Without a threshold, an attempt H5P reports failed (success false) leaves the lesson open."""
    lesson = h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content, threshold=None)
    h5p_answer(learner, h5p_content, raw=raw)
    assert (lesson.pk in done_lesson_ids(learner, [lesson])) is is_done


def test_h5p_lesson_counts_the_best_attempt_under_the_default_policy(
    learner, path, enrolled, h5p_content
) -> None:
    """Under the "best attempt" policy a later failure does not undo a pass."""
    lesson = h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content, threshold=80)
    h5p_answer(learner, h5p_content, raw=9)
    h5p_answer(learner, h5p_content, raw=2)
    assert done_lesson_ids(learner, [lesson]) == {lesson.pk}


def test_h5p_lesson_under_the_last_attempt_policy(learner, path, h5p_content) -> None:
    """Under the "last attempt" policy only the latest score counts (before completion)."""
    h5p_content.attempt_policy = h5p_content.AttemptPolicy.LAST
    h5p_content.save()
    lesson = h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content, threshold=80)
    h5p_answer(learner, h5p_content, raw=9)
    h5p_answer(learner, h5p_content, raw=2)
    assert done_lesson_ids(learner, [lesson]) == set()


def test_reading_an_h5p_lesson_is_not_enough(learner, path, enrolled, h5p_content) -> None:
    """An `experienced` statement does not complete a lesson whose rule is "H5P passed"."""
    lesson = h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content)
    _experienced(learner, lesson)
    assert done_lesson_ids(learner, [lesson]) == set()


def test_progress_of_an_anonymous_visitor_is_empty(path) -> None:
    """Anonymous visitors see the structure with nothing done."""
    from django.contrib.auth.models import AnonymousUser

    progress = path_progress_for(AnonymousUser(), path)
    assert progress.required_total == 4
    assert progress.enrollment is None
    assert not any(state.is_done for state in progress.lessons)


def test_lesson_iri_is_keyed_by_page_id(path) -> None:
    """The lesson IRI depends on the page id only (not on title or place)."""
    lesson = lessons_of(path)[0]
    assert lesson_iri(lesson.pk).endswith(f"/xapi/activities/lesson/{lesson.pk}")
