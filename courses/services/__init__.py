"""Writes of the courses app: enrollment, lesson views, completion, alignments."""

from courses.services.alignments import path_alignments_sync
from courses.services.completion import (
    lesson_view_record,
    lessons_progress_update,
    path_complete,
    path_completion_check,
    path_completions_refresh,
    statements_process,
)
from courses.services.enrollment import (
    AssignmentResult,
    PrerequisitesMissing,
    enrollment_create,
    path_assign,
)

__all__ = [
    "AssignmentResult",
    "PrerequisitesMissing",
    "enrollment_create",
    "lesson_view_record",
    "lessons_progress_update",
    "path_alignments_sync",
    "path_assign",
    "path_complete",
    "path_completion_check",
    "path_completions_refresh",
    "statements_process",
]
