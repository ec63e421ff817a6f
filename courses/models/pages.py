"""Wagtail pages of training paths: catalogue → path → module → lesson (content only).

Pages hold content. Enrollments and progress live elsewhere (`Enrollment`, and the LRS
statements about the pages' activity IRIs), so editing or reordering pages never loses
a learner's progress.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.blocks import RICH_TEXT_FEATURES, LessonStreamBlock
from skills.selectors import framework_max_levels

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(8)]


class TrainingCatalogPage(Page):
    """The catalogue of training paths, with search and filters."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.TrainingPathPage"]
    max_count = 1

    class Meta:
        verbose_name = _("training catalogue")
        verbose_name_plural = _("training catalogues")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The filter form and the matching paths."""
        from courses.page_context import catalog_context  # selectors import this module

        return {**super().get_context(request, *args, **kwargs), **catalog_context(self, request)}


class TrainingPathPage(Page):
    """A self-paced training path: introduction, audience, duration, competences, modules."""

    class Audience(models.TextChoices):
        AGENTS = "agents", _("Library agents")
        VOLUNTEERS = "volunteers", _("Volunteers of associative libraries")
        TRAINERS = "trainers", _("Trainers and digital mediators")
        EVERYONE = "everyone", _("Everyone in the network")

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.AGENTS
    )
    audience_details = models.CharField(
        _("audience details"),
        max_length=300,
        blank=True,
        help_text=_("Who this path is for, in a sentence (optional)."),
    )
    estimated_duration_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), validators=[MinValueValidator(5)]
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("audience_details"),
        index.FilterField("audience"),
        index.FilterField("estimated_duration_minutes"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("audience"), FieldPanel("estimated_duration_minutes")]),
                FieldPanel("audience_details"),
            ],
            heading=_("Audience and duration"),
        ),
        FieldPanel("cover_image"),
        InlinePanel(
            "target_competences",
            heading=_("Target competences"),
            label=_("Target competence"),
            help_text=_("Learners who finish the path get evidence of these levels."),
        ),
        InlinePanel("prerequisite_links", heading=_("Prerequisites"), label=_("Prerequisite")),
    ]
    parent_page_types = ["courses.TrainingCatalogPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("training path")
        verbose_name_plural = _("training paths")

    def clean(self) -> None:
        """A path cannot require itself, directly or through other paths."""
        super().clean()
        required = [
            link.prerequisite for link in self.prerequisite_links.all() if link.prerequisite
        ]
        if self.pk and _requires(required, self.pk):
            raise ValidationError(
                _("A path cannot be its own prerequisite, even through other paths.")
            )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The path with the learner's progress and enrollment."""
        from courses.page_context import path_context

        return {**super().get_context(request, *args, **kwargs), **path_context(self, request)}

    @property
    def duration_display(self) -> str:
        """The estimated duration as hours and minutes, e.g. "1 h 30"."""
        return duration_display(self.estimated_duration_minutes)


def duration_display(minutes: int | None) -> str:
    """Minutes as "45 min", "2 h" or "1 h 30"."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _requires(paths: list[TrainingPathPage], target_id: int, depth: int = 0) -> bool:
    """Whether any of `paths` is `target_id` or requires it (bounded walk)."""
    if depth > 20:
        return True
    for path in paths:
        if path.pk == target_id:
            return True
        nested = [link.prerequisite for link in PathPrerequisite.objects.filter(page=path)]
        if _requires(nested, target_id, depth + 1):
            return True
    return False


class PathCompetence(Orderable):
    """A competence a path develops, with the level it aims at (synced to skills alignments)."""

    page = ParentalKey(
        TrainingPathPage, on_delete=models.CASCADE, related_name="target_competences"
    )
    competence = models.ForeignKey(
        "skills.Competence",
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)

    panels = [FieldPanel("competence"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        verbose_name = _("target competence")
        verbose_name_plural = _("target competences")
        constraints = [
            models.UniqueConstraint(fields=["page", "competence"], name="path_competence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competence} · {self.level}"

    def clean(self) -> None:
        """The level exists in the competence's framework."""
        super().clean()
        if self.competence_id is None or self.level is None:
            return
        top = framework_max_levels([self.competence.framework_id]).get(
            self.competence.framework_id, 0
        )
        if not 1 <= self.level <= top:
            raise ValidationError(
                {
                    "level": _("Choose a level between 1 and %(top)s for this framework.")
                    % {"top": top}
                }
            )


class PathPrerequisite(Orderable):
    """Another path to finish before enrolling in this one."""

    page = ParentalKey(
        TrainingPathPage, on_delete=models.CASCADE, related_name="prerequisite_links"
    )
    prerequisite = models.ForeignKey(
        TrainingPathPage,
        verbose_name=_("path to finish first"),
        on_delete=models.CASCADE,
        related_name="required_by_links",
    )

    panels = [FieldPanel("prerequisite")]

    class Meta(Orderable.Meta):
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "prerequisite"], name="path_prerequisite_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.prerequisite)


class ModulePage(Page):
    """A module of a path: a group of lessons."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["courses.TrainingPathPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The module with the learner's progress on its lessons."""
        from courses.page_context import module_context

        return {**super().get_context(request, *args, **kwargs), **module_context(self, request)}


class LessonPage(Page):
    """A lesson: StreamField content and the rule that makes it done."""

    class CompletionRule(models.TextChoices):
        VIEWED = "viewed", _("Read to the end")
        H5P_PASSED = "h5p_passed", _("H5P activities passed")

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(LessonStreamBlock(), verbose_name=_("content"))
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.VIEWED,
    )
    pass_threshold = models.PositiveSmallIntegerField(
        _("pass threshold (%)"),
        default=80,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "For the H5P rule: the score to reach, in percent of the maximum. "
            "Leave empty to use each activity's own pass mark."
        ),
    )
    is_required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Required lessons count towards finishing the path."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"), null=True, blank=True
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("completion_rule"), FieldPanel("pass_threshold")]),
                FieldRowPanel([FieldPanel("is_required"), FieldPanel("estimated_minutes")]),
            ],
            heading=_("Completion"),
        ),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def clean(self) -> None:
        """The H5P rule needs at least one H5P activity in the content."""
        super().clean()
        if self.completion_rule == self.CompletionRule.H5P_PASSED and not self.h5p_contents():
            raise ValidationError(
                {
                    "completion_rule": _(
                        "Add at least one H5P activity to the content, or choose “Read to the end”."
                    )
                }
            )

    def h5p_contents(self) -> list[Any]:
        """The H5P contents placed in the lesson, in order, without duplicates."""
        found: dict[int, Any] = {}
        for block in self.body:
            if block.block_type == "h5p" and block.value is not None:
                found.setdefault(block.value.pk, block.value)
        return list(found.values())

    def h5p_content_ids(self) -> set[int]:
        """The ids of the H5P contents placed in the lesson (read without loading them)."""
        return {
            int(item["value"])
            for item in self.body.raw_data
            if item.get("type") == "h5p" and str(item.get("value") or "").isdigit()
        }

    @property
    def threshold_ratio(self) -> float | None:
        """The pass threshold as a ratio (0–1), or None for the activities' own marks."""
        return None if self.pass_threshold is None else self.pass_threshold / 100

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The lesson with its state for the learner and the neighbouring lessons."""
        from courses.page_context import lesson_context

        return {**super().get_context(request, *args, **kwargs), **lesson_context(self, request)}
