"""Models of the courses app: Wagtail pages (content) and enrollments (domain state)."""

from courses.models.enrollment import Enrollment, EnrollmentQuerySet
from courses.models.pages import (
    LessonPage,
    ModulePage,
    PathCompetence,
    PathPrerequisite,
    TrainingCatalogPage,
    TrainingPathPage,
    duration_display,
)

__all__ = [
    "Enrollment",
    "EnrollmentQuerySet",
    "LessonPage",
    "ModulePage",
    "PathCompetence",
    "PathPrerequisite",
    "TrainingCatalogPage",
    "TrainingPathPage",
    "duration_display",
]
