"""Completion rules: lessons and paths completed from statements; certificate and evidence."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from certificates.models import Certificate
from courses.activities import lesson_iri, path_iri
from courses.models import Enrollment, LessonPage, ModulePage
from courses.services import (
    completion,
    enrollment_create,
    lesson_view_record,
    path_alignments_sync,
    path_completions_refresh,
)
from lrs.models import Statement
from lrs.vocabulary import Verb
from skills.models import Evidence, SkillRecord
from tests.courses.conftest import h5p_answer
from tests.courses.factories import h5p_lesson, lessons_of, path_with_lessons, target

pytestmark = pytest.mark.django_db


def _statements(user, iri: str, verb: str):
    return Statement.objects.filter(user=user, activity_iri=iri, verb_iri=verb)


def test_reaching_the_end_records_experienced_and_completes_the_lesson(
    learner, path, enrolled
) -> None:
    """Reading a "viewed" lesson to its end records `experienced`, then `completed` once."""
    lesson = lessons_of(path)[0]
    lesson_view_record(user=learner, lesson=lesson)
    lesson_view_record(user=learner, lesson=lesson)
    experienced = _statements(learner, lesson_iri(lesson.pk), Verb.EXPERIENCED)
    assert experienced.count() == 2
    data = experienced.first().data
    assert data["context"]["registration"] == str(enrolled.registration)
    parents = [parent["id"] for parent in data["context"]["contextActivities"]["parent"]]
    assert path_iri(path.pk) in parents
    assert _statements(learner, lesson_iri(lesson.pk), Verb.COMPLETED).count() == 1


def test_recording_a_view_needs_an_enrollment(learner, path) -> None:
    """Without an enrollment, reading a lesson is refused with a clear message."""
    with pytest.raises(ValidationError, match="Inscrivez-vous au parcours"):
        lesson_view_record(user=learner, lesson=lessons_of(path)[0])
    assert not Statement.objects.filter(user=learner).exists()


def test_recording_a_view_of_an_unpublished_lesson_is_refused(learner, path, enrolled) -> None:
    """An unpublished lesson cannot be recorded as read."""
    lesson = lessons_of(path)[0]
    lesson.unpublish()
    with pytest.raises(ValidationError, match="n’est pas publiée"):
        lesson_view_record(user=learner, lesson=LessonPage.objects.get(pk=lesson.pk))


def test_last_required_lesson_completes_the_path(learner, path, enrolled, digcomp) -> None:
    """The last lesson done: `completed` statement for the path, enrollment closed."""
    target(path, digcomp["4.2"], 3)
    path_alignments_sync(path=path)
    lessons = lessons_of(path)
    for lesson in lessons[:-1]:
        lesson_view_record(user=learner, lesson=lesson)
    assert not _statements(learner, path_iri(path.pk), Verb.COMPLETED).exists()
    lesson_view_record(user=learner, lesson=lessons[-1])
    completed = _statements(learner, path_iri(path.pk), Verb.COMPLETED)
    assert completed.count() == 1
    assert completed.get().data["result"]["completion"] is True
    enrolled.refresh_from_db()
    assert enrolled.is_completed


def test_completion_issues_the_certificate_with_the_target_competences(
    learner, path, enrolled, digcomp
) -> None:
    """Completing a path calls the certificates service: one certificate, its competences frozen."""
    target(path, digcomp["4.2"], 3)
    target(path, digcomp["4.1"], 2)
    path_alignments_sync(path=path)
    for lesson in lessons_of(path):
        lesson_view_record(user=learner, lesson=lesson)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.achievement_key == f"path:{path.pk}"
    assert certificate.kind == "path"
    assert certificate.title == path.title
    assert certificate.snapshot["achievement"]["duration_minutes"] == 60
    competences = certificate.snapshot["achievement"]["competences"]
    assert {(c["code"], c["level"]) for c in competences} == {("4.2", 3), ("4.1", 2)}
    assert Statement.objects.filter(user=learner, verb_iri=Verb.EARNED).count() == 1


def test_completion_gives_skills_evidence_for_the_aligned_competences(
    learner, path, enrolled, digcomp
) -> None:
    """The path's `completed` statement becomes evidence at the aligned levels."""
    target(path, digcomp["4.2"], 3)
    path_alignments_sync(path=path)
    for lesson in lessons_of(path):
        lesson_view_record(user=learner, lesson=lesson)
    evidence = Evidence.objects.get(user=learner, competence=digcomp["4.2"])
    assert evidence.level == 3
    assert SkillRecord.objects.get(user=learner, competence=digcomp["4.2"]).level == 3


