"""Template helpers of the dashboards: one table cell, export links."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from dashboards.privacy import Status
from dashboards.selectors.cubes import Figure
from dashboards.selectors.exports import COMMUNE, METROPOLIS, Scope
from dashboards.tables import Link, Share, Table

register = template.Library()


def _withheld(figure: Figure) -> SafeString:
    """A withheld figure with its meaning for pointer and screen-reader users."""
    return _withheld_html(figure.status, get_language() or "")


@lru_cache(maxsize=16)
def _withheld_html(status: Status, language: str) -> SafeString:
    """The markup of a withheld figure, per status and language (cached: tables repeat it)."""
    with override(language or None):
        meaning = (
            _("fewer than 5 people")
            if status is Status.SMALL
            else _("withheld so that a small figure cannot be worked out")
        )
        return format_html(
            '<span class="dash-withheld" title="{}">{}'
            '<span class="visually-hidden"> ({})</span></span>',
            meaning,
            str(Figure(None, status)),
            meaning,
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


@lru_cache(maxsize=16)
def _no_level_html(language: str) -> str:
    """The markup of an empty level, per language (cached: the people table repeats it)."""
    with override(language or None):
        return str(dash_cell(None))


def _cell_html(value: Any) -> str:
    """A table value as HTML (the same as the `dash_cell` filter, as text)."""
    kind = type(value)
    if kind is Figure:
        if value.status is Status.SHOWN:
            return str(value)  # digits and spaces only
        return _withheld(value)
    if kind is int:
        return str(value)
    if kind is str:
        return escape(value)
    if value is None:
        return _no_level_html(get_language() or "")
    return conditional_escape(dash_cell(value))


@register.simple_tag
def dash_table(table: Table, scope: Scope, query: str = "") -> SafeString:
    """A whole table with its title, note and download links (rendered in Python: fast)."""
    anchor = f"table-{table.slug}"
    head = "".join(
        format_html(
            '<th scope="col"{}>{}</th>',
            mark_safe(' class="num"') if column.is_numeric else "",
            column.label,
        )
        for column in table.columns
    )
    # One <tbody> per group of rows (levels per area), its heading a "rowgroup" header.
    groups: list[list[str]] = [[]]
    width = len(table.columns)
    for heading, row in table.display_rows():
        if heading:
            groups.append(
                [
                    format_html(
                        '<tr class="dash-group"><th scope="rowgroup" colspan="{}">{}</th></tr>',
                        width,
                        heading,
                    )
                ]
            )
        cells = []
        for index, (value, is_numeric) in enumerate(row):
            if index == 0:
                cells.append(f'<th scope="row">{_cell_html(value)}</th>')
            elif is_numeric:
                cells.append(f'<td class="num">{_cell_html(value)}</td>')
            else:
                cells.append(f"<td>{_cell_html(value)}</td>")
        groups[-1].append("<tr>" + "".join(cells) + "</tr>")
    body = ["<tbody>" + "".join(rows) + "</tbody>" for rows in groups if rows]
    if not body:
        body.append(
            format_html(
                '<tbody><tr><td colspan="{}">{}</td></tr></tbody>',
                width,
                _("Nothing to show for these filters."),
            )
        )
    note = format_html('<p class="dash-note">{}</p>', table.note) if table.note else ""
    downloads = format_html(
        '<p class="dash-downloads">{} '
        '<a href="{}">CSV<span class="visually-hidden"> — {}</span></a>'
        ' · <a href="{}">XLSX<span class="visually-hidden"> — {}</span></a></p>',
        _("Download this table:"),
        export_url(scope, table.slug, "csv", query),
        table.title,
        export_url(scope, table.slug, "xlsx", query),
        table.title,
    )
    return format_html(
        '<section class="dash-table" aria-labelledby="{}"><h3 id="{}">{}</h3>{}{}'
        '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="{}"><table>'
        "<thead><tr>{}</tr></thead>{}</table></div></section>",
        anchor,
        anchor,
        table.title,
        note,
        downloads,
        anchor,
        mark_safe(head),  # noqa: S308 (built with format_html above)
        mark_safe("".join(body)),  # noqa: S308 (every value escaped above)
    )


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
