"""Public views: verification (no login, rate-limited, equal timing), issuer, key, status."""

from __future__ import annotations

import time
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from certificates.codes import code_display
from certificates.forms import VerifyForm
from certificates.links import key_url
from certificates.models import Certificate
from certificates.openbadges import issuer_profile, status_list_jwt
from certificates.ratelimit import client_address, rate_limit_hit
from certificates.selectors import (
    can_revoke,
    certificate_by_code,
    revoked_status_indices,
    status_list_count,
)
from certificates.signing import public_jwk, published_keys

JSON_LD = "application/ld+json"


def _throttled(request: HttpRequest) -> HttpResponse | None:
    """A 429 page when this client verified too many codes in the current window."""
    decision = rate_limit_hit(
        scope="verify",
        client=client_address(request),
        limit=settings.CERTIFICATES_VERIFY_RATE_LIMIT,
        window=settings.CERTIFICATES_VERIFY_RATE_WINDOW,
    )
    if decision.allowed:
        return None
    response = render(
        request,
        "certificates/verify_throttled.html",
        {"retry_after": decision.retry_after},
        status=429,
    )
    response["Retry-After"] = str(decision.retry_after)
    return response


def _padded(started: float, response: HttpResponse) -> HttpResponse:
    """Hold the answer until the minimum response time, whatever the outcome."""
    remaining = settings.CERTIFICATES_VERIFY_MIN_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    return response


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """The code form; a submitted code goes to its verification page."""
    started = time.monotonic()
    if "code" not in request.GET:
        return render(request, "certificates/verify_form.html", {"form": VerifyForm()})
    form = VerifyForm(request.GET)
    if form.is_valid():
        # Counted once, by the code page it goes to.
        return redirect("certificates:verify_code", code=code_display(form.cleaned_data["code"]))
    throttled = _throttled(request)
    if throttled is not None:
        return throttled
    return _padded(
        started, render(request, "certificates/verify_form.html", {"form": form}, status=400)
    )


def _verify_context(request: HttpRequest, certificate: Certificate | None) -> dict[str, Any]:
    """What the verification page shows: the frozen facts, the minimum personal data."""
    if certificate is None:
        return {"state": "unknown", "form": VerifyForm()}
    snapshot = certificate.snapshot
    return {
        "state": "revoked" if certificate.is_revoked else "valid",
        "certificate": certificate,
        "person_name": snapshot["person"]["name"],
        "achievement": snapshot["achievement"],
        "issuer_name": snapshot["issuer"]["name"],
        "issued_at": certificate.issued_at,
        "show_reason": certificate.is_revoked
        and request.user.is_authenticated
        and can_revoke(request.user, certificate),
    }


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """Valid, revoked or unknown: one page, one lookup path, one minimum answer time."""
    started = time.monotonic()
    throttled = _throttled(request)
    if throttled is not None:
        return throttled
    certificate = certificate_by_code(code)
    context = _verify_context(request, certificate)
    response = render(
        request,
        "certificates/verify_result.html",
        context,
        status=404 if certificate is None else 200,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return _padded(started, response)


@require_GET
@cache_control(max_age=3600, public=True)
def issuer_profile_json(request: HttpRequest) -> JsonResponse:
    """The Open Badges issuer profile (the issuer id dereferences here)."""
    return JsonResponse(
        issuer_profile(with_context=True),
        content_type=JSON_LD,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def _published_jwk(thumbprint: str, key: Ed25519PublicKey) -> dict[str, str]:
    """A published key as a JWK, with its `kid` URL."""
    return {**public_jwk(key), "kid": key_url(thumbprint)}


@require_GET
@cache_control(max_age=86400, public=True)
def issuer_key_json(request: HttpRequest, thumbprint: str) -> JsonResponse:
    """One signing key, current or retired, as a JWK (the `kid` of what it signed)."""
    key = published_keys().get(thumbprint)
    if key is None:
        raise Http404
    return JsonResponse(_published_jwk(thumbprint, key), json_dumps_params={"indent": 2})


@require_GET
@cache_control(max_age=3600, public=True)
def issuer_keys_json(request: HttpRequest) -> JsonResponse:
    """Every published signing key, as a JWK set (RFC 7517), the current key first."""
    keys = [_published_jwk(thumbprint, key) for thumbprint, key in published_keys().items()]
    return JsonResponse({"keys": keys}, json_dumps_params={"indent": 2})


@require_GET
@cache_control(max_age=300, public=True)
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    """A signed revocation list (W3C Bitstring Status List, as a VC-JWT)."""
    if number >= status_list_count():
        return HttpResponse(status=404)
    token = status_list_jwt(number, revoked_status_indices(number))
    return HttpResponse(token, content_type="application/vc+jwt")
