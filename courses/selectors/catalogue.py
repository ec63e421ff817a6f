"""Reads of the catalogue: search and filters over the published training paths."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from courses.models import (
    LessonPage,
    ModulePage,
    PathCompetence,
    TrainingCatalogPage,
    TrainingPathPage,
)
from skills.models import Competence


@dataclass(frozen=True)
class DurationBand:
    """A range of estimated durations, in minutes (bounds included, None: open)."""

    label: str | Promise
    low: int | None
    high: int | None


DURATION_BANDS: dict[str, DurationBand] = {
    "short": DurationBand(_("Up to 1 hour"), None, 60),
    "medium": DurationBand(_("1 to 3 hours"), 61, 180),
    "long": DurationBand(_("More than 3 hours"), 181, None),
}


@dataclass(frozen=True)
class CatalogFilters:
    """What a visitor asked the catalogue for."""

    q: str = ""
    competence_id: int | None = None
    level: int | None = None
    duration: str = ""
    audience: str = ""

    @property
    def is_active(self) -> bool:
        """Whether any search or filter is set."""
        return bool(self.q or self.competence_id or self.level or self.duration or self.audience)


def published_paths() -> QuerySet[TrainingPathPage]:
    """Every live, public training path, in the editors' order."""
    return TrainingPathPage.objects.live().public().order_by("path")


def catalogue_paths(
    catalog: TrainingCatalogPage, filters: CatalogFilters
) -> list[TrainingPathPage]:
    """The catalogue's published paths matching the search and the filters."""
    paths = published_paths().child_of(catalog).select_related("cover_image")
    if filters.audience:
        paths = paths.filter(audience=filters.audience)
    band = DURATION_BANDS.get(filters.duration)
    if band is not None and band.low is not None:
        paths = paths.filter(estimated_duration_minutes__gte=band.low)
    if band is not None and band.high is not None:
        paths = paths.filter(estimated_duration_minutes__lte=band.high)
    if filters.competence_id or filters.level:
        targets = PathCompetence.objects.all()
        if filters.competence_id:
            targets = targets.filter(competence_id=filters.competence_id)
        if filters.level:
            targets = targets.filter(level=filters.level)
        paths = paths.filter(pk__in=targets.values("page_id"))
    if not filters.q:
        return list(paths)
    return _searched(catalog, list(paths), filters.q)


def _searched(
    catalog: TrainingCatalogPage, paths: list[TrainingPathPage], query: str
) -> list[TrainingPathPage]:
    """The paths matching a full-text query on themselves, their modules or lessons."""
    by_id = {path.pk: path for path in paths}
    if not by_id:
        return []
    ranked: list[int] = [
        hit.pk for hit in TrainingPathPage.objects.filter(pk__in=list(by_id)).search(query)
    ]
    by_path = {path.path: path.pk for path in paths}
    prefix_length = TrainingPathPage.steplen * (catalog.depth + 1)
    for model in (ModulePage, LessonPage):
        for hit in model.objects.live().descendant_of(catalog).search(query):
            path_id = by_path.get(hit.path[:prefix_length])
            if path_id is not None and path_id not in ranked:
                ranked.append(path_id)
    return [by_id[pk] for pk in ranked]


def catalogue_competences() -> QuerySet[Competence]:
    """The competences targeted by at least one published path (for the filter)."""
    targeted = PathCompetence.objects.filter(page__in=published_paths()).values("competence_id")
    return (
        Competence.objects.filter(pk__in=targeted)
        .select_related("framework")
        .order_by("framework__title", "sort_order", "code")
    )


def path_targets(path: TrainingPathPage) -> list[PathCompetence]:
    """The competences a path targets, with their levels and frameworks."""
    return list(
        path.target_competences.select_related("competence__framework").order_by("sort_order")
    )


def path_prerequisites(path: TrainingPathPage) -> list[TrainingPathPage]:
    """The published paths to finish before this one, in order."""
    return [
        link.prerequisite
        for link in path.prerequisite_links.select_related("prerequisite").order_by("sort_order")
        if link.prerequisite.live
    ]


def catalogue_url(request: HttpRequest | None = None) -> str:
    """The URL of the live training catalogue page, or "" when there is none."""
    page = TrainingCatalogPage.objects.live().order_by("path").first()
    return (page.get_url(request) or "") if page is not None else ""
