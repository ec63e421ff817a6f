"""Mediation kits: a catalogue page, kit pages, their rendered PDFs and screen reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.search import index

from mediation_kits.blocks import CompetenceBlock, KitBodyBlock
from mediation_kits.storage import kit_pdf_storage
from resources.models import NetworkService


class KitIndexPage(Page):
    """The catalogue of mediation kits, with search and filters."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["mediation_kits.KitPage"]
    template = "mediation_kits/kit_index_page.html"

    class Meta:
        verbose_name = _("kit catalogue")
        verbose_name_plural = _("kit catalogues")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The catalogue, filtered by the query string."""
        from mediation_kits.selectors import kit_catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(kit_catalogue_context(index=self, params=request.GET))
        return context


class KitPage(Page):
    """A mediation kit: steps to help a patron use one of the network's services."""

    class Audience(models.TextChoices):
        BEGINNERS = "beginners", _("beginners")
        SENIORS = "seniors", _("seniors")
        YOUNG = "young", _("young people")
        PROFESSIONALS = "professionals", _("professionals")

    class Level(models.TextChoices):
        FIRST_STEPS = "first_steps", _("first steps")
        INTERMEDIATE = "intermediate", _("intermediate")
        ADVANCED = "advanced", _("advanced")

    intro = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences: what the patron will do.")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=15)
    service = models.ForeignKey(
        NetworkService,
        verbose_name=_("service"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="kits",
        help_text=_("The network service this kit helps with (from the registry)."),
    )
    last_verified_on = models.DateField(
        _("last verified on"),
        default=timezone.localdate,
        help_text=_("The day someone last followed the steps on the real service."),
    )
    body = StreamField(KitBodyBlock(), verbose_name=_("content"))
    competences = StreamField(
        [("competence", CompetenceBlock())], verbose_name=_("competences"), blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("service"),
                FieldPanel("audience"),
                FieldPanel("level"),
                FieldPanel("duration_minutes"),
                FieldPanel("last_verified_on"),
            ],
            heading=_("About this kit"),
        ),
        FieldPanel("body"),
        FieldPanel("competences"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("audience"),
        index.FilterField("level"),
        index.FilterField("service"),
    ]
    parent_page_types = ["mediation_kits.KitIndexPage"]
    subpage_types: list[str] = []
    template = "mediation_kits/kit_page.html"

    class Meta:
        verbose_name = _("mediation kit")
        verbose_name_plural = _("mediation kits")

    def clean(self) -> None:
        """Each call to action points to an existing deep link of its service."""
        super().clean()
        from mediation_kits.selectors import kit_call_to_action_errors

        errors = kit_call_to_action_errors(self)
        if errors:
            raise ValidationError({"body": errors})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The kit's content, downloads and, for editors, its warnings."""
        from mediation_kits.selectors import kit_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(kit_page_context(self, request=request))
        return context


class KitPdf(models.Model):
    """A rendered PDF of one kit revision, in one variant (the download cache)."""

    class Variant(models.TextChoices):
        A4 = "a4", _("A4 sheet")
        BOOKLET = "booklet", _("A5 booklet")
        LARGE_PRINT = "large-print", _("large print, easy to read")

    page = models.ForeignKey(KitPage, on_delete=models.CASCADE, related_name="pdfs")
    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    variant = models.CharField(_("variant"), max_length=20, choices=Variant.choices)
    # A digest of what the PDF shows besides the revision (the registry's links).
    fingerprint = models.CharField(max_length=32)
    # Private storage (outside MEDIA_ROOT): restricted kits' PDFs go through the download view.
    file = models.FileField(_("file"), upload_to="kits/pdf/", storage=kit_pdf_storage)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    render_ms = models.PositiveIntegerField(_("render time (ms)"))
    rendered_at = models.DateTimeField(_("rendered at"))

    class Meta:
        verbose_name = _("kit PDF")
        verbose_name_plural = _("kit PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "revision", "variant", "fingerprint"], name="kitpdf_unique_render"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} · {self.variant} · {self.revision_id}"


class ScreenChangeReport(models.Model):
    """An agent's report that a step's screen no longer matches the real service."""

    page = models.ForeignKey(
        KitPage, on_delete=models.CASCADE, related_name="screen_reports", verbose_name=_("kit")
    )
    step_id = models.CharField(_("step id"), max_length=64)
    step_title = models.CharField(_("step"), max_length=255)
    step_number = models.PositiveSmallIntegerField(_("step number"))
    comment = models.TextField(_("what has changed"), max_length=1000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"))
    is_resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("screen-change report")
        verbose_name_plural = _("screen-change reports")
        ordering = ("is_resolved", "-reported_at")

    def __str__(self) -> str:
        return f"{self.page.title} · {self.step_number}. {self.step_title}"
