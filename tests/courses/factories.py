"""Factories for courses: the page tree (catalogue → path → module → lesson)."""

from __future__ import annotations

import factory
import wagtail_factories
from django.conf import settings
from wagtail.models import Locale, Page, Site

from courses.models import (
    LessonPage,
    ModulePage,
    PathCompetence,
    PathPrerequisite,
    TrainingCatalogPage,
    TrainingPathPage,
)


class TrainingCatalogPageFactory(wagtail_factories.PageFactory):
    """The catalogue page."""

    class Meta:
        model = TrainingCatalogPage

    title = "Parcours de formation"
    slug = "parcours"
    introduction = "<p>Les parcours du réseau.</p>"


class TrainingPathPageFactory(wagtail_factories.PageFactory):
    """A published training path."""

    class Meta:
        model = TrainingPathPage

    title = factory.Sequence(lambda n: f"Parcours {n}")
    slug = factory.Sequence(lambda n: f"parcours-{n}")
    introduction = "<p>Un parcours pour apprendre pas à pas.</p>"
    audience = TrainingPathPage.Audience.AGENTS
    estimated_duration_minutes = 60


class ModulePageFactory(wagtail_factories.PageFactory):
    """A module."""

    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")


class LessonPageFactory(wagtail_factories.PageFactory):
    """A lesson read to its end to be done."""

    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Leçon {n}")
    slug = factory.Sequence(lambda n: f"lecon-{n}")
    body = factory.LazyFunction(lambda: [{"type": "text", "value": "<p>Le contenu.</p>"}])
    completion_rule = LessonPage.CompletionRule.VIEWED


def site_root():
    """The default site's root page (recreated when a transactional test flushed it)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=Page(title="Accueil", slug="accueil"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def catalog_page() -> TrainingCatalogPage:
    """The catalogue under the site root (one per site)."""
    return TrainingCatalogPage.objects.first() or TrainingCatalogPageFactory(parent=site_root())


def path_with_lessons(
    *, modules: int = 2, lessons: int = 2, catalog: TrainingCatalogPage | None = None, **fields
) -> TrainingPathPage:
    """A published path with `modules` modules of `lessons` "viewed" lessons each."""
    path = TrainingPathPageFactory(parent=catalog or catalog_page(), **fields)
    for _module in range(modules):
        module = ModulePageFactory(parent=path)
        for _lesson in range(lessons):
            LessonPageFactory(parent=module)
    return path


def lessons_of(path: TrainingPathPage) -> list[LessonPage]:
    """The path's lessons in tree order."""
    return list(LessonPage.objects.descendant_of(path).order_by("path"))


def h5p_lesson(module: ModulePage, content, *, threshold: int | None = 80) -> LessonPage:
    """A lesson done by passing one H5P content."""
    return LessonPageFactory(
        parent=module,
        body=[
            {"type": "text", "value": "<p>Répondez à la question.</p>"},
            {"type": "h5p", "value": content.pk},
        ],
        completion_rule=LessonPage.CompletionRule.H5P_PASSED,
        pass_threshold=threshold,
    )


def target(path: TrainingPathPage, competence, level: int) -> PathCompetence:
    """Make a path aim at a competence level."""
    return PathCompetence.objects.create(page=path, competence=competence, level=level)


def prerequisite(path: TrainingPathPage, required: TrainingPathPage) -> PathPrerequisite:
    """Make `required` a prerequisite of `path`."""
    return PathPrerequisite.objects.create(page=path, prerequisite=required)
