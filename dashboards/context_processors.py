"""Template context: whether to show the dashboards link in the main navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dashboards.selectors.access import can_see_dashboards


def dashboards_nav(request: HttpRequest) -> dict[str, object]:
    """`can_see_dashboards`, computed only when a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_see_dashboards": False}
    return {"can_see_dashboards": SimpleLazyObject(lambda: can_see_dashboards(user))}
