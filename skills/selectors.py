"""Reads of the skills app: frameworks, alignments, competence IRIs, skill records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Max, Q, QuerySet
from django.utils import translation

from lrs.builders import activity_iri
from skills.models import (
    Alignment,
    Competence,
    CrosswalkLink,
    Framework,
    Level,
    Provenance,
    SkillLevelChange,
    SkillRecord,
)
from skills.suggestions import NextStep, NextStepTarget, next_step_providers

DEFAULT_FRAMEWORK_CODE = "digcomp"
COMPETENCE_KIND = "competence"


# --- Competence IRIs -------------------------------------------------------------------


def competence_iri(competence: Competence) -> str:
    """The activity IRI standing for a competence itself (self-positioning, validation, Pix)."""
    framework = competence.framework
    return activity_iri(COMPETENCE_KIND, f"{framework.code}/{framework.version}/{competence.code}")


def competence_iri_prefix() -> str:
    """The start shared by every competence IRI."""
    return activity_iri(COMPETENCE_KIND, "")


def competences_for_iris(iris: Iterable[str]) -> dict[str, Competence]:
    """The competences some IRIs stand for (IRIs that stand for none are left out)."""
    prefix = competence_iri_prefix()
    wanted: dict[tuple[str, str, str], str] = {}
    for iri in iris:
        if iri.startswith(prefix):
            parts = iri[len(prefix) :].split("/")
            if len(parts) == 3 and all(parts):
                wanted[(parts[0], parts[1], parts[2])] = iri
    if not wanted:
        return {}
    condition = Q()
    for code, version, competence_code in wanted:
        condition |= Q(framework__code=code, framework__version=version, code=competence_code)
    found = {}
    for competence in Competence.objects.filter(condition).select_related("framework"):
        key = (competence.framework.code, competence.framework.version, competence.code)
        found[wanted[key]] = competence
    return found


# --- Alignments --------------------------------------------------------------------------


def alignments_for(activity_iri: str) -> list[Alignment]:
    """The competences and levels an activity is aligned to."""
    return list(
        Alignment.objects.filter(activity_iri=activity_iri)
        .select_related("competence__framework")
        .order_by("competence__framework__title", "competence__sort_order", "competence__code")
    )


def alignments_by_activity(iris: Iterable[str]) -> dict[str, list[Alignment]]:
    """The alignments of several activities, keyed by activity IRI."""
    grouped: dict[str, list[Alignment]] = defaultdict(list)
    iris = list(set(iris))
    for start in range(0, len(iris), 500):
        chunk = iris[start : start + 500]
        for alignment in Alignment.objects.filter(activity_iri__in=chunk).select_related(
            "competence__framework"
        ):
            grouped[alignment.activity_iri].append(alignment)
    return dict(grouped)


def aligned_activity_iris() -> set[str]:
    """Every activity IRI that has at least one alignment."""
    return set(Alignment.objects.values_list("activity_iri", flat=True).distinct())


def competences_snapshot(activity_iri: str) -> list[dict]:
    """The competences an activity serves, as frozen facts in the site's language (certificates)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            {
                "framework": alignment.competence.framework.label,
                "code": alignment.competence.code,
                "title": alignment.competence.display_title,
                "level": alignment.level,
            }
            for alignment in alignments_for(activity_iri)
        ]


# --- Frameworks ----------------------------------------------------------------------------


def frameworks_current() -> QuerySet[Framework]:
    """The current version of every framework, DigComp first."""
    return Framework.objects.filter(is_current=True).order_by("title", "version")


def framework_current(code: str = DEFAULT_FRAMEWORK_CODE) -> Framework | None:
    """The current version of a framework, by code."""
    return Framework.objects.filter(code=code, is_current=True).first()


def framework_max_levels(framework_ids: Iterable[int]) -> dict[int, int]:
    """The highest level number of each framework."""
    rows = (
        Level.objects.filter(framework_id__in=list(framework_ids))
        .values("framework_id")
        .annotate(top=Max("number"))
    )
    return {row["framework_id"]: row["top"] for row in rows}


def framework_competences(framework: Framework) -> list[Competence]:
    """A framework's competences in display order."""
    return list(framework.competences.select_related("framework").order_by("sort_order", "code"))


def framework_levels(framework: Framework) -> list[Level]:
    """A framework's levels, lowest first."""
    return list(framework.levels.order_by("number"))


def crosswalk_for(competence: Competence) -> list[CrosswalkLink]:
    """The competences of other frameworks a competence is drawn from or maps to."""
    return list(
        CrosswalkLink.objects.filter(Q(source=competence) | Q(target=competence))
        .select_related("source__framework", "target__framework")
        .order_by("target__sort_order", "source__sort_order")
    )


# --- Skill records --------------------------------------------------------------------------


def skill_records(
    *, user_ids: Iterable[int] | None = None, framework: Framework | None = None
) -> QuerySet[SkillRecord]:
    """Skill records, optionally of some people and one framework (dashboards)."""
    queryset = SkillRecord.objects.select_related("competence__framework")
    if user_ids is not None:
        queryset = queryset.filter(user_id__in=list(user_ids))
    if framework is not None:
        queryset = queryset.filter(competence__framework=framework)
    return queryset


def level_history_for(user: AbstractBaseUser, competence: Competence) -> list[SkillLevelChange]:
    """The history of a person's levels on one competence, oldest first."""
    return list(
        SkillLevelChange.objects.filter(user=user, competence=competence).order_by(
            "changed_at", "statement_id"
        )
    )


