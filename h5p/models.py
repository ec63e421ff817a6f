"""The H5P library store and the H5P contents built on it.

A library version (machine name, major, minor) is stored once, on disk under
``MEDIA_ROOT/h5p/libraries/<Name-MAJOR.MINOR>/``, and shared by every content that needs it;
a newer patch replaces the files in place (patches are backward compatible in H5P). A content
owns a folder ``MEDIA_ROOT/h5p/content/<folder>/`` (its ``h5p.json`` and ``content/``) and
lists the libraries it loads, in load order, through ``H5PContentLibrary``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from h5p.validation import MACHINE_NAME_MAX_LENGTH, LibraryRef


class H5PLibrary(models.Model):
    """One installed H5P library version, shared by all the contents that use it."""

    machine_name = models.CharField(_("machine name"), max_length=MACHINE_NAME_MAX_LENGTH)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"))
    title = models.CharField(_("title"), max_length=255)
    is_runnable = models.BooleanField(_("runnable"), default=False)
    # Preloaded dependencies as [machineName, major, minor] triples (load order of contents).
    preloaded_dependencies = models.JSONField(default=list, blank=True)
    metadata = models.JSONField(_("library.json"), default=dict, blank=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("installed by"),
    )
    installed_at = models.DateTimeField(_("installed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        ordering = ("machine_name", "major_version", "minor_version")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"],
                name="h5p_library_unique_version",
            )
        ]
        permissions = [
            (
                "install_library",
                _("Can install new H5P libraries (code that runs in learners' browsers)"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.version_text}"

    @property
    def ref(self) -> LibraryRef:
        """The (machine name, major, minor) key H5P dependencies use."""
        return LibraryRef(self.machine_name, self.major_version, self.minor_version)

    @property
    def folder_name(self) -> str:
        """The library's folder, e.g. ``H5P.MultiChoice-1.16``."""
        return self.ref.folder_name

    @property
    def version_text(self) -> str:
        """The full version, e.g. ``1.16.4``."""
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"


def libraries_token(libraries: Iterable[H5PLibrary]) -> str:
    """A short digest of library folders and patch versions, used to version file URLs."""
    keys = sorted(f"{library.folder_name}@{library.patch_version}" for library in libraries)
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


class H5PContent(models.Model):
    """An uploaded H5P exercise: its package metadata, content folder and libraries."""

    class AttemptPolicy(models.TextChoices):
        BEST = "best", _("best attempt")
        FIRST = "first", _("first attempt")
        LAST = "last", _("last attempt")

    title = models.CharField(_("title"), max_length=255)
    main_library = models.ForeignKey(
        H5PLibrary,
        on_delete=models.PROTECT,
        related_name="main_of_contents",
        verbose_name=_("main library"),
    )
    libraries = models.ManyToManyField(
        H5PLibrary,
        through="H5PContentLibrary",
        related_name="contents",
        verbose_name=_("libraries"),
    )
    folder = models.UUIDField(_("content folder"), default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=32, blank=True)
    metadata = models.JSONField(_("h5p.json"), default=dict, blank=True)
    package_name = models.CharField(_("package file"), max_length=255, blank=True)
    package_sha256 = models.CharField(_("package SHA-256"), max_length=64, db_index=True)
    package_size = models.PositiveBigIntegerField(_("package size"), default=0)
    attempt_policy = models.CharField(
        _("attempt that counts"),
        max_length=8,
        choices=AttemptPolicy.choices,
        default=AttemptPolicy.BEST,
        help_text=_("Which of a learner's scored attempts gives their score."),
    )
    pass_percentage = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Score needed to pass, in percent. Leave empty: finishing the exercise is enough."
        ),
    )
    # Digest of the libraries' versions: part of their file URLs, so they can be cached forever.
    libraries_token = models.CharField(max_length=16, editable=False, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("H5P content")
        verbose_name_plural = _("H5P contents")
        ordering = ("title", "pk")

    def __str__(self) -> str:
        return self.title


class H5PContentLibrary(models.Model):
    """A library a content loads, at its position in the load order."""

    class Kind(models.TextChoices):
        PRELOADED = "preloaded", _("preloaded")
        DYNAMIC = "dynamic", _("dynamic")

    content = models.ForeignKey(H5PContent, on_delete=models.CASCADE, related_name="dependencies")
    library = models.ForeignKey(H5PLibrary, on_delete=models.PROTECT, related_name="usages")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PRELOADED)

    class Meta:
        verbose_name = _("content library")
        verbose_name_plural = _("content libraries")
        ordering = ("content", "position")
        constraints = [
            models.UniqueConstraint(
                fields=["content", "library"], name="h5p_content_library_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content} → {self.library}"
