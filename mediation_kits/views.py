"""Views of mediation kits: download a PDF variant, report a changed screen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mediation_kits.forms import ScreenChangeReportForm
from mediation_kits.models import KitPage
from mediation_kits.selectors import kit_by_slug, kit_live, kit_pdf_url
from mediation_kits.services import kit_pdf_render, screen_change_report_create


def _visible_kit(request: HttpRequest, kit: KitPage | None) -> KitPage:
    """The kit found, if the visitor may see it (else 404)."""
    if kit is None:
        raise Http404(_("No mediation kit has this address."))
    for restriction in kit.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404(_("No mediation kit has this address."))
    return kit


@require_safe
def download_kit_pdf(
    request: HttpRequest, pk: str, slug: str, variant: str
) -> FileResponse | HttpResponseRedirect:
    """The kit's PDF in one variant: the stored render, or rendered now the first time."""
    kit = _visible_kit(request, kit_live(int(pk)))
    if slug != kit.slug:  # renamed since the link was made: go to the current address
        return redirect(kit_pdf_url(kit, variant))
    pdf = kit_pdf_render(page=kit, variant=variant)
    response = FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=f"{kit.slug}-{variant}.pdf",
        content_type="application/pdf",
    )
    # Revalidate every time: a new publish must never be hidden by a cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def download_kit_pdf_by_slug(request: HttpRequest, slug: str, variant: str) -> HttpResponseRedirect:
    """An older slug-only download link: to the kit's address when the slug names one kit."""
    # Temporary: which kit a slug names may change as kits are added or renamed.
    kit = _visible_kit(request, kit_by_slug(slug))
    return redirect(kit_pdf_url(kit, variant))


@require_POST
@login_required
def report_screen_change(request: HttpRequest, pk: str, slug: str) -> HttpResponse:
    """Record that the screen of a step has changed, then go back to the step."""
    # The id names the kit: a slug changed since the page was shown must not lose the report.
    kit = _visible_kit(request, kit_live(int(pk)))
    form = ScreenChangeReportForm(request.POST)
    if form.is_valid():
        try:
            screen_change_report_create(
                page=kit,
                step_id=form.cleaned_data["step_id"],
                comment=form.cleaned_data["comment"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid():
        messages.success(request, _("Thank you: the editors will check this step."))
        return redirect(f"{kit.url}#step-{form.cleaned_data['step_id']}")
    context = kit.get_context(request)
    context.update({"report_form": form, "report_step_id": request.POST.get("step_id", "")})
    return TemplateResponse(request, kit.get_template(request), context, status=400)