@dataclass(frozen=True)
class CompetenceLine:
    """One competence of a person's record, ready to show."""

    competence_id: int
    code: str
    title: str
    level: int
    band: str
    provenance: str
    provenance_label: str
    level_at: datetime | None
    declared_level: int | None
    declared_band: str
    declared_at: datetime | None
    next_steps: tuple[NextStep, ...] = ()


@dataclass(frozen=True)
class AreaBlock:
    """The competences of one area (DigComp area, CRCN domain)."""

    code: str
    title: str
    lines: tuple[CompetenceLine, ...]


@dataclass(frozen=True)
class FrameworkProfile:
    """A person's record on one framework."""

    framework_id: int
    code: str
    label: str
    max_level: int
    areas: tuple[AreaBlock, ...]
    assessed_count: int
    declared_count: int

    @property
    def lines(self) -> list[CompetenceLine]:
        """Every competence line, in order."""
        return [line for area in self.areas for line in area.lines]

    @property
    def has_next_steps(self) -> bool:
        """Whether anything is suggested on this framework."""
        return any(line.next_steps for line in self.lines)


def _profile(
    framework: Framework, records: dict[int, SkillRecord], steps: dict[int, tuple[NextStep, ...]]
) -> FrameworkProfile:
    """Build one framework's profile from its competences, levels and the person's records."""
    levels = {level.number: level.display_band for level in framework_levels(framework)}
    areas: dict[str, list[CompetenceLine]] = {}
    titles: dict[str, str] = {}
    for competence in framework_competences(framework):
        record = records.get(competence.pk)
        level = record.level if record else 0
        declared = record.declared_level if record else None
        provenance = record.level_provenance if record and level else ""
        line = CompetenceLine(
            competence_id=competence.pk,
            code=competence.code,
            title=competence.display_title,
            level=level,
            band=levels.get(level, ""),
            provenance=provenance,
            provenance_label=str(Provenance(provenance).label) if provenance else "",
            level_at=record.level_at if record and level else None,
            declared_level=declared,
            declared_band=levels.get(declared or 0, ""),
            declared_at=record.declared_at if record else None,
            next_steps=steps.get(competence.pk, ()),
        )
        areas.setdefault(competence.area_code, []).append(line)
        titles.setdefault(competence.area_code, competence.display_area_title)
    blocks = tuple(AreaBlock(code, titles[code], tuple(lines)) for code, lines in areas.items())
    all_lines = [line for block in blocks for line in block.lines]
    return FrameworkProfile(
        framework_id=framework.pk,
        code=framework.code,
        label=framework.label,
        max_level=max(levels, default=0),
        areas=blocks,
        assessed_count=sum(1 for line in all_lines if line.level),
        declared_count=sum(1 for line in all_lines if line.declared_level is not None),
    )


def skill_profile_for(user: AbstractBaseUser) -> list[FrameworkProfile]:
    """A person's record on the default framework and on every framework they have evidence in."""
    records = {
        record.competence_id: record
        for record in SkillRecord.objects.filter(user=user).select_related("competence")
    }
    framework_ids = {record.competence.framework_id for record in records.values()}
    default = framework_current()
    if default is not None:
        framework_ids.add(default.pk)
    frameworks = sorted(
        Framework.objects.filter(pk__in=framework_ids),
        key=lambda item: (item.pk != getattr(default, "pk", None), item.title, item.version),
    )
    steps = next_steps_for(user, records, frameworks)
    return [_profile(framework, records, steps) for framework in frameworks]


def next_steps_for(
    user: AbstractBaseUser, records: dict[int, SkillRecord], frameworks: Sequence[Framework]
) -> dict[int, tuple[NextStep, ...]]:
    """Ask the registered providers what to do next on each competence (at most 3 each)."""
    providers = next_step_providers()
    if not providers:
        return {}
    tops = framework_max_levels(framework.pk for framework in frameworks)
    targets = []
    for framework in frameworks:
        for competence in framework.competences.all():
            record = records.get(competence.pk)
            level = record.level if record else 0
            if level < tops.get(framework.pk, 0):
                targets.append(NextStepTarget(competence.pk, level, level + 1))
    found: dict[int, list[NextStep]] = defaultdict(list)
    for provider in providers:
        for step in provider(user, targets):
            if len(found[step.competence_id]) < 3:
                found[step.competence_id].append(step)
    return {key: tuple(value) for key, value in found.items()}


def has_next_step_providers() -> bool:
    """Whether any app suggests next steps (courses registers one)."""
    return bool(next_step_providers())


@dataclass(frozen=True)
class RecordSummary:
    """A short summary of a person's record for "Mon espace"."""

    assessed_count: int
    declared_count: int
    framework_count: int
    last_change_at: datetime | None


def record_summary_for(user: AbstractBaseUser) -> RecordSummary:
    """How many competences a person has a level on, and when the record last changed."""
    records = SkillRecord.objects.filter(user=user)
    last = SkillLevelChange.objects.filter(user=user).aggregate(last=Max("changed_at"))["last"]
    return RecordSummary(
        assessed_count=records.filter(level__gt=0).count(),
        declared_count=records.filter(declared_level__isnull=False).count(),
        framework_count=records.values("competence__framework").distinct().count(),
        last_change_at=last,
    )
