"""The MEL network: communes, libraries, and people's roles in them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

insee_code_validator = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$", _("An INSEE code has five characters, e.g. 59350.")
)


class Commune(models.Model):
    """A commune of the Métropole Européenne de Lille, identified by its INSEE code."""

    insee_code = models.CharField(
        _("INSEE code"), max_length=5, unique=True, validators=[insee_code_validator]
    )
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(_("population"), default=0)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Library(models.Model):
    """A library of the network, municipal or associative, in one commune."""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("municipal")
        ASSOCIATIVE = "associative", _("associative")

    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="libraries", verbose_name=_("commune")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPAL)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = ("commune__name", "name")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="library_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune.name})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save in a transaction: a move to another commune moves its people's figures too."""
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)


class Membership(models.Model):
    """A person's role in the network: at a library, for a commune, or network-wide."""

    class Role(models.TextChoices):
        AGENT = "agent", _("library agent")
        TRAINER = "trainer", _("trainer")
        LIBRARY_HEAD = "library_head", _("library head")
        COMMUNE_COORDINATOR = "commune_coordinator", _("commune coordinator")
        NETWORK_TEAM = "network_team", _("network team (MEL)")

    LIBRARY_ROLES = (Role.AGENT, Role.TRAINER, Role.LIBRARY_HEAD)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    library = models.ForeignKey(
        Library,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("library"),
        help_text=_("For agents, trainers and library heads."),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coordinators",
        verbose_name=_("commune"),
        help_text=_("For commune coordinators."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=["agent", "trainer", "library_head"],
                        library__isnull=False,
                        commune__isnull=True,
                    )
                    | Q(role="commune_coordinator", library__isnull=True, commune__isnull=False)
                    | Q(role="network_team", library__isnull=True, commune__isnull=True)
                ),
                name="membership_place_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "library"],
                condition=Q(library__isnull=False),
                name="membership_unique_library_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "commune"],
                condition=Q(commune__isnull=False),
                name="membership_unique_commune_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(library__isnull=True, commune__isnull=True),
                name="membership_unique_network_role",
            ),
        ]

    def __str__(self) -> str:
        place = self.library or self.commune or "MEL"
        return f"{self.user} · {self.get_role_display()} · {place}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save in a transaction, so the membership listeners write in the same one."""
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    def clean(self) -> None:
        """A library role needs a library, a coordinator a commune, the network team neither."""
        if self.role in self.LIBRARY_ROLES:
            if self.library_id is None:
                raise ValidationError({"library": _("This role needs a library.")})
            if self.commune_id is not None:
                raise ValidationError({"commune": _("Leave the commune empty for this role.")})
        elif self.role == self.Role.COMMUNE_COORDINATOR:
            if self.commune_id is None:
                raise ValidationError({"commune": _("A commune coordinator needs a commune.")})
            if self.library_id is not None:
                raise ValidationError({"library": _("Leave the library empty for this role.")})
        elif self.role == self.Role.NETWORK_TEAM and (self.library_id or self.commune_id):
            raise ValidationError(_("The network team is attached to no library or commune."))
