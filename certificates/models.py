"""Certificates: editable templates, issued certificates (frozen snapshots), ZIP bundles."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin

from certificates.codes import code_display

# The placeholders a template body may use, with what they stand for.
PLACEHOLDERS: dict[str, Any] = {
    "name": _("the person's name"),
    "achievement": _("the title of the path or workshop cycle"),
    "kind": _("“training path” or “workshop cycle”"),
    "date": _("the completion date"),
    "duration": _("the duration (e.g. 3 h 30)"),
    "issuer": _("the issuer's name"),
}
PLACEHOLDER_PATTERN = re.compile(r"\{([^{}]*)\}")

colour_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", _("Enter a colour as # followed by six hexadecimal digits, e.g. #0B5C8A.")
)


def _relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = []
    for index in (1, 3, 5):
        value = int(colour[index : index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of a colour against white paper."""
    return 1.05 / (_relative_luminance(colour) + 0.05)


class CertificateTemplate(DraftStateMixin, RevisionMixin, PreviewableMixin, models.Model):
    """The look and wording of certificates, edited in the Wagtail admin with drafts.

    Only the published revision is used when a certificate is issued, and the
    certificate copies it: later drafts and publications never change an issued one.
    """

    name = models.CharField(
        _("name"), max_length=120, help_text=_("For the admin only, e.g. “Parcours — MEL”.")
    )
    is_default = models.BooleanField(
        _("default template"),
        default=False,
        help_text=_("Used when the issuing app does not choose a template."),
    )
    heading = models.CharField(_("heading"), max_length=120, default="Attestation de formation")
    body = models.TextField(
        _("body text"),
        help_text=_(
            "Placeholders: {name}, {achievement}, {kind}, {date}, {duration}, {issuer}. "
            "A blank line starts a new paragraph."
        ),
    )
    issuer_name = models.CharField(
        _("issuer"),
        max_length=200,
        default="Métropole Européenne de Lille — Bibliothèque Numérique Métropolitaine",
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_name = models.CharField(_("signatory name"), max_length=120)
    signatory_title = models.CharField(_("signatory title"), max_length=200, blank=True)
    signature_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("main colour"),
        max_length=7,
        default="#0B5C8A",
        validators=[colour_validator],
        help_text=_("Headings and frame; must stay readable on white (contrast 4.5:1)."),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#A4361D", validators=[colour_validator]
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("is_default"),
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("body"), FieldPanel("issuer_name")],
            heading=_("Wording"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
            ],
            heading=_("Signatory"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("primary_colour"), FieldPanel("accent_colour")],
            heading=_("Look"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Only known placeholders, and colours readable on white."""
        super().clean()
        unknown = sorted(
            {key for key in PLACEHOLDER_PATTERN.findall(self.body or "") if key not in PLACEHOLDERS}
        )
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown placeholder(s): %(unknown)s. Allowed: %(allowed)s.")
                    % {
                        "unknown": ", ".join(f"{{{key}}}" for key in unknown),
                        "allowed": ", ".join(f"{{{key}}}" for key in PLACEHOLDERS),
                    }
                }
            )
        for field in ("primary_colour", "accent_colour"):
            value = getattr(self, field) or ""
            if re.fullmatch(r"#[0-9A-Fa-f]{6}", value) and contrast_with_white(value) < 4.5:
                raise ValidationError(
                    {
                        field: _(
                            "This colour is too light to read on white (contrast %(ratio).1f:1, "
                            "at least 4.5:1 needed)."
                        )
                        % {"ratio": contrast_with_white(value)}
                    }
                )

    # Preview in the admin, with sample data: the certificate as a web page, or the PDF.
    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        """The HTML rendering and the PDF."""
        return [("", _("Certificate")), ("pdf", _("PDF"))]

    def serve_preview(self, request: Any, mode_name: str) -> Any:
        """Render this (possibly unsaved) template with sample facts."""
        from django.http import HttpResponse

        from certificates.pdf import SAMPLE_CODE, certificate_html, certificate_pdf
        from certificates.snapshots import sample_snapshot

        snapshot = sample_snapshot(self)
        if mode_name == "pdf":
            pdf = certificate_pdf(snapshot, code=SAMPLE_CODE)
            return HttpResponse(pdf, content_type="application/pdf")
        return HttpResponse(certificate_html(snapshot, code=SAMPLE_CODE))


def _pdf_path(instance: Certificate, filename: str) -> str:
    """A random file name: neither the code nor the public id can find the file."""
    del instance, filename
    return f"certificates/pdf/{secrets.token_hex(16)}.pdf"


def _bundle_path(instance: CertificateBundle, filename: str) -> str:
    """A random file name for a ZIP bundle."""
    del instance, filename
    return f"certificates/bundles/{secrets.token_hex(16)}.zip"


class Certificate(models.Model):
    """An issued certificate: an immutable snapshot of the facts it certifies.

    The snapshot (name, achievement, duration, competences, date, issuer, template
    wording) is written once at issue and never updated; only the revocation fields
    and the stored PDF change afterwards.
    """

    class Kind(models.TextChoices):
        PATH = "path", _("training path")
        WORKSHOP_CYCLE = "workshop_cycle", _("workshop cycle")

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("person"),
    )
    achievement_key = models.CharField(
        _("achievement key"), max_length=120, help_text=_("e.g. path:12 or workshop-cycle:3")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    code = models.CharField(_("verification code"), max_length=16, unique=True, editable=False)
    snapshot = models.JSONField(_("frozen facts"), editable=False)
    issued_at = models.DateTimeField(_("issued at"))
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("template"),
    )
    template_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template revision"),
    )
    status_index = models.PositiveIntegerField(
        _("status list index"),
        unique=True,
        help_text=_("Position of this certificate in the public revocation list."),
    )
    statement_id = models.UUIDField(_("earned statement"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF rendered at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ("-issued_at", "-pk")
        constraints = [
            # One valid certificate per achievement; revoked ones stay as history, so an
            # achievement whose facts were corrected back can be certified again.
            models.UniqueConstraint(
                fields=["user", "achievement_key"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_unique_valid_achievement",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.person_name} · {self.display_code}"

    @property
    def is_revoked(self) -> bool:
        """Whether the certificate has been revoked."""
        return self.revoked_at is not None

    @property
    def display_code(self) -> str:
        """The grouped verification code."""
        return code_display(self.code)

    @property
    def person_name(self) -> str:
        """The name frozen at issue."""
        return str(self.snapshot.get("person", {}).get("name", ""))


class CertificateBundle(models.Model):
    """A ZIP of certificate PDFs requested for a hand-over, built by a worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificate_bundles",
        verbose_name=_("requested by"),
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    certificates = models.ManyToManyField(
        Certificate, related_name="bundles", verbose_name=_("certificates")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("number of certificates"), default=0)
    done_count = models.PositiveIntegerField(_("certificates added"), default=0)
    archive = models.FileField(_("ZIP archive"), upload_to=_bundle_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate bundle")
        verbose_name_plural = _("certificate bundles")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.label or str(self.uuid)

    @property
    def percent(self) -> int:
        """Progress, from 0 to 100."""
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done_count / self.total) if self.total else 0
