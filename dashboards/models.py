"""Summary tables of the dashboards, and export jobs.

The dashboards never read statements or evidence on a request. They read these tables,
kept current by the write paths (the listeners registered in `apps.py`) and recomputed
from scratch by `manage.py dashboards_rebuild`:

- `PersonLevelStep`: per person × competence × track (provenance), the months in which
  the person's level changed, and the library the person counted in;
- `LevelCount`: per place (library, commune, metropolis) × competence × track × level ×
  year, how many people stood at that level at the end of each month (one column per
  month, so a dashboard reads one row per cell whatever the period); level 0 counts the
  people with any level;
- `PersonActivityMonth`: per person × month, path completions and workshop attendances;
- `ActivityCount`: per place × month, the same summed, with the people behind them.

A person counts in one library: the first library they joined (lowest membership id),
so that libraries add up to their commune and communes to the metropolis.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboards.storage import export_storage

MONTH_FIELDS = tuple(f"month_{number:02d}" for number in range(1, 13))
MAX_LEVEL = 8
ACTIVITY_FIELDS = ("completions", "completers", "attendances", "attendees")


class Place(models.TextChoices):
    """The level of the network a summary row describes."""

    LIBRARY = "l", _("library")
    COMMUNE = "c", _("commune")
    METROPOLIS = "m", _("metropolis")


class Track(models.TextChoices):
    """Which evidence a level comes from (the provenance filter)."""

    VALIDATED = "validated", _("all provenances (validated level)")
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")
    DECLARED = "declared", _("declared")
    CERTIFIED = "certified", _("certified")


class PersonLevelStep(models.Model):
    """From `month_on` on, a person stands at `level` on a competence (0 = no level)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competence = models.ForeignKey("skills.Competence", on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=12, choices=Track.choices)
    month_on = models.DateField()
    level = models.PositiveSmallIntegerField()
    library = models.ForeignKey(
        "organizations.Library", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        "organizations.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("level step")
        verbose_name_plural = _("level steps")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "competence", "track", "month_on"], name="dash_step_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.competence_id} · {self.track} · {self.month_on}"


class LevelCount(models.Model):
    """People at one level in one place, at the end of each month of one year."""

    place = models.CharField(max_length=1, choices=Place.choices)
    place_id = models.PositiveBigIntegerField(help_text="Library or commune id; 0 for the MEL.")
    competence = models.ForeignKey("skills.Competence", on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=12, choices=Track.choices)
    level = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    month_01 = models.IntegerField(default=0)
    month_02 = models.IntegerField(default=0)
    month_03 = models.IntegerField(default=0)
    month_04 = models.IntegerField(default=0)
    month_05 = models.IntegerField(default=0)
    month_06 = models.IntegerField(default=0)
    month_07 = models.IntegerField(default=0)
    month_08 = models.IntegerField(default=0)
    month_09 = models.IntegerField(default=0)
    month_10 = models.IntegerField(default=0)
    month_11 = models.IntegerField(default=0)
    month_12 = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("level count")
        verbose_name_plural = _("level counts")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "year", "place", "competence", "place_id", "level"],
                name="dash_levelcount_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.place}{self.place_id} · {self.competence_id} · {self.track} · {self.year}"

    def months(self) -> list[int]:
        """The twelve month-end counts."""
        return [getattr(self, name) for name in MONTH_FIELDS]


class PersonActivityMonth(models.Model):
    """A person's path completions and workshop attendances in one month."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month_on = models.DateField()
    library = models.ForeignKey(
        "organizations.Library", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        "organizations.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completions = models.PositiveIntegerField(default=0)
    attendances = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly activity of a person")
        verbose_name_plural = _("monthly activity of people")
        constraints = [
            models.UniqueConstraint(fields=["user", "month_on"], name="dash_personmonth_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.month_on}"


class ActivityCount(models.Model):
    """Completions and attendances in one place and month, and the people behind them."""

    place = models.CharField(max_length=1, choices=Place.choices)
    place_id = models.PositiveBigIntegerField()
    month_on = models.DateField()
    completions = models.IntegerField(default=0)
    completers = models.IntegerField(default=0)
    attendances = models.IntegerField(default=0)
    attendees = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("monthly activity of a place")
        verbose_name_plural = _("monthly activity of places")
        constraints = [
            models.UniqueConstraint(
                fields=["month_on", "place", "place_id"], name="dash_activitycount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.place}{self.place_id} · {self.month_on}"


class SummaryMark(models.Model):
    """A bookkeeping value of the summaries, e.g. the last year `LevelCount` is filled to."""

    key = models.CharField(max_length=40, primary_key=True)
    value = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


def _export_path(instance: DashboardExport, filename: str) -> str:
    """A random file name: nothing about the export can find its file."""
    del instance
    return f"{uuid.uuid4().hex}{Path(filename).suffix}"


class DashboardExport(models.Model):
    """A large table export prepared by a worker, downloadable by the person who asked.

    The file sits in a private storage (`dashboards.storage`), is served only to its
    requester while they still have the scope, and is deleted after a few days.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dashboard_exports"
    )
    dashboard = models.CharField(max_length=20)
    place_key = models.CharField(max_length=20, blank=True)
    table = models.CharField(max_length=40)
    file_format = models.CharField(max_length=4)
    query = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=_export_path, storage=export_storage, blank=True)
    has_names = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dashboard export")
        verbose_name_plural = _("dashboard exports")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.dashboard}/{self.table}.{self.file_format} ({self.status})"
