"""Counts of patrons at public mediation sessions: numbers only, never a person."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workshops.models.sessions import Session

MAX_COUNT = 1000


class PublicAttendanceCount(models.Model):
    """How many patrons of an age band and autonomy level took part, on one theme.

    A theme is one of the kits the workshop uses, or none (general help). The library
    and commune come from the session. No name, contact or free text is stored.
    """

    class AgeBand(models.TextChoices):
        CHILD = "child", _("children (under 12)")
        TEEN = "teen", _("teenagers (12–17)")
        ADULT = "adult", _("adults (18–64)")
        SENIOR = "senior", _("seniors (65 and over)")

    class Autonomy(models.TextChoices):
        ACCOMPANIED = "accompanied", _("accompanied")
        PARTLY = "partly", _("partly autonomous")
        AUTONOMOUS = "autonomous", _("autonomous")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="public_counts")
    kit = models.ForeignKey(
        "mediation_kits.KitPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme (kit)"),
    )
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    autonomy = models.CharField(_("autonomy"), max_length=12, choices=Autonomy.choices)
    count = models.PositiveIntegerField(_("count"), validators=[MaxValueValidator(MAX_COUNT)])

    class Meta:
        verbose_name = _("public attendance count")
        verbose_name_plural = _("public attendance counts")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kit", "age_band", "autonomy"],
                condition=Q(kit__isnull=False),
                name="public_count_unique_with_kit",
            ),
            models.UniqueConstraint(
                fields=["session", "age_band", "autonomy"],
                condition=Q(kit__isnull=True),
                name="public_count_unique_without_kit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.age_band} · {self.autonomy}: {self.count}"