def test_completion_happens_once(learner, path, enrolled) -> None:
    """Reading lessons again after completion records no second completion or certificate."""
    for lesson in lessons_of(path) + lessons_of(path):
        lesson_view_record(user=learner, lesson=lesson)
    assert _statements(learner, path_iri(path.pk), Verb.COMPLETED).count() == 1
    assert Certificate.objects.filter(user=learner).count() == 1


def test_h5p_answers_from_the_player_complete_the_lesson_and_the_path(
    learner, path, enrolled, h5p_content
) -> None:
    """A passing H5P result posted to the LRS completes its lesson, then the path."""
    lessons = lessons_of(path)
    quiz = h5p_lesson(lessons[-1].get_parent(), h5p_content, threshold=80)
    for lesson in lessons:
        lesson_view_record(user=learner, lesson=lesson)
    assert not Enrollment.objects.get(pk=enrolled.pk).is_completed
    h5p_answer(learner, h5p_content, raw=5)
    assert not _statements(learner, lesson_iri(quiz.pk), Verb.COMPLETED).exists()
    h5p_answer(learner, h5p_content, raw=9)
    assert _statements(learner, lesson_iri(quiz.pk), Verb.COMPLETED).count() == 1
    assert Enrollment.objects.get(pk=enrolled.pk).is_completed
    assert Certificate.objects.filter(user=learner, achievement_key=f"path:{path.pk}").exists()


def _spy(monkeypatch, name: str) -> list:
    """Record the keyword arguments of each call to a function of courses.services.completion."""
    calls: list = []
    real = getattr(completion, name)

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(completion, name, spy)
    return calls


def test_only_attempts_at_the_content_itself_run_the_lesson_checks(
    learner, path, enrolled, h5p_content, monkeypatch
) -> None:
    """Sub-question answers and `interacted` skip the checks; the content's own answer runs them."""
    quiz = h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content, threshold=80)
    checks = _spy(monkeypatch, "lessons_progress_update")
    h5p_answer(learner, h5p_content, raw=10, suffix="?subContentId=4b2f")
    h5p_answer(learner, h5p_content, raw=10, verb=Verb.INTERACTED)
    assert checks == []
    assert not _statements(learner, lesson_iri(quiz.pk), Verb.COMPLETED).exists()
    h5p_answer(learner, h5p_content, raw=10)
    assert [set(call["lesson_ids"]) for call in checks] == [{quiz.pk}, {quiz.pk}]
    assert _statements(learner, lesson_iri(quiz.pk), Verb.COMPLETED).count() == 1


def test_a_path_is_re_checked_only_when_one_of_its_lessons_is_completed(
    learner, path, enrolled, h5p_content, monkeypatch
) -> None:
    """A failed answer, or one after the lesson is done, leaves the path alone; a pass checks it."""
    h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content, threshold=80)
    checks = _spy(monkeypatch, "path_completion_check")
    h5p_answer(learner, h5p_content, raw=5)
    assert checks == []
    h5p_answer(learner, h5p_content, raw=9)
    assert [call["enrollment"].pk for call in checks] == [enrolled.pk]
    h5p_answer(learner, h5p_content, raw=10)
    assert len(checks) == 1
    assert not Enrollment.objects.get(pk=enrolled.pk).is_completed


def test_an_answer_completes_its_lessons_in_every_ongoing_path_and_no_other(
    learner, path, enrolled, h5p_content
) -> None:
    """The same content in three paths: its lessons complete in the two the learner follows."""
    other, elsewhere = path_with_lessons(modules=1), path_with_lessons(modules=1)
    enrollment_create(user=learner, path=other)
    quizzes = [
        h5p_lesson(lessons_of(each)[0].get_parent(), h5p_content, threshold=50)
        for each in (path, other, elsewhere)
    ]
    h5p_answer(learner, h5p_content, raw=10)
    completed = {
        quiz.pk for quiz in quizzes if _statements(learner, lesson_iri(quiz.pk), Verb.COMPLETED)
    }
    assert completed == {quizzes[0].pk, quizzes[1].pk}


def test_h5p_answers_outside_any_enrollment_change_nothing(learner, path, h5p_content) -> None:
    """An H5P result from someone not enrolled records no lesson or path completion."""
    h5p_lesson(lessons_of(path)[0].get_parent(), h5p_content)
    h5p_answer(learner, h5p_content, raw=10)
    assert not Statement.objects.filter(user=learner, verb_iri=Verb.COMPLETED).exists()


