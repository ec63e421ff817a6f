"""Private iCalendar feeds: a secret token per person and per library."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Library


class CalendarFeed(models.Model):
    """The secret token of one person's or one library's calendar feed.

    Whoever knows the URL reads the feed (calendar clients cannot log in), so the token
    is long and random, and resetting it cuts off every copy of the old URL.
    """

    token = models.CharField(max_length=64, unique=True)
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshop_calendar_feed",
    )
    library = models.OneToOneField(
        Library,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshop_calendar_feed",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, library__isnull=True)
                | Q(person__isnull=True, library__isnull=False),
                name="calendar_feed_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.library)
