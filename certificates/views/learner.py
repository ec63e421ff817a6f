"""Learner views: a certificate's PDF and its Open Badge, and the "My space" panel."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from certificates.links import verify_url
from certificates.models import Certificate
from certificates.openbadges import credential_jwt
from certificates.selectors import can_download, certificates_of
from certificates.services import certificate_pdf_render


def _file_stem(certificate: Certificate) -> str:
    """A readable file name stem: attestation-<name>-<code>."""
    return f"attestation-{slugify(certificate.person_name)}-{certificate.display_code}"


@login_required
@require_GET
def download_pdf(request: HttpRequest, certificate_uuid: str) -> FileResponse:
    """The stored PDF (rendered now if the worker has not done it yet)."""
    certificate = get_object_or_404(Certificate, uuid=certificate_uuid)
    if not can_download(request.user, certificate):
        raise PermissionDenied
    certificate = certificate_pdf_render(certificate=certificate)
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{_file_stem(certificate)}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_GET
def download_badge(request: HttpRequest, certificate_uuid: str) -> HttpResponse:
    """The certificate as a signed Open Badges 3.0 credential (VC-JWT), for its holder."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("user"), uuid=certificate_uuid
    )
    if certificate.user_id != request.user.pk:
        raise PermissionDenied
    response = HttpResponse(credential_jwt(certificate), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(certificate)}.jwt"'
    return response


def home_panel_context(request: HttpRequest) -> dict[str, Any] | None:
    """The learner's certificates for "My space" (no panel when there is none)."""
    certificates = list(certificates_of(request.user))
    if not certificates:
        return None
    return {
        "certificates": [
            {
                "certificate": certificate,
                "pdf_url": reverse("certificates:download_pdf", args=[certificate.uuid]),
                "badge_url": reverse("certificates:download_badge", args=[certificate.uuid]),
                "share_url": verify_url(certificate.code),
            }
            for certificate in certificates
        ]
    }