def test_a_path_without_required_lessons_never_completes(learner, path) -> None:
    """A path whose lessons are all optional is not completed by enrolling."""
    LessonPage.objects.descendant_of(path).update(is_required=False)
    from courses.services import enrollment_create

    enrollment = enrollment_create(user=learner, path=path)
    assert not enrollment.is_completed


def test_unpublishing_the_last_missing_lesson_completes_the_path(
    learner, path, enrolled, django_capture_on_commit_callbacks
) -> None:
    """When the only lesson left to do is unpublished, the learner's path completes."""
    lessons = lessons_of(path)
    for lesson in lessons[:-1]:
        lesson_view_record(user=learner, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        lessons[-1].unpublish()
    assert Enrollment.objects.get(pk=enrolled.pk).is_completed


def test_making_the_last_missing_lesson_optional_completes_the_path(
    learner, path, enrolled, django_capture_on_commit_callbacks
) -> None:
    """When the only lesson left to do is published as optional, the learner's path completes."""
    lessons = lessons_of(path)
    for lesson in lessons[:-1]:
        lesson_view_record(user=learner, lesson=lesson)
    last = lessons[-1]
    last.is_required = False
    with django_capture_on_commit_callbacks(execute=True):
        last.save_revision().publish()
    assert Enrollment.objects.get(pk=enrolled.pk).is_completed


def test_moving_the_last_missing_lesson_away_completes_the_path(
    learner, path, enrolled, django_capture_on_commit_callbacks
) -> None:
    """When the only lesson left to do moves to another path, the learner's path completes."""
    lessons = lessons_of(path)
    for lesson in lessons[:-1]:
        lesson_view_record(user=learner, lesson=lesson)
    other = path_with_lessons(modules=1, lessons=1, title="Autre parcours")
    other_module = ModulePage.objects.child_of(other).get()
    with django_capture_on_commit_callbacks(execute=True):
        lessons[-1].move(other_module, pos="last-child")
    assert Enrollment.objects.get(pk=enrolled.pk).is_completed


def test_moving_a_module_re_checks_the_path_it_left_and_the_one_it_joined(
    path, monkeypatch
) -> None:
    """Moving a module queues a completion refresh of both paths; a reorder queues none."""
    from courses.tasks import path_completions_refresh_task

    queued: list[int] = []
    monkeypatch.setattr(path_completions_refresh_task, "delay_on_commit", queued.append)
    other = path_with_lessons(modules=1, lessons=1, title="Autre parcours")
    first, second = ModulePage.objects.child_of(path).order_by("path")
    second.move(first, pos="left")
    assert queued == []
    second.move(other, pos="last-child")
    assert sorted(queued) == sorted([path.pk, other.pk])


def test_lesson_view_on_an_unpublished_path_is_refused_in_french(learner, path, enrolled) -> None:
    """Reading a still-live lesson of an unpublished path records nothing, with a French error."""
    path.unpublish()
    lesson = lessons_of(path)[0]
    assert lesson.live
    with pytest.raises(ValidationError) as caught:
        lesson_view_record(user=learner, lesson=lesson)
    assert caught.value.messages == ["Ce parcours n’est pas publié."]
    assert not _statements(learner, lesson_iri(lesson.pk), Verb.EXPERIENCED).exists()


def test_unpublished_path_neither_completes_nor_certifies_until_republished(
    learner, path, enrolled, h5p_content, django_capture_on_commit_callbacks
) -> None:
    """Passing the last activity of an unpublished path completes nothing until it is back."""
    lessons = lessons_of(path)
    quiz = h5p_lesson(lessons[-1].get_parent(), h5p_content, threshold=80)
    for lesson in lessons:
        lesson_view_record(user=learner, lesson=lesson)
    path.unpublish()
    h5p_answer(learner, h5p_content, raw=10)
    assert not _statements(learner, lesson_iri(quiz.pk), Verb.COMPLETED).exists()
    assert not Enrollment.objects.get(pk=enrolled.pk).is_completed
    assert not Certificate.objects.filter(user=learner).exists()
    with django_capture_on_commit_callbacks(execute=True):
        path.save_revision().publish()
    assert Enrollment.objects.get(pk=enrolled.pk).is_completed
    assert Certificate.objects.filter(user=learner, achievement_key=f"path:{path.pk}").exists()


def test_refresh_completes_only_finished_enrollments(learner, path, enrolled) -> None:
    """The refresh service completes nothing while a required lesson is left."""
    lesson_view_record(user=learner, lesson=lessons_of(path)[0])
    assert path_completions_refresh(path=path) == 0
    assert not Enrollment.objects.get(pk=enrolled.pk).is_completed
