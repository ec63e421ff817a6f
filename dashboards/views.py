"""Dashboard pages, table downloads and large exports (function views)."""

from __future__ import annotations

import gc
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dashboards.charts import LEVEL_COLOURS
from dashboards.exports import FORMATS, csv_bytes, xlsx_bytes
from dashboards.forms import FiltersForm, filters_parse
from dashboards.models import DashboardExport
from dashboards.selectors.access import (
    can_see_dashboards,
    communes_for,
    dashboard_home_url,
    libraries_for,
)
from dashboards.selectors.building import legend_items
from dashboards.selectors.exports import (
    COMMUNE,
    EVERYTHING,
    LIBRARY,
    METROPOLIS,
    PEOPLE,
    Scope,
    export_context,
    export_row_estimate,
    export_tables,
    scope_for,
)
from dashboards.selectors.metropolis import metropolis_dashboard
from dashboards.selectors.people import people_of, people_table
from dashboards.selectors.places import commune_dashboard, library_dashboard
from dashboards.services.exports import export_request

PEOPLE_PER_PAGE = 50


def built_without_collector(build: Callable[[], HttpResponse]) -> HttpResponse:
    """Build a dashboard response with Python's cycle collector paused.

    A page makes tens of thousands of short-lived, cycle-free objects (cells, rows, table
    cells), freed by reference counting. With the collector running they would trigger
    collections that scan them again and again, and on one request in four a full
    collection of every object Django keeps loaded (~100 ms). The collector resumes only
    once `build` has returned, when its objects are already freed: what it then scans is
    the response, not the dashboard.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return build()
    finally:
        if was_enabled:
            gc.enable()


def _filters_context(request: HttpRequest, form: FiltersForm) -> dict:
    """What every dashboard template needs around its figures."""
    query = request.GET.copy()
    query.pop("page", None)
    field = form.fields["referentiel"]
    return {
        "form": form,
        # Read once here: iterating the field's choices in the template would count the
        # frameworks, then read them through a server-side cursor (4 round trips).
        "framework_choices": [
            (framework.pk, field.label_from_instance(framework)) for framework in field.queryset
        ],
        "query": query.urlencode(),
        "legend": legend_items(),
        "level_colours": [
            (_("no level") if number == 0 else _("level %(number)s") % {"number": number}, colour)
            for number, colour in enumerate(LEVEL_COLOURS)
        ],
    }


@login_required
def show_index(request: HttpRequest) -> HttpResponse:
    """Send a user to their dashboard, or list the ones they may open."""
    url = dashboard_home_url(request.user)
    if url:
        return redirect(url)
    if not can_see_dashboards(request.user):
        raise PermissionDenied(_("No dashboard is open to you."))
    return render(
        request,
        "dashboards/index.html",
        {"communes": communes_for(request.user), "libraries": libraries_for(request.user)},
    )


@login_required
def show_metropolis(request: HttpRequest) -> HttpResponse:
    """The MEL dashboard (network team)."""
    scope = scope_for(request.user, METROPOLIS, "")
    filters, form = filters_parse(request.GET)

    def build() -> HttpResponse:
        dashboard = metropolis_dashboard(filters)
        context = {"scope": scope, "filters": filters, "dashboard": dashboard}
        return render(
            request, "dashboards/metropolis.html", context | _filters_context(request, form)
        )

    return built_without_collector(build)


def _people_context(request: HttpRequest, scope: Scope, filters: object) -> dict:
    """The page of named people (only for those who see names)."""
    if not scope.has_names:
        return {"people": None}
    paginator = Paginator(people_of(request.user, scope.libraries), PEOPLE_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    table = people_table(list(page.object_list), scope.libraries, filters)
    query = request.GET.copy()
    query.pop("page", None)
    return {"people": table, "people_page": page, "people_query": query.urlencode()}


def _show_place(request: HttpRequest, scope: Scope) -> HttpResponse:
    """A commune or library dashboard."""
    filters, form = filters_parse(request.GET)
    # A library's breadcrumb links to its commune only for those who may open it.
    commune_link = (
        scope.library is not None
        and communes_for(request.user).filter(pk=scope.commune.pk).exists()
    )

    def build() -> HttpResponse:
        if scope.dashboard == COMMUNE:
            dashboard = commune_dashboard(scope.commune, filters)
        else:
            dashboard = library_dashboard(scope.library, filters)
        context = {
            "scope": scope,
            "filters": filters,
            "dashboard": dashboard,
            "commune_link": commune_link,
        }
        context |= _people_context(request, scope, filters)
        return render(request, "dashboards/place.html", context | _filters_context(request, form))

    return built_without_collector(build)


@login_required
def show_commune(request: HttpRequest, insee_code: str) -> HttpResponse:
    """A commune's dashboard (network team, that commune's coordinators)."""
    return _show_place(request, scope_for(request.user, COMMUNE, insee_code))


@login_required
def show_library(request: HttpRequest, pk: int) -> HttpResponse:
    """A library's dashboard (network team, its commune's coordinators, its heads)."""
    return _show_place(request, scope_for(request.user, LIBRARY, str(pk)))


def _download(
    request: HttpRequest, dashboard: str, place_key: str, table: str, file_format: str
) -> HttpResponse:
    """One table as a file now, or a page offering to prepare a large export."""
    if file_format not in FORMATS or (table == EVERYTHING and file_format != "xlsx"):
        raise Http404(_("Exports are offered as CSV or XLSX."))
    scope = scope_for(request.user, dashboard, place_key)
    if table == PEOPLE and not scope.has_names:
        raise PermissionDenied(_("Named people are shown to coordinators and library heads only."))
    large = export_row_estimate(request.user, scope, table) > settings.DASHBOARDS_EXPORT_SYNC_ROWS
    if table == EVERYTHING or large:
        return render(
            request,
            "dashboards/export_prepare.html",
            {
                "scope": scope,
                "table": table,
                "file_format": file_format,
                "query": request.GET.urlencode(),
            },
        )
    scope, filters, tables = export_tables(
        request.user, dashboard=dashboard, place_key=place_key, query=request.GET, slug=table
    )
    if file_format == "csv":
        content = csv_bytes(tables[0])
    else:
        content = xlsx_bytes(tables, context=export_context(scope, filters))
    name = f"{slugify(scope.name) or 'mel'}-{table}-{filters.last_month:%Y-%m}.{file_format}"
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_metropolis_table(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    """Download a table of the MEL dashboard."""
    return _download(request, METROPOLIS, "", table, file_format)


@login_required
def export_commune_table(
    request: HttpRequest, insee_code: str, table: str, file_format: str
) -> HttpResponse:
    """Download a table of a commune's dashboard."""
    return _download(request, COMMUNE, insee_code, table, file_format)


