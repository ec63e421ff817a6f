"""Template context: the address of the training catalogue for the main navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from courses.selectors.catalogue import catalogue_url


def catalogue_nav(request: HttpRequest) -> dict[str, object]:
    """`catalogue_url`: the live catalogue page's URL ("" when there is none), read lazily."""
    return {"catalogue_url": SimpleLazyObject(lambda: catalogue_url(request))}
