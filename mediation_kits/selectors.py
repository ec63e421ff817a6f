"""Reads for mediation kits: a kit's content resolved against the registry, the catalogue."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.qr import qr_svg_data_uri
from lrs.builders import activity_iri
from mediation_kits.models import KitIndexPage, KitPage, KitPdf, ScreenChangeReport
from resources.models import DeepLinkError, NetworkService
from resources.selectors import services_by_ids

# Bump when the PDF templates change, so cached PDFs are rendered again.
PDF_LAYOUT_VERSION = "1"
SCREENSHOT_RENDITION = "max-1400x1000"


@dataclass(frozen=True)
class KitLink:
    """A call to action resolved against the registry: its URL and QR code, if any."""

    label: str
    service_name: str
    url: str | None
    qr_data_uri: str | None


@dataclass(frozen=True)
class KitStep:
    """One step, ready for a template."""

    number: int
    block_id: str
    title: str
    text_html: SafeString
    image_url: str | None
    image_alt: str
    is_image_missing: bool
    note_kind: str
    note: str
    pictogram: str


@dataclass(frozen=True)
class KitNeed:
    """One item of a "what you need" list."""

    text: str
    pictogram: str


@dataclass(frozen=True)
class KitQuestion:
    """One question of the FAQ."""

    question: str
    answer_html: SafeString


@dataclass(frozen=True)
class KitSection:
    """One block of the kit, in reading order: needs, step, call_to_action or faq."""

    kind: str
    value: Any


@dataclass(frozen=True)
class KitContent:
    """Everything a kit shows on screen and on paper, with the registry resolved."""

    page_id: int
    title: str
    intro: str
    audience: str
    level: str
    duration_minutes: int
    service_name: str | None
    service_url: str | None
    service_help_url: str | None
    last_verified_on: date
    sections: tuple[KitSection, ...]
    fingerprint: str

    @property
    def steps(self) -> list[KitStep]:
        """The steps, in order."""
        return [section.value for section in self.sections if section.kind == "step"]

    @property
    def links(self) -> list[KitLink]:
        """The calls to action, in order."""
        return [s.value for s in self.sections if s.kind == "call_to_action"]


@dataclass(frozen=True)
class KitDownload:
    """One PDF variant of a kit: its label, URL and, once rendered, its size."""

    variant: str
    label: str
    url: str
    size_bytes: int | None


def _raw_values(page: KitPage) -> list[dict[str, Any]]:
    """The body's raw block values, aligned with its children."""
    return [item.get("value") or {} for item in page.body.raw_data]


def _deep_link_url(service: NetworkService, key: str, parameter: str) -> str | None:
    """The URL of a service's deep link filled with `parameter`, or None when impossible."""
    if not key:
        return service.public_url
    link = next((link for link in service.deep_links.all() if link.key == key), None)
    if link is None:
        return None
    try:
        return link.url(**dict.fromkeys(link.parameters, parameter))
    except DeepLinkError:
        return None


def _link_services(page: KitPage) -> dict[int, NetworkService]:
    """The registry services the kit refers to, by id (deleted ones are absent)."""
    ids = [page.service_id]
    for child, raw in zip(page.body, _raw_values(page), strict=True):
        if child.block_type == "call_to_action":
            ids.append(raw.get("service"))
    return services_by_ids(pk for pk in ids if pk)


def _resolve_link(
    raw: dict[str, Any], page: KitPage, services: dict[int, NetworkService]
) -> KitLink:
    """One call to action: the chosen service (or the kit's), its deep link and QR code."""
    service_id = raw.get("service") or page.service_id
    service = services.get(service_id) if service_id else None
    label = raw.get("label") or ""
    if service is None:
        return KitLink(label, "", None, None)
    url = _deep_link_url(service, raw.get("link_key") or "", raw.get("parameter") or "")
    return KitLink(label, service.name, url, qr_svg_data_uri(url) if url else None)


def _screenshot(value: dict[str, Any]) -> tuple[str | None, bool]:
    """The screenshot's rendition URL and whether a chosen screenshot could not be read."""
    image = value.get("screenshot")
    if image is None:
        return None, False
    try:
        return image.get_rendition(SCREENSHOT_RENDITION).url, False
    except OSError:  # the original file is gone or unreadable
        return None, True


