"""Sessions: dated occurrences of a workshop, in a library, in one or several time slots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lrs.builders import activity_iri
from organizations.models import Library
from workshops.models.offer import Workshop


class Session(ClusterableModel):
    """One dated occurrence of a workshop: place, capacity, registration window, status.

    `starts_at` and `ends_at` are the bounds of the time slots, copied onto the row
    when it is saved so that the agenda, reminders and feeds filter and sort on them.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CANCELLED = "cancelled", _("cancelled")
        COMPLETED = "completed", _("completed")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("workshop")
    )
    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="workshop_sessions",
        verbose_name=_("library"),
    )
    room = models.CharField(
        _("room"), max_length=200, blank=True, help_text=_("E.g. “Salle d’animation, 1er étage”.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), default=12, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration right away."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close registration when the session starts."),
    )
    cancellation_closes_at = models.DateTimeField(
        _("cancellation possible until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to allow cancelling until the session starts."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, editable=False)
    # The iCalendar SEQUENCE: it grows each time the session is saved.
    revision = models.PositiveIntegerField(default=0, editable=False)
    public_counts_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("starts_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=F("registration_closes_at")),
                name="session_registration_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%d/%m/%Y") if self.starts_at else "?"
        return f"{self.workshop} · {self.library.name} · {when}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Copy the time slots' bounds onto the row and bump the iCalendar revision."""
        slots = [slot for slot in self.slots.all() if slot.starts_at and slot.ends_at]
        if slots:
            self.starts_at = min(slot.starts_at for slot in slots)
            self.ends_at = max(slot.ends_at for slot in slots)
        self.revision += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "starts_at", "ends_at", "revision"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The registration window must open before it closes."""
        super().clean()
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and opens >= closes:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @property
    def activity_iri(self) -> str:
        """The xAPI activity standing for this session (a parent of attendance)."""
        return activity_iri("workshop-session", self.pk)

    @property
    def is_public(self) -> bool:
        """Whether the session belongs to a public mediation workshop."""
        return self.workshop.audience == Workshop.Audience.PUBLIC

    def registration_deadline(self) -> datetime | None:
        """When registration closes: the set time, else the start of the session."""
        return self.registration_closes_at or self.starts_at

    def cancellation_deadline(self) -> datetime | None:
        """Until when a registered person may cancel: the set time, else the start."""
        return self.cancellation_closes_at or self.starts_at

    def duration_minutes(self) -> int:
        """The time spent in session: the length of every time slot added up."""
        total = sum(
            (slot.ends_at - slot.starts_at).total_seconds()
            for slot in self.slots.all()
            if slot.starts_at and slot.ends_at
        )
        return int(total // 60)


class TimeSlot(Orderable):
    """One continuous period of a session (a session may span several half-days)."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta(Orderable.Meta):
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ("starts_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="timeslot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        starts_at, ends_at = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{starts_at:%Y-%m-%d %H:%M} → {ends_at:%H:%M}"

    def clean(self) -> None:
        """A time slot ends after it starts."""
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A time slot must end after it starts.")})
