"""Template context shared by every page: the footer's links to the network's services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from resources.selectors import footer_services


def network_services(request: HttpRequest) -> dict[str, Any]:
    """`network_services`: the footer services, queried only when a template uses them."""
    del request
    return {"network_services": SimpleLazyObject(footer_services)}