def _step(number: int, block_id: str, value: dict[str, Any]) -> KitStep:
    """A step block as a KitStep."""
    image_url, is_missing = _screenshot(value)
    return KitStep(
        number=number,
        block_id=block_id,
        title=value.get("title") or "",
        text_html=mark_safe(str(value.get("text") or "")),  # noqa: S308 (rich text, sanitised by Wagtail)
        image_url=image_url,
        image_alt=value.get("screenshot_alt") or "",
        is_image_missing=is_missing,
        note_kind=(value.get("note_kind") or "tip") if value.get("note") else "",
        note=value.get("note") or "",
        pictogram=value.get("pictogram") or "",
    )


def _fingerprint(page: KitPage, services: dict[int, NetworkService], links: list[KitLink]) -> str:
    """A digest of what the PDF takes from outside the revision: the registry's data."""
    service = services.get(page.service_id) if page.service_id else None
    data = [
        PDF_LAYOUT_VERSION,
        [service.name, service.public_url, service.help_url] if service else None,
        [[link.label, link.service_name, link.url] for link in links],
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:32]


def kit_content(page: KitPage) -> KitContent:
    """The kit's content in reading order, with its links resolved against the registry."""
    services = _link_services(page)
    sections: list[KitSection] = []
    number = 0
    for child, raw in zip(page.body, _raw_values(page), strict=True):
        if child.block_type == "step":
            number += 1
            sections.append(KitSection("step", _step(number, child.id or "", child.value)))
        elif child.block_type == "needs":
            items = [
                KitNeed(item["text"], item.get("pictogram") or "") for item in child.value["items"]
            ]
            sections.append(KitSection("needs", items))
        elif child.block_type == "call_to_action":
            sections.append(KitSection("call_to_action", _resolve_link(raw, page, services)))
        elif child.block_type == "faq":
            questions = [
                KitQuestion(item["question"], mark_safe(str(item["answer"])))  # noqa: S308
                for item in child.value["items"]
            ]
            sections.append(KitSection("faq", questions))
    service = services.get(page.service_id) if page.service_id else None
    links = [s.value for s in sections if s.kind == "call_to_action"]
    return KitContent(
        page_id=page.pk,
        title=page.title,
        intro=page.intro,
        audience=page.get_audience_display(),
        level=page.get_level_display(),
        duration_minutes=page.duration_minutes,
        service_name=service.name if service else None,
        service_url=service.public_url if service else None,
        service_help_url=service.help_url if service else None,
        last_verified_on=page.last_verified_on,
        sections=tuple(sections),
        fingerprint=_fingerprint(page, services, links),
    )


def kit_steps(page: KitPage) -> dict[str, tuple[int, str]]:
    """The kit's steps by block id: (number, title)."""
    steps: dict[str, tuple[int, str]] = {}
    for child in page.body:
        if child.block_type == "step":
            steps[child.id or ""] = (len(steps) + 1, child.value["title"])
    return steps


def kit_call_to_action_errors(page: KitPage) -> list[str]:
    """What is wrong with the kit's calls to action (unknown deep link, missing value)."""
    errors: list[str] = []
    ids = [raw.get("service") for raw in _raw_values(page)] + [page.service_id]
    services = services_by_ids(pk for pk in ids if pk)
    for child, raw in zip(page.body, _raw_values(page), strict=True):
        key = raw.get("link_key") or ""
        if child.block_type != "call_to_action" or not key:
            continue
        service = services.get(raw.get("service") or page.service_id or 0)
        if service is None:
            continue
        link = next((link for link in service.deep_links.all() if link.key == key), None)
        known = ", ".join(link.key for link in service.deep_links.all()) or "—"
        if link is None:
            errors.append(
                _("“%(label)s”: %(service)s has no deep link “%(key)s” (known: %(known)s).")
                % {"label": raw.get("label"), "service": service, "key": key, "known": known}
            )
        elif link.parameters and not (raw.get("parameter") or "").strip():
            errors.append(
                _("“%(label)s”: the deep link “%(key)s” needs a value.")
                % {"label": raw.get("label"), "key": key}
            )
    return errors


def kit_editor_warnings(page: KitPage) -> list[str]:
    """What editors should fix: a service deleted from the registry, open screen reports."""
    warnings: list[str] = []
    if page.service_id is None:
        warnings.append(
            _("This kit's service was removed from the registry: choose another service.")
        )
    services = _link_services(page)
    for child, raw in zip(page.body, _raw_values(page), strict=True):
        if child.block_type == "call_to_action" and raw.get("service") not in (None, "", *services):
            warnings.append(
                _("The call to action “%(label)s” points to a service removed from the registry.")
                % {"label": raw.get("label")}
            )
    open_reports = (
        ScreenChangeReport.objects.filter(page=page, is_resolved=False).count() if page.pk else 0
    )
    if open_reports:
        warnings.append(
            ngettext(
                "%(count)d screen-change report is open for this kit.",
                "%(count)d screen-change reports are open for this kit.",
                open_reports,
            )
            % {"count": open_reports}
        )
    return warnings


