"""Reads feeding the kit pages, the catalogue, the downloads and the editors' warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lrs.builders import activity_iri
from mediation_kits.models import KitIndexPage, KitPage, KitPdf, ScreenChangeReport
from mediation_kits.selectors.content import kit_content, kit_link_services, kit_raw_values
from resources.models import NetworkService


@dataclass(frozen=True)
class KitDownload:
    """One PDF variant of a kit: its label, URL and, once rendered, its size."""

    variant: str
    label: str
    url: str
    size_bytes: int | None


def kit_editor_warnings(page: KitPage) -> list[str]:
    """What editors should fix: a service deleted from the registry, open screen reports."""
    warnings: list[str] = []
    if page.service_id is None:
        warnings.append(
            _("This kit's service was removed from the registry: choose another service.")
        )
    services = kit_link_services(page)
    for child, raw in zip(page.body, kit_raw_values(page), strict=True):
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


def kit_live(pk: int) -> KitPage | None:
    """The live kit with this id, if any."""
    return KitPage.objects.live().filter(pk=pk).first()


def kit_by_slug(slug: str) -> KitPage | None:
    """The one live kit with this slug; None when there is none or several (ambiguous)."""
    kits = list(KitPage.objects.live().filter(slug=slug).order_by("path")[:2])
    return kits[0] if len(kits) == 1 else None


def kit_pdf_url(page: KitPage, variant: str) -> str:
    """The download address of one PDF variant, keyed on the kit's id."""
    return reverse("mediation_kits:download_kit_pdf", args=[page.pk, page.slug, variant])


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
            url=kit_pdf_url(page, variant.value),
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
        "can_report": bool(request.user.is_authenticated and page.pk),
        "report_url": (
            reverse("mediation_kits:report_screen_change", args=[page.pk, page.slug])
            if page.pk
            else ""
        ),
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


def kit_index_url(request: HttpRequest | None = None) -> str:
    """The URL of the first live kit catalogue, or "" when there is none."""
    index = KitIndexPage.objects.live().order_by("path").first()
    return (index.get_url(request) or "") if index is not None else ""