@login_required
def export_library_table(
    request: HttpRequest, pk: int, table: str, file_format: str
) -> HttpResponse:
    """Download a table of a library's dashboard."""
    return _download(request, LIBRARY, str(pk), table, file_format)


@login_required
@require_POST
def request_export(request: HttpRequest) -> HttpResponse:
    """Ask a worker to prepare a large export; follow its progress on the next page."""
    data = request.POST
    try:
        export = export_request(
            user=request.user,
            dashboard=data.get("dashboard", ""),
            place_key=data.get("place", ""),
            table=data.get("table", ""),
            file_format=data.get("format", ""),
            query=data.get("query", ""),
        )
    except ValueError:
        messages.error(request, _("Choose CSV or XLSX (a whole dashboard exports as XLSX)."))
        return redirect("dashboards:index")
    return redirect("dashboards:export", pk=export.pk)


def _own_export(request: HttpRequest, pk: str) -> DashboardExport:
    """An export of the current user (others' exports do not exist for them)."""
    return get_object_or_404(DashboardExport, pk=pk, requested_by=request.user)


def _export_error(export: DashboardExport) -> str:
    """Why an export failed, for its requester: the recorded reason, else a generic one."""
    if export.status != DashboardExport.Status.FAILED:
        return ""
    return export.error or _(
        "The file could not be prepared. Try again later; if it fails again, "
        "contact the network team."
    )


@login_required
def show_export(request: HttpRequest, pk: str) -> HttpResponse:
    """The progress of a large export, then its download link."""
    export = _own_export(request, pk)
    return render(
        request,
        "dashboards/export_status.html",
        {"export": export, "export_error": _export_error(export)},
    )


@login_required
def export_status(request: HttpRequest, pk: str) -> JsonResponse:
    """The progress of an export, for the page that waits for it."""
    export = _own_export(request, pk)
    return JsonResponse(
        {
            "status": export.status,
            "status_label": export.get_status_display(),
            "progress": export.progress,
            "download_url": reverse("dashboards:export_file", args=[export.pk])
            if export.status == DashboardExport.Status.DONE
            else "",
            "error": _export_error(export),
        }
    )


@login_required
def download_export(request: HttpRequest, pk: str) -> FileResponse:
    """The file of a finished export, for the person who asked while they keep the scope."""
    export = _own_export(request, pk)
    if export.status != DashboardExport.Status.DONE or not export.file:
        raise Http404(_("This export is not ready."))
    scope = scope_for(request.user, export.dashboard, export.place_key)
    if export.has_names and not scope.has_names:
        raise PermissionDenied(_("Named people are shown to coordinators and library heads only."))
    if not export.file.storage.exists(export.file.name):
        raise Http404(_("This export is no longer available: prepare it again."))
    name = f"{export.dashboard}-{export.place_key or 'mel'}-{export.table}.{export.file_format}"
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=FORMATS[export.file_format],
    )
