"""`{% service_url "portal" "login" %}`: templates link through the registry, never by hand."""

from __future__ import annotations

from django import template

from resources.models import NetworkService
from resources.selectors import service_by_slug, service_link

register = template.Library()


@register.simple_tag
def service_url(service: NetworkService | str, key: str = "", **params: object) -> str:
    """The URL of a service (by object or code) or of one of its deep links; "" if unknown."""
    found = service_by_slug(service) if isinstance(service, str) else service
    return service_link(found, key, **params) or ""
