"""Registrations to staff sessions, with attendance, and competences validated in person.

A session of several time slots (half-days, days) keeps attendance per slot in
`SlotAttendance`; the registration's `attendance` is then their summary (present when
present at one slot at least), which certificates, cycles and the live list read.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models.sessions import Session, TimeSlot


class Registration(models.Model):
    """A person's place at a session (confirmed or waitlisted), and their attendance.

    One row per person and session: registering again reuses it. The waitlist is served
    first come, first served, in `queued_at` order.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("waitlisted")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        UNMARKED = "unmarked", _("not marked")
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("roll call")
        QR = "qr", _("QR check-in")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_registrations",
        verbose_name=_("person"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    queued_at = models.DateTimeField(_("queued at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNMARKED
    )
    attendance_method = models.CharField(
        _("recorded by"), max_length=10, choices=Method.choices, blank=True
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attended_statement_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ("queued_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="registration_one_per_person"
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.session} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        """Whether the person holds a place or waits for one."""
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)


class CompetenceValidation(models.Model):
    """A trainer's validation of a competence observed in person during a session."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="validations"
    )
    competence = models.ForeignKey("skills.Competence", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    validated_at = models.DateTimeField()
    statement_id = models.UUIDField(editable=False)

    class Meta:
        verbose_name = _("competence validated in person")
        verbose_name_plural = _("competences validated in person")
        ordering = ("-validated_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "competence"], name="validation_one_per_competence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.person} · {self.competence} · {self.level}"


class SlotAttendance(models.Model):
    """A person's attendance at one time slot of a session of several slots."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="slot_marks"
    )
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="attendances")
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Registration.Attendance.choices
    )
    method = models.CharField(_("recorded by"), max_length=10, choices=Registration.Method.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance at a time slot")
        verbose_name_plural = _("attendance at time slots")
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="slot_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.person} · {self.slot} · {self.get_attendance_display()}"
