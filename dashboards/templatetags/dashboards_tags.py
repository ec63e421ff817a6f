"""Template helpers of the dashboards: one table cell, export links."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.privacy import Status
from dashboards.selectors.cubes import Figure
from dashboards.selectors.exports import COMMUNE, METROPOLIS, Scope
from dashboards.tables import Link, Share

register = template.Library()


def _withheld(figure: Figure) -> SafeString:
    """A withheld figure with its meaning for pointer and screen-reader users."""
    meaning = (
        _("fewer than 5 people")
        if figure.status is Status.SMALL
        else _("withheld so that a small figure cannot be worked out")
    )
    return format_html(
        '<span class="dash-withheld" title="{}">{}<span class="visually-hidden"> ({})</span></span>',
        meaning, str(figure), meaning,
    )


@register.filter
def dash_cell(value: Any) -> SafeString | str:
    """A table value as HTML: links, withheld markers, numbers, empty levels."""
    if isinstance(value, Link):
        return format_html('<a href="{}">{}</a>', value.url, value.text)
    if isinstance(value, Figure):
        return _withheld(value) if value.is_hidden else str(value)
    if isinstance(value, Share):
        if value.value is None and value.withheld is not None and value.withheld.is_hidden:
            return _withheld(value.withheld)
        return str(value)
    if value is None:
        return format_html('<span aria-label="{}">–</span>', _("no level"))
    return value if isinstance(value, SafeString) else str(value)


@register.simple_tag
def export_url(scope: Scope, slug: str, file_format: str, query: str = "") -> str:
    """The download link of a table (or of everything, `tout`) with the current filters."""
    if scope.dashboard == METROPOLIS:
        url = reverse("dashboards:metropolis_export", args=[slug, file_format])
    elif scope.dashboard == COMMUNE:
        url = reverse("dashboards:commune_export", args=[scope.place_key, slug, file_format])
    else:
        url = reverse("dashboards:library_export", args=[int(scope.place_key), slug, file_format])
    return f"{url}?{query}" if query else url
