"""Domain state of training paths: who follows which path (plain models, not pages)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models.pages import TrainingPathPage


class EnrollmentQuerySet(models.QuerySet["Enrollment"]):
    """Filters of enrollments."""

    def ongoing(self) -> EnrollmentQuerySet:
        """Enrollments whose path is not finished yet."""
        return self.filter(completed_at__isnull=True)

    def completed(self) -> EnrollmentQuerySet:
        """Enrollments whose path is finished."""
        return self.filter(completed_at__isnull=False)


class Enrollment(models.Model):
    """A person following a training path, by themselves or assigned by someone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="course_enrollments",
    )
    path = models.ForeignKey(
        TrainingPathPage,
        verbose_name=_("training path"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    # The xAPI registration shared by every statement of this enrollment.
    registration = models.UUIDField(_("xAPI registration"), default=uuid.uuid4, unique=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    library = models.ForeignKey(
        "organizations.Library",
        verbose_name=_("assigned to the library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_enrollments",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ("-enrolled_at",)
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="enrollment_unique_user_path"),
        ]
        indexes = [models.Index(fields=["path", "completed_at"], name="enrollment_path_done")]

    def __str__(self) -> str:
        return f"{self.user} · {self.path}"

    @property
    def is_completed(self) -> bool:
        """Whether the learner finished the path."""
        return self.completed_at is not None

    @property
    def is_assigned(self) -> bool:
        """Whether someone assigned the path (rather than the learner enrolling)."""
        return self.assigned_by_id is not None or self.assigned_at is not None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Whether the due date has passed without the path being finished."""
        today = today or timezone.localdate()
        return self.due_on is not None and not self.is_completed and self.due_on < today
