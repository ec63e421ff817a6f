"""The log of trainers' digests: one per trainer and week, whatever beat does."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainerDigest(models.Model):
    """A weekly digest sent to a trainer (the unique week makes a second send a no-op).

    Celery beat may fire a schedule twice (two beat processes during a deployment, a
    restart around the hour): the digest service claims the row first and sends only
    when it created it.
    """

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week_of = models.DateField(_("week of"), help_text=_("The Monday of the digest's week."))
    sessions = models.PositiveIntegerField(_("sessions listed"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trainer digest")
        verbose_name_plural = _("trainer digests")
        constraints = [
            models.UniqueConstraint(fields=["trainer", "week_of"], name="workshops_digest_week")
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id} / {self.week_of}"
