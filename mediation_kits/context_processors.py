"""Template context: the address of the kit catalogue for the main navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mediation_kits.selectors import kit_index_url


def kits_nav(request: HttpRequest) -> dict[str, object]:
    """`kits_url`: the live kit catalogue's URL ("" when there is none), read lazily."""
    return {"kits_url": SimpleLazyObject(lambda: kit_index_url(request))}
