"""The registry of the network's shared services, their deep links and their link health."""

from __future__ import annotations

import string
from collections.abc import Mapping
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

url_validator = URLValidator(schemes=["http", "https"])


class DeepLinkError(ValueError):
    """A deep link cannot be built: unknown key or missing parameter."""


def template_fields(url_template: str) -> list[str]:
    """The names of the `{placeholders}` of a deep-link template, in order."""
    try:
        parsed = list(string.Formatter().parse(url_template))
    except ValueError as error:
        raise DeepLinkError(str(error)) from error
    return [name for _literal, name, _spec, _conv in parsed if name is not None]


def template_fill(url_template: str, params: Mapping[str, object]) -> str:
    """The URL of a template with its placeholders replaced by URL-quoted values."""
    names = template_fields(url_template)
    missing = [name for name in names if str(params.get(name, "")).strip() == ""]
    if missing:
        raise DeepLinkError(f"missing value for {', '.join(missing)}")
    values = {name: quote(str(params[name]).strip(), safe="") for name in names}
    return url_template.format(**values)


class NetworkService(ClusterableModel):
    """A shared online service of the network (catalogue, portal, press, e-books…)."""

    class Kind(models.TextChoices):
        ILS = "ils", _("ILS / patron account")
        PORTAL = "portal", _("common portal")
        PRESS = "press", _("press")
        SELF_TRAINING = "self_training", _("self-training")
        VIDEO = "video", _("video on demand")
        EBOOKS = "ebooks", _("e-books")
        HERITAGE = "heritage", _("digitised heritage")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("A short stable code used by pages and templates, e.g. portal."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("short description"), max_length=255, blank=True)
    public_url = models.URLField(_("public URL"), max_length=500)
    help_url = models.URLField(_("help URL"), max_length=500)
    is_in_footer = models.BooleanField(
        _("show in the site footer"),
        default=True,
        help_text=_("The footer of every page links to the services ticked here."),
    )
    footer_order = models.PositiveSmallIntegerField(_("footer order"), default=100)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("public_url"),
        FieldPanel("help_url"),
        MultiFieldPanel(
            [FieldPanel("is_in_footer"), FieldPanel("footer_order")], heading=_("Footer")
        ),
        InlinePanel("deep_links", heading=_("Deep links"), label=_("deep link")),
    ]

    class Meta:
        verbose_name = _("network service")
        verbose_name_plural = _("network services")
        ordering = ("footer_order", "name")

    def __str__(self) -> str:
        return self.name

    def deep_link_url(self, key: str = "", **params: object) -> str:
        """The URL of one of the service's deep links (its public URL when key is empty)."""
        if not key:
            return self.public_url
        for link in self.deep_links.all():
            if link.key == key:
                return link.url(**params)
        raise DeepLinkError(f"{self.slug} has no deep link {key!r}")


class DeepLink(Orderable):
    """A URL template into a service, e.g. the login page or a record by its identifier."""

    service = ParentalKey(NetworkService, on_delete=models.CASCADE, related_name="deep_links")
    key = models.SlugField(_("code"), max_length=40, help_text=_("e.g. login, record, search."))
    label = models.CharField(_("label"), max_length=120)
    url_template = models.CharField(
        _("URL template"),
        max_length=500,
        help_text=_(
            "A full URL; put parameters between braces, e.g. "
            "https://catalogue.example.org/record/{id}."
        ),
    )
    example = models.CharField(
        _("example value"),
        max_length=120,
        blank=True,
        help_text=_("A value for the parameters, used to check that the link works."),
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("label"),
        FieldPanel("url_template"),
        FieldPanel("example"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("deep link")
        verbose_name_plural = _("deep links")
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="deeplink_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.label}"

    @property
    def parameters(self) -> list[str]:
        """The parameter names the template expects."""
        return template_fields(self.url_template)

    def url(self, **params: object) -> str:
        """The deep link filled with these parameter values."""
        return template_fill(self.url_template, params)

    def example_url(self) -> str | None:
        """The deep link filled with the example value (None when it needs one and has none)."""
        names = self.parameters
        if not names:
            return self.url_template
        if not self.example.strip():
            return None
        return template_fill(self.url_template, dict.fromkeys(names, self.example))

    def clean(self) -> None:
        """The template is a valid http(s) URL whatever the parameter values."""
        try:
            names = template_fields(self.url_template)
        except DeepLinkError:
            raise ValidationError(
                {"url_template": _("Braces must enclose a parameter name, e.g. {id}.")}
            ) from None
        if any(not name.isidentifier() for name in names):
            raise ValidationError(
                {"url_template": _("A parameter name is made of letters, e.g. {id}.")}
            )
        try:
            url_validator(template_fill(self.url_template, dict.fromkeys(names, "x")))
        except ValidationError:
            raise ValidationError(
                {"url_template": _("Enter a full URL starting with https:// or http://.")}
            ) from None


class LinkCheck(models.Model):
    """The last health check of one URL of the registry."""

    class Source(models.TextChoices):
        PUBLIC = "public", _("public URL")
        HELP = "help", _("help URL")
        DEEP_LINK = "deep_link", _("deep link")

    service = models.ForeignKey(
        NetworkService,
        on_delete=models.CASCADE,
        related_name="link_checks",
        verbose_name=_("service"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    deep_link_key = models.CharField(_("deep link"), max_length=40, blank=True)
    url = models.URLField(_("URL"), max_length=500)
    is_ok = models.BooleanField(_("working"), default=False)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=8, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("time (ms)"), null=True, blank=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link health")
        ordering = ("is_ok", "service__name", "source", "deep_link_key")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "source", "deep_link_key"], name="linkcheck_unique_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.url}"

    @property
    def state_label(self) -> str:
        """ "working" or "broken", for the admin list."""
        return str(_("working") if self.is_ok else _("broken"))

    @property
    def outcome(self) -> str:
        """The status code, or the error, as one short text."""
        if self.status_code is not None:
            return str(self.status_code)
        return self.error
