"""Demo data for courses: the catalogue, three real paths, and the demo agent's progress.

Pages are created once (existing pages are left as editors may have changed them).
The demo agent's progress goes through the real services, so that statements,
evidence and the certificate exist: one path done, one in progress, one assigned.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Page, Site

from accounts.demo import DemoLog
from courses.activities import h5p_iri
from courses.demo.content import (
    CATALOG_INTRODUCTION,
    CATALOG_TITLE,
    DEMO_PATHS,
    EBOOKS,
    MEMOS,
    PRESS,
    SECURITY,
    DemoLesson,
    DemoPath,
)
from courses.demo.images import cover_image, diagram_image
from courses.demo.quizzes import quiz_content
from courses.models import (
    Enrollment,
    LessonPage,
    ModulePage,
    PathCompetence,
    PathPrerequisite,
    TrainingCatalogPage,
    TrainingPathPage,
)
from courses.selectors.progress import path_progress_for
from courses.services import enrollment_create, lesson_view_record, path_assign
from lrs.builders import activity, platform_statement
from lrs.services import statement_record
from lrs.vocabulary import ActivityType, Verb
from resources.models import NetworkService
from skills.models import Competence
from skills.selectors import framework_current

AGENT_EMAIL = "agent@demo.example.org"
HEAD_EMAIL = "responsable@demo.example.org"


def seed(log: DemoLog) -> None:
    """Create the catalogue and the three demo paths, then the demo agent's progress."""
    catalog = _catalog()
    paths = {spec.slug: _path(catalog, spec, log) for spec in DEMO_PATHS}
    log(f"Catalogue: {catalog.url or '/' + catalog.slug + '/'} ({len(paths)} paths)")
    _agent_progress(paths, log)


def _publish(page: Page) -> Page:
    """Publish a page's latest content (runs the page_published receivers)."""
    page.save_revision().publish()
    return page


def _catalog() -> TrainingCatalogPage:
    """The catalogue page, under the default site's root page, slug "parcours"."""
    existing = TrainingCatalogPage.objects.first()
    if existing is not None:
        return existing
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    root = site.root_page if site is not None else Page.get_first_root_node()
    catalog = TrainingCatalogPage(
        title=CATALOG_TITLE, slug="parcours", introduction=CATALOG_INTRODUCTION
    )
    root.add_child(instance=catalog)
    return _publish(catalog)


def _competences(spec: DemoPath) -> list[PathCompetence]:
    """The path's DigComp targets (none when the framework is not loaded)."""
    framework = framework_current("digcomp")
    if framework is None:
        return []
    found = {c.code: c for c in Competence.objects.filter(framework=framework)}
    return [
        PathCompetence(competence=found[code], level=level, sort_order=index)
        for index, (code, level) in enumerate(spec.competences)
        if code in found
    ]


def _path(catalog: TrainingCatalogPage, spec: DemoPath, log: DemoLog) -> TrainingPathPage:
    """One demo path with its modules and lessons, created once."""
    existing = TrainingPathPage.objects.child_of(catalog).filter(slug=spec.slug).first()
    if existing is not None:
        return existing.specific
    path = TrainingPathPage(
        title=spec.title,
        slug=spec.slug,
        search_description=spec.search_description,
        introduction=spec.introduction,
        audience=spec.audience,
        audience_details=spec.audience_details,
        estimated_duration_minutes=spec.minutes,
        cover_image=cover_image(spec.cover),
    )
    path.target_competences = _competences(spec)
    path.prerequisite_links = [
        PathPrerequisite(prerequisite=required, sort_order=index)
        for index, slug in enumerate(spec.prerequisites)
        if (required := TrainingPathPage.objects.filter(slug=slug).first()) is not None
    ]
    catalog.add_child(instance=path)
    _publish(path)
    lessons = 0
    for module_spec in spec.modules:
        module = ModulePage(
            title=module_spec.title, slug=module_spec.slug, introduction=module_spec.introduction
        )
        path.add_child(instance=module)
        _publish(module)
        for lesson_spec in module_spec.lessons:
            lesson = _lesson(lesson_spec)
            if lesson is not None:
                module.add_child(instance=lesson)
                _publish(lesson)
                lessons += 1
    log(f"Path “{spec.title}”: {len(spec.modules)} modules, {lessons} lessons")
    return path


