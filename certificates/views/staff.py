"""Staff views: hand-over selection and ZIP bundles with progress, revocation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certificates.forms import BundleForm, RevokeForm, SelectionForm, parse_ids
from certificates.models import Certificate, CertificateBundle
from certificates.selectors import (
    Selection,
    achievements_in_scope,
    bundle_of,
    can_hand_over,
    can_revoke,
    certificates_selected,
    libraries_for_selection,
)
from certificates.services import bundle_create, certificate_revoke


def _selection_from(form: SelectionForm) -> tuple[Selection, bool]:
    """The selection a valid form describes, and whether some ids were unreadable."""
    users, bad_users = parse_ids(form.cleaned_data.get("users", ""))
    certificates, bad_certificates = parse_ids(form.cleaned_data.get("certificates", ""))
    selection = Selection(
        library_id=form.cleaned_data.get("library"),
        achievement=form.cleaned_data.get("achievement", ""),
        user_ids=users,
        certificate_ids=certificates,
    )
    return selection, bad_users or bad_certificates


@login_required
@require_http_methods(["GET", "POST"])
def manage_certificates(request: HttpRequest) -> HttpResponse:
    """Pick people (by library, achievement or preselected ids) and ask for their ZIP."""
    if not can_hand_over(request.user):
        raise PermissionDenied
    libraries = [(library.pk, str(library)) for library in libraries_for_selection(request.user)]
    achievements = achievements_in_scope(request.user)
    prefixes = sorted({key.split(":", 1)[0] + ":" for key, _title in achievements})
    choices = [
        (prefix, _("All “%(kind)s” achievements") % {"kind": prefix[:-1]}) for prefix in prefixes
    ] + achievements
    selection_form = SelectionForm(request.GET or None, libraries=libraries, achievements=choices)
    selection, dropped = Selection(), False
    if selection_form.is_bound and selection_form.is_valid():
        selection, dropped = _selection_from(selection_form)
    if dropped:
        messages.warning(request, _("Some ids in the link were not numbers and were ignored."))
    selected = list(certificates_selected(request.user, selection).select_related("user"))
    choices_ids = [(certificate.pk, str(certificate)) for certificate in selected]
    bundle_form = BundleForm(
        request.POST or None,
        choices=choices_ids,
        initial={"certificate": [pk for pk, _label in choices_ids]},
    )
    if request.method == "POST" and bundle_form.is_valid():
        try:
            bundle = bundle_create(
                requested_by=request.user,
                certificate_ids=bundle_form.cleaned_data["certificate"],
                label=bundle_form.cleaned_data["label"],
            )
        except ValidationError as error:
            bundle_form.add_error(None, error)
        else:
            return redirect("certificates:bundle_detail", bundle_uuid=bundle.uuid)
    context = {
        "selection_form": selection_form,
        "bundle_form": bundle_form,
        "selection": selection,
        "rows": [
            {"certificate": certificate, "can_revoke": can_revoke(request.user, certificate)}
            for certificate in selected
        ],
        "recent_bundles": CertificateBundle.objects.filter(requested_by=request.user)[:5],
    }
    return render(request, "certificates/manage.html", context)


@login_required
@require_GET
def bundle_detail(request: HttpRequest, bundle_uuid: str) -> HttpResponse:
    """The progress of a ZIP being built, then its download link."""
    bundle = bundle_of(request.user, bundle_uuid)
    if bundle is None:
        raise Http404
    return render(request, "certificates/bundle_detail.html", {"bundle": bundle})


@login_required
@require_GET
def bundle_status(request: HttpRequest, bundle_uuid: str) -> JsonResponse:
    """The progress of a bundle, polled by its page."""
    bundle = bundle_of(request.user, bundle_uuid)
    if bundle is None:
        raise Http404
    ready = bundle.status == CertificateBundle.Status.DONE and bool(bundle.archive)
    return JsonResponse(
        {
            "status": bundle.status,
            "status_label": bundle.get_status_display(),
            "done": bundle.done_count,
            "total": bundle.total,
            "percent": bundle.percent,
            "download_url": reverse("certificates:bundle_download", args=[bundle.uuid])
            if ready
            else None,
        },
        headers={"Cache-Control": "no-store"},
    )


@login_required
@require_GET
def bundle_download(request: HttpRequest, bundle_uuid: str) -> FileResponse:
    """The ZIP of a ready bundle, for the person who asked for it."""
    bundle = bundle_of(request.user, bundle_uuid)
    if bundle is None or bundle.status != CertificateBundle.Status.DONE or not bundle.archive:
        raise Http404
    return FileResponse(
        bundle.archive.open("rb"),
        as_attachment=True,
        filename=f"attestations-{bundle.created_at:%Y%m%d}-{str(bundle.uuid)[:8]}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke_certificate(request: HttpRequest, certificate_uuid: str) -> HttpResponse:
    """Revoke one certificate with a reason (network team, or the person's supervisors)."""
    certificate = get_object_or_404(Certificate, uuid=certificate_uuid)
    if not can_revoke(request.user, certificate):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_revoke(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The certificate of %(name)s is revoked.") % {"name": certificate.person_name},
            )
            return redirect("certificates:manage")
    return render(request, "certificates/revoke.html", {"certificate": certificate, "form": form})