def kit_competences(page: KitPage) -> list[tuple[Any, int]]:
    """The competences the kit serves, with their levels (unknown ones are skipped)."""
    from skills.models import Competence

    wanted = [
        (int(block.value["competence"]), int(block.value["level"]))
        for block in page.competences
        if str(block.value.get("competence") or "").isdigit()
    ]
    found = Competence.objects.select_related("framework").in_bulk([pk for pk, _lvl in wanted])
    return [(found[pk], level) for pk, level in wanted if pk in found]


def kit_activity_iri(page: KitPage) -> str:
    """The xAPI activity IRI standing for the kit."""
    return activity_iri("kit", page.pk)


def kit_by_slug(slug: str) -> KitPage | None:
    """The live kit with this slug (the first one in the tree if several)."""
    return KitPage.objects.live().filter(slug=slug).order_by("path").first()


def kit_pdf_cached(page: KitPage, variant: str, fingerprint: str) -> KitPdf | None:
    """The stored PDF of the kit's live revision in this variant, if rendered and on disk."""
    pdf = (
        KitPdf.objects.filter(
            page=page, revision_id=page.live_revision_id, variant=variant, fingerprint=fingerprint
        )
        .order_by("-pk")
        .first()
    )
    if pdf is None or not pdf.file.storage.exists(pdf.file.name):
        return None
    return pdf


def kit_downloads(page: KitPage, fingerprint: str) -> list[KitDownload]:
    """The three PDF variants of the kit, with their sizes once rendered."""
    sizes = dict(
        KitPdf.objects.filter(
            page=page, revision_id=page.live_revision_id, fingerprint=fingerprint
        ).values_list("variant", "size_bytes")
    )
    return [
        KitDownload(
            variant=variant.value,
            label=str(variant.label),
            url=reverse("mediation_kits:download_kit_pdf", args=[page.slug, variant.value]),
            size_bytes=sizes.get(variant.value),
        )
        for variant in KitPdf.Variant
    ]


def kit_page_context(page: KitPage, *, request: HttpRequest) -> dict[str, Any]:
    """What the kit page shows: content, downloads, competences, warnings for editors."""
    content = kit_content(page)
    can_edit = bool(
        request.user.is_authenticated and page.permissions_for_user(request.user).can_edit()
    )
    return {
        "kit": content,
        "downloads": kit_downloads(page, content.fingerprint) if page.pk and page.live else [],
        "competences": kit_competences(page),
        "editor_warnings": kit_editor_warnings(page) if can_edit else [],
        "can_report": request.user.is_authenticated,
    }


def catalogue_services(index: KitIndexPage) -> list[NetworkService]:
    """The services that live kits of this catalogue are about."""
    ids = KitPage.objects.live().descendant_of(index).values("service_id")
    return list(NetworkService.objects.filter(pk__in=ids).order_by("name"))


def kit_catalogue(
    index: KitIndexPage,
    *,
    query: str = "",
    audience: str = "",
    level: str = "",
    service: NetworkService | None = None,
) -> list[KitPage]:
    """The live, public kits of a catalogue, filtered, then searched (best match first)."""
    kits = KitPage.objects.live().public().descendant_of(index)
    if audience:
        kits = kits.filter(audience=audience)
    if level:
        kits = kits.filter(level=level)
    if service is not None:
        kits = kits.filter(service=service)
    if query:
        return list(kits.search(query))
    return list(kits.select_related("service").order_by("title"))


def kit_catalogue_context(*, index: KitIndexPage, params: QueryDict) -> dict[str, Any]:
    """The catalogue's filter form and results; invalid filters are reported and ignored."""
    from mediation_kits.forms import KitFilterForm

    form = KitFilterForm(params or None, services=catalogue_services(index))
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    kits = kit_catalogue(
        index,
        query=cleaned.get("q") or "",
        audience=cleaned.get("audience") or "",
        level=cleaned.get("level") or "",
        service=cleaned.get("service"),
    )
    return {"filter_form": form, "kits": kits, "is_filtered": any(cleaned.values())}
