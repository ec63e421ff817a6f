"""Reactions to Wagtail publishing: alignments on publish, completions on structure changes.

Connected in `CoursesConfig.ready()`; each receiver only calls a service or queues a task.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from courses.models import LessonPage, ModulePage, TrainingPathPage


def path_published(sender: type, instance: TrainingPathPage, **kwargs: Any) -> None:
    """Publish the path's target competences as alignments; re-check its learners' completions.

    No path completes while unpublished: learners who finished it meanwhile complete now.
    """
    from courses.services import path_alignments_sync

    path_alignments_sync(path=instance)
    _paths_refresh_queue(instance)


def _paths_refresh_queue(*pages: Page) -> None:
    """Queue a completion refresh of the paths holding these pages (each path once)."""
    from courses.tasks import path_completions_refresh_task

    path_ids = {
        path.pk
        for page in pages
        for path in TrainingPathPage.objects.ancestor_of(page, inclusive=True)[:1]
    }
    for path_id in sorted(path_ids):
        path_completions_refresh_task.delay_on_commit(path_id)


def lesson_removed(sender: type, instance: LessonPage | ModulePage, **kwargs: Any) -> None:
    """A lesson or module left the path: learners may have finished the rest."""
    _paths_refresh_queue(instance)


def lesson_published(sender: type, instance: LessonPage, **kwargs: Any) -> None:
    """A lesson was published, perhaps made optional: learners may have finished the rest."""
    _paths_refresh_queue(instance)


def page_moved(
    sender: type,
    instance: LessonPage | ModulePage,
    parent_page_before: Page,
    parent_page_after: Page,
    **kwargs: Any,
) -> None:
    """A lesson or module moved: the path it left and the one it joined are re-checked."""
    if parent_page_before.pk != parent_page_after.pk:  # a reorder changes no completion
        _paths_refresh_queue(parent_page_before, parent_page_after)
