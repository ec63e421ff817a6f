"""A kit's content resolved against the service registry, for the screen and for print."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from common.qr import qr_svg_data_uri
from mediation_kits.models import KitPage
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


def kit_raw_values(page: KitPage) -> list[dict[str, Any]]:
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


def kit_link_services(page: KitPage) -> dict[int, NetworkService]:
    """The registry services the kit refers to, by id (deleted ones are absent)."""
    ids = [page.service_id]
    for child, raw in zip(page.body, kit_raw_values(page), strict=True):
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
    services = kit_link_services(page)
    sections: list[KitSection] = []
    number = 0
    for child, raw in zip(page.body, kit_raw_values(page), strict=True):
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
    ids = [raw.get("service") for raw in kit_raw_values(page)] + [page.service_id]
    services = services_by_ids(pk for pk in ids if pk)
    for child, raw in zip(page.body, kit_raw_values(page), strict=True):
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
