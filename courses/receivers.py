"""Reactions to Wagtail publishing: alignments on publish, completions on removal.

Connected in `CoursesConfig.ready()`; each receiver only calls a service or queues a task.
"""

from __future__ import annotations

from typing import Any

from courses.models import LessonPage, ModulePage, TrainingPathPage


def path_published(sender: type, instance: TrainingPathPage, **kwargs: Any) -> None:
    """Publish the path's target competences to skills as alignments."""
    from courses.services import path_alignments_sync

    path_alignments_sync(path=instance)


def lesson_removed(sender: type, instance: LessonPage | ModulePage, **kwargs: Any) -> None:
    """A lesson or module left the path: learners may have finished the rest."""
    from courses.tasks import path_completions_refresh_task

    path = TrainingPathPage.objects.ancestor_of(instance).first()
    if path is not None:
        path_completions_refresh_task.delay_on_commit(path.pk)
