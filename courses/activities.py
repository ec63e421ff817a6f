"""The xAPI activities of training paths: their IRIs, objects and the reverse lookups."""

from __future__ import annotations

from typing import Any

from lrs.builders import activity, activity_iri
from lrs.vocabulary import ActivityType

PATH, MODULE, LESSON, H5P = "path", "module", "lesson", "h5p"


def path_iri(path_id: int) -> str:
    """The activity IRI of a training path."""
    return activity_iri(PATH, path_id)


def module_iri(module_id: int) -> str:
    """The activity IRI of a module."""
    return activity_iri(MODULE, module_id)


def lesson_iri(lesson_id: int) -> str:
    """The activity IRI of a lesson (stable across edits: keyed by the page id)."""
    return activity_iri(LESSON, lesson_id)


def h5p_iri(content_id: int) -> str:
    """The activity IRI of an H5P content, as the h5p app builds it."""
    return activity_iri(H5P, content_id)


def id_from_iri(iri: str, kind: str) -> int | None:
    """The page or content id an activity IRI of `kind` designates, or None."""
    prefix = activity_iri(kind, "")
    if not iri.startswith(prefix):
        return None
    key = iri[len(prefix) :].split("?", 1)[0].split("#", 1)[0].strip("/")
    return int(key) if key.isdigit() else None


def path_activity(path: Any) -> dict[str, Any]:
    """The xAPI object of a training path."""
    return activity(path_iri(path.pk), activity_type=ActivityType.COURSE, name=path.title)


def module_activity(module: Any) -> dict[str, Any]:
    """The xAPI object of a module."""
    return activity(module_iri(module.pk), activity_type=ActivityType.MODULE, name=module.title)


def lesson_activity(lesson: Any) -> dict[str, Any]:
    """The xAPI object of a lesson."""
    return activity(lesson_iri(lesson.pk), activity_type=ActivityType.LESSON, name=lesson.title)
