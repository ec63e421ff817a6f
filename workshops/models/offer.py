"""The offer: workshops, the competences they serve, and cycles of sessions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lrs.builders import activity_iri


class Workshop(ClusterableModel):
    """An in-person workshop offered by the network, for library staff or for the public."""

    class Audience(models.TextChoices):
        STAFF = "staff", _("library staff")
        PUBLIC = "public", _("public (mediation)")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.STAFF
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(60 * 24 * 5)],
        help_text=_("The planned length of the whole workshop, all time slots together."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trained_workshops",
        verbose_name=_("trainers"),
        limit_choices_to={"memberships__role": "trainer"},
    )
    kits = ParentalManyToManyField(
        "mediation_kits.KitPage",
        blank=True,
        related_name="workshops",
        verbose_name=_("mediation kits used"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ("title",)
        # Choosing who trains a workshop gives the right to run its sessions: the
        # network team holds it, trainers do not (they would name themselves anywhere).
        permissions = [("assign_trainers", _("Can choose the trainers of a workshop"))]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_iri(self) -> str:
        """The xAPI activity standing for this workshop (aligned with competences)."""
        return activity_iri("workshop", self.pk)

    @property
    def is_public(self) -> bool:
        """Whether this is a public mediation workshop (counts only, no registrations)."""
        return self.audience == self.Audience.PUBLIC


class WorkshopCompetence(Orderable):
    """A competence a workshop serves, at a level; mirrored into skills' alignments."""

    workshop = ParentalKey(Workshop, on_delete=models.CASCADE, related_name="competence_links")
    competence = models.ForeignKey(
        "skills.Competence",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), default=2, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("competence served")
        verbose_name_plural = _("competences served")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "competence"], name="workshop_competence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.level})"


class Cycle(ClusterableModel):
    """A cycle of sessions: attending enough of them earns a certificate."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sessions = ParentalManyToManyField(
        "workshops.Session", related_name="cycles", verbose_name=_("sessions")
    )
    required_sessions = models.PositiveSmallIntegerField(
        _("sessions to attend"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty to require every session of the cycle."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title

    @property
    def achievement_key(self) -> str:
        """The key of the certificate this cycle leads to (one per person)."""
        return f"workshop-cycle:{self.pk}"
