"""Reads of the service registry: footer links, deep links, link targets and health."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from resources.models import DeepLinkError, LinkCheck, NetworkService


@dataclass(frozen=True)
class LinkTarget:
    """One URL of the registry to check, and where it comes from."""

    service_id: int
    source: str
    deep_link_key: str
    url: str


def footer_services() -> list[NetworkService]:
    """The services the site footer links to, in footer order."""
    return list(NetworkService.objects.filter(is_in_footer=True).order_by("footer_order", "name"))


def service_by_slug(slug: str) -> NetworkService | None:
    """The service with this code, with its deep links, or None."""
    return NetworkService.objects.prefetch_related("deep_links").filter(slug=slug).first()


def services_by_ids(ids: Iterable[int]) -> dict[int, NetworkService]:
    """The services with these ids (with their deep links), by id; missing ids are absent."""
    wanted = {int(pk) for pk in ids if pk}
    if not wanted:
        return {}
    return {
        s.pk: s for s in NetworkService.objects.prefetch_related("deep_links").filter(pk__in=wanted)
    }


def service_link(service: NetworkService | None, key: str = "", **params: object) -> str | None:
    """A deep link of a service, or None when the service or the link is missing."""
    if service is None:
        return None
    try:
        return service.deep_link_url(key, **params)
    except DeepLinkError:
        return None


def link_targets() -> list[LinkTarget]:
    """Every checkable URL: public and help URLs, and deep links (filled with their example)."""
    targets: list[LinkTarget] = []
    for service in NetworkService.objects.prefetch_related("deep_links").order_by("pk"):
        targets.append(LinkTarget(service.pk, LinkCheck.Source.PUBLIC, "", service.public_url))
        if service.help_url:
            targets.append(LinkTarget(service.pk, LinkCheck.Source.HELP, "", service.help_url))
        for link in service.deep_links.all():
            try:
                url = link.example_url()
            except DeepLinkError:
                url = None
            if url:
                targets.append(LinkTarget(service.pk, LinkCheck.Source.DEEP_LINK, link.key, url))
    return targets


def broken_links() -> QuerySet[LinkCheck]:
    """The URLs whose last check failed, by service."""
    return LinkCheck.objects.filter(is_ok=False).select_related("service")


def services_with_health() -> QuerySet[NetworkService]:
    """Services annotated with their number of checked and of broken links."""
    return NetworkService.objects.annotate(
        links_checked=Count("link_checks"),
        links_broken=Count("link_checks", filter=Q(link_checks__is_ok=False)),
    )