def _lesson(spec: DemoLesson) -> LessonPage | None:
    """A lesson page (not saved); None for a quiz lesson without its H5P library."""
    body = [block for kind, value in spec.blocks if (block := _block(kind, value)) is not None]
    has_quiz = any(block["type"] == "h5p" for block in body)
    if not body or (spec.threshold is not None and not has_quiz):
        return None
    rule = LessonPage.CompletionRule.H5P_PASSED if has_quiz else LessonPage.CompletionRule.VIEWED
    return LessonPage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        estimated_minutes=spec.minutes,
        body=body,
        completion_rule=rule,
        pass_threshold=spec.threshold if has_quiz else 80,
    )


def _block(kind: str, value: Any) -> dict[str, Any] | None:
    """One StreamField block as raw data; None when what it points to is missing."""
    if kind in ("text", "callout"):
        return {"type": kind, "value": value}
    if kind == "image":
        image, alt = diagram_image(value)
        return {"type": "image", "value": {"image": image.pk, "alt": alt, "caption": ""}}
    if kind == "quiz":
        content = quiz_content(value)
        return {"type": "h5p", "value": content.pk} if content is not None else None
    if kind == "document":
        document = _memo(value)
        return {
            "type": "document",
            "value": {"document": document.pk, "title": "", "description": ""},
        }
    if kind == "kit":
        kit = _kit(value)
        return {"type": "kit", "value": {"kit": kit.pk, "text": ""}} if kit is not None else None
    if kind == "resource":
        service = NetworkService.objects.filter(slug=value).first()
        if service is None:
            return None
        return {"type": "resource", "value": {"resource": service.pk, "text": ""}}
    raise ValueError(f"unknown demo block {kind!r}")


def _kit(slug: str) -> Page | None:
    """A published mediation kit page, by slug."""
    return Page.objects.live().filter(slug=slug, content_type__app_label="mediation_kits").first()


def _memo(key: str) -> Document:
    """A downloadable memo (plain text), created once."""
    title, filename, text = MEMOS[key]
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = Document(title=title)
    document.file.save(
        filename, ContentFile(io.BytesIO(text.encode("utf-8")).getvalue()), save=False
    )
    document.save()
    return document


def _agent_progress(paths: dict[str, TrainingPathPage], log: DemoLog) -> None:
    """The demo agent: security done, e-books in progress, press assigned by the head."""
    users = get_user_model().objects
    agent = users.filter(email=AGENT_EMAIL).first()
    head = users.filter(email=HEAD_EMAIL).first()
    if agent is None:
        log(f"No {AGENT_EMAIL}: no demo progress.")
        return
    security, ebooks, press = paths[SECURITY.slug], paths[EBOOKS.slug], paths[PRESS.slug]
    if not Enrollment.objects.filter(user=agent, path=security).exists():
        enrollment_create(user=agent, path=security)
        for state in path_progress_for(agent, security).lessons:
            _lesson_finish(agent, state.lesson)
    if not Enrollment.objects.filter(user=agent, path=ebooks).exists():
        enrollment_create(user=agent, path=ebooks)
        for state in path_progress_for(agent, ebooks).lessons[:2]:
            _lesson_finish(agent, state.lesson)
    if head is not None and not Enrollment.objects.filter(user=agent, path=press).exists():
        path_assign(
            assigned_by=head,
            path=press,
            people=[agent],
            due_on=timezone.localdate() + datetime.timedelta(days=21),
        )
    done = Enrollment.objects.filter(user=agent, completed_at__isnull=False).count()
    log(f"{AGENT_EMAIL}: {done} path done, one in progress, one assigned")


def _lesson_finish(user: Any, lesson: LessonPage) -> None:
    """Read a lesson to its end, or pass its H5P exercises as the player would record it."""
    if lesson.completion_rule == LessonPage.CompletionRule.VIEWED:
        lesson_view_record(user=user, lesson=lesson)
        return
    for content in lesson.h5p_contents():
        statement_record(
            platform_statement(
                user=user,
                verb=Verb.ANSWERED,
                object_=activity(
                    h5p_iri(content.pk), activity_type=ActivityType.INTERACTION, name=content.title
                ),
                result={
                    "score": {"min": 0, "raw": 1, "max": 1, "scaled": 1.0},
                    "success": True,
                    "completion": True,
                },
            )
        )
