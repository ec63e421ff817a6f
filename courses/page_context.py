"""The context the training pages render with, composed from selectors.

Kept out of the page models so that `get_context` stays one line and the models do not
import the selectors (which import the models).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from courses.forms import CatalogFilterForm
from courses.models import LessonPage, ModulePage, TrainingCatalogPage, TrainingPathPage
from courses.selectors.assignment import can_assign_paths
from courses.selectors.catalogue import (
    CatalogFilters,
    catalogue_paths,
    path_prerequisites,
    path_targets,
)
from courses.selectors.certificates import path_certificate, path_hand_over_url
from courses.selectors.progress import (
    LessonState,
    completed_path_ids,
    missing_prerequisites,
    path_of,
    path_progress_for,
)


def catalog_context(page: TrainingCatalogPage, request: HttpRequest) -> dict[str, Any]:
    """The filter form, the matching paths and each path's targets and prerequisites."""
    form = CatalogFilterForm(request.GET or None)
    filters = CatalogFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = CatalogFilters(
            q=data["q"].strip(),
            competence_id=data["competence"],
            level=data["level"],
            duration=data["duration"],
            audience=data["audience"],
        )
    paths = catalogue_paths(page, filters)
    done = completed_path_ids(request.user, paths)
    entries = [
        {
            "path": path,
            "targets": path_targets(path),
            "prerequisites": path_prerequisites(path),
            "is_completed": path.pk in done,
        }
        for path in paths
    ]
    return {"filter_form": form, "filters": filters, "entries": entries}


def path_context(page: TrainingPathPage, request: HttpRequest) -> dict[str, Any]:
    """The path with its targets, prerequisites, the learner's progress and enrollment."""
    user = request.user
    progress = path_progress_for(user, page)
    prerequisites = path_prerequisites(page)
    done = completed_path_ids(user, prerequisites)
    return {
        "progress": progress,
        "enrollment": progress.enrollment,
        "targets": path_targets(page),
        "prerequisites": [
            {"path": path, "is_completed": path.pk in done} for path in prerequisites
        ],
        "missing_prerequisites": missing_prerequisites(user, page)
        if progress.enrollment is None
        else [],
        "can_assign": can_assign_paths(user),
        "hand_over_url": path_hand_over_url(user, page),
        "certificate": path_certificate(user, page) if progress.is_completed else None,
    }


def module_context(page: ModulePage, request: HttpRequest) -> dict[str, Any]:
    """The module's lessons with the learner's states."""
    path = path_of(page)
    if path is None:
        return {"path": None, "module_state": None, "progress": None}
    progress = path_progress_for(request.user, path)
    state = next((m for m in progress.modules if m.module.pk == page.pk), None)
    return {"path": path, "module_state": state, "progress": progress}


def lesson_context(page: LessonPage, request: HttpRequest) -> dict[str, Any]:
    """The lesson's state for the learner, its module, path and neighbours."""
    path = path_of(page)
    module = page.get_parent().specific
    contents = (
        page.h5p_contents() if page.completion_rule == LessonPage.CompletionRule.H5P_PASSED else []
    )
    # An H5P lesson whose activities were all deleted is completed by reading it
    # (as `lesson_rule_met` counts it): the learner must be offered the read form.
    completes_on_read = not contents
    if path is None:
        return {
            "path": None,
            "module": module,
            "state": None,
            "previous": None,
            "next": None,
            "completes_on_read": completes_on_read,
        }
    progress = path_progress_for(request.user, path)
    states = progress.lessons
    index = next((i for i, state in enumerate(states) if state.lesson.pk == page.pk), None)
    state: LessonState | None = states[index] if index is not None else None
    return {
        "path": path,
        "module": module,
        "progress": progress,
        "enrollment": progress.enrollment,
        "state": state,
        "previous": states[index - 1].lesson if index else None,
        "next": states[index + 1].lesson if index is not None and index + 1 < len(states) else None,
        "h5p_contents": contents,
        "completes_on_read": completes_on_read,
    }
