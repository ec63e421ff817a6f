"""Competence frameworks, alignments, evidence and each person's skill record.

- A `Framework` (DigComp 2.2, the CRCN, or one of ours) is versioned by `code` + `version`;
  its `Competence` and `Level` rows are edited inline in the Wagtail admin.
- An `Alignment` says that an activity (by its xAPI IRI) serves a competence at a level.
- `Evidence` is one proof that a person reached a level on a competence, derived from one
  stored xAPI statement; it carries the statement id and its provenance.
- `SkillRecord` is the current state per person × competence, kept current by the
  services, and `SkillLevelChange` its history. See `skills/README.md` for the level rule.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

MAX_LEVEL = 8

framework_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    _("Use lower-case letters, digits and hyphens, e.g. mediation-bnm."),
)
code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9.-]*$",
    _("Use letters, digits, dots and hyphens, e.g. 2.1."),
)


def _translated(instance: models.Model, field: str) -> str:
    """A text field in the active language when the data carries a translation."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    translations = getattr(instance, "translations", None) or {}
    return translations.get(language, {}).get(field) or getattr(instance, field)


class Framework(ClusterableModel):
    """A versioned competence framework: DigComp 2.2, the CRCN, or one of our own."""

    code = models.CharField(
        _("code"),
        max_length=50,
        validators=[framework_code_validator],
        help_text=_("A short identifier shared by every version, e.g. mediation-bnm."),
    )
    version = models.CharField(
        _("version"), max_length=20, default="1.0", validators=[code_validator]
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(
        _("source and licence"), blank=True, help_text=_("Where the framework comes from.")
    )
    is_current = models.BooleanField(
        _("current version"),
        default=True,
        help_text=_("The version offered for self-positioning and imports."),
    )
    is_builtin = models.BooleanField(_("bundled with the platform"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")
        ordering = ("title", "version")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="skills_framework_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="skills_framework_one_current"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The title with its version, e.g. "DigComp 2.2"."""
        return f"{self.title} {self.version}"

    def clean(self) -> None:
        """Only one version of a framework is current."""
        super().clean()
        if self.is_current and self.code:
            others = Framework.objects.filter(code=self.code, is_current=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"is_current": _("Another version of this framework is already current.")}
                )


class Competence(Orderable):
    """One competence of a framework, within an area (DigComp area, CRCN domain)."""

    framework = ParentalKey(
        Framework, on_delete=models.CASCADE, related_name="competences", verbose_name=_("framework")
    )
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    title = models.CharField(_("title"), max_length=300)
    area_code = models.CharField(_("area code"), max_length=20)
    area_title = models.CharField(_("area title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Wording in other languages from the bundled data: {"fr": {"title": …, "area_title": …}}.
    translations = models.JSONField(default=dict, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="skills_competence_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title in the active language when known."""
        return _translated(self, "title")

    @property
    def display_area_title(self) -> str:
        """The area title in the active language when known."""
        return _translated(self, "area_title")


class Level(Orderable):
    """One proficiency level of a framework (1 to 8), with its band."""

    framework = ParentalKey(
        Framework, on_delete=models.CASCADE, related_name="levels", verbose_name=_("framework")
    )
    number = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )
    band = models.CharField(_("band"), max_length=100, help_text=_("e.g. Foundation, Expert."))
    description = models.TextField(_("description"), blank=True)
    translations = models.JSONField(default=dict, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="skills_level_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.display_band})"

    @property
    def display_band(self) -> str:
        """The band in the active language when known."""
        return _translated(self, "band")


class CrosswalkLink(models.Model):
    """A competence of one framework drawn from a competence of another (CRCN → DigComp)."""

    class Relation(models.TextChoices):
        EQUIVALENT = "equivalent", _("equivalent")
        PARTIAL = "partial", _("partial")

    source = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="crosswalk_targets"
    )
    target = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="crosswalk_sources"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("crosswalk link")
        verbose_name_plural = _("crosswalk links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="skills_crosswalk_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Alignment(models.Model):
    """An activity (any xAPI activity IRI) serves a competence at a level."""

    activity_iri = models.CharField(_("activity IRI"), max_length=2048)
    competence = models.ForeignKey(
        Competence,
        on_delete=models.CASCADE,
        related_name="alignments",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alignment")
        verbose_name_plural = _("alignments")
        constraints = [
            models.UniqueConstraint(
                fields=["activity_iri", "competence"], name="skills_alignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_iri} → {self.competence.code} ({self.level})"


class Provenance(models.TextChoices):
    """Where a piece of evidence comes from (the xAPI provenance extension)."""

    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")
    DECLARED = "declared", _("declared")
    CERTIFIED = "certified", _("certified")


class Evidence(models.Model):
    """One proof that a person reached a level on a competence, from one statement."""

    Provenance = Provenance

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_evidence"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("competence")
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(MAX_LEVEL)])
    provenance = models.CharField(_("provenance"), max_length=20, choices=Provenance.choices)
    observed_at = models.DateTimeField(_("date"))
    statement_id = models.UUIDField(_("source statement"))
    activity_iri = models.CharField(_("activity IRI"), max_length=2048)
    verb_iri = models.CharField(_("verb"), max_length=2048)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["statement_id", "competence"], name="skills_evidence_statement"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "competence", "observed_at"], name="skills_ev_pair"),
            models.Index(fields=["competence", "observed_at"], name="skills_ev_competence"),
            models.Index(fields=["observed_at"], name="skills_ev_observed"),
            models.Index(fields=["activity_iri"], name="skills_ev_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.competence_id} · {self.level} ({self.provenance})"


class SkillRecord(models.Model):
    """A person's current state on one competence (the level rule is in skills/README.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_records"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="records", verbose_name=_("competence")
    )
    # The validated level: online, in-person and certified evidence only (0 = none yet).
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    level_provenance = models.CharField(
        _("provenance"), max_length=20, choices=Provenance.choices, blank=True
    )
    level_at = models.DateTimeField(_("reached at"), null=True, blank=True)
    level_statement_id = models.UUIDField(null=True, blank=True)
    # The latest self-positioning, kept apart and never mixed into `level`.
    declared_level = models.PositiveSmallIntegerField(_("declared level"), null=True, blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    online_count = models.PositiveIntegerField(default=0)
    in_person_count = models.PositiveIntegerField(default=0)
    declared_count = models.PositiveIntegerField(default=0)
    certified_count = models.PositiveIntegerField(default=0)
    # The newest evidence folded in (date, then statement id): the incremental fast path.
    last_evidence_at = models.DateTimeField(null=True, blank=True)
    last_statement_id = models.UUIDField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("skill record")
        verbose_name_plural = _("skill records")
        constraints = [
            models.UniqueConstraint(fields=["user", "competence"], name="skills_record_pair"),
        ]
        indexes = [models.Index(fields=["competence", "level"], name="skills_rec_level")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.competence_id} · {self.level}"


class SkillLevelChange(models.Model):
    """One step in the history of a person's level on a competence."""

    class Track(models.TextChoices):
        VALIDATED = "validated", _("validated level")
        DECLARED = "declared", _("declared level")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_level_changes"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="level_changes"
    )
    track = models.CharField(max_length=20, choices=Track.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    previous_level = models.PositiveSmallIntegerField(null=True, blank=True)
    provenance = models.CharField(max_length=20, choices=Provenance.choices)
    changed_at = models.DateTimeField(_("date"))
    statement_id = models.UUIDField()

    class Meta:
        verbose_name = _("level change")
        verbose_name_plural = _("level changes")
        ordering = ("changed_at", "statement_id")
        indexes = [
            models.Index(fields=["user", "competence", "changed_at"], name="skills_change_pair"),
            models.Index(fields=["competence", "changed_at"], name="skills_change_competence"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.competence_id} · {self.track} → {self.level}"
