"""The request pipeline every xAPI resource goes through.

1. CORS preflight (OPTIONS) for the player, which runs in a sandboxed iframe (origin
   "null") or on the site's own origin; no credentials are ever allowed cross-origin.
2. The request is read (alternate request syntax included), then refused with 405 when
   the resource has no such method, 400 when X-Experience-API-Version is missing or not
   1.0.x (except /about), 401 without valid credentials (except /about), 403 on a
   session write without its CSRF token.
3. The handler runs; the exceptions of the domain become their HTTP status
   (400 invalid data, 403 forbidden, 404, 409 conflict, 412 precondition, 413 too large).
4. Every response carries X-Experience-API-Version; every statements GET carries
   X-Experience-API-Consistent-Through (even when refused); HEAD gets the GET headers
   without a body; token requests from an allowed origin get Access-Control-* headers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.common import no_append_slash
from django.views.decorators.csrf import csrf_exempt

from lrs.api.auth import Principal, authenticate
from lrs.api.compat import LATEST_VERSION, behaviour_for
from lrs.api.errors import XapiError, error_response
from lrs.api.request import XapiRequest, read_request
from lrs.queries import consistent_through
from lrs.services.documents import DocumentConflict, PreconditionFailed
from lrs.services.statements import StatementConflict, StatementForbidden
from lrs.xapi.errors import StatementValidationError
from lrs.xapi.timestamps import format_timestamp
from lrs.xapi.versions import UnsupportedVersionError, parse_version_header

Handler = Callable[[XapiRequest, Principal | None], HttpResponse]

VERSION_HEADER = "X-Experience-API-Version"
CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through"
CORS_ALLOW_HEADERS = (
    "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, "
    "Accept-Language"
)
CORS_EXPOSE_HEADERS = (
    "ETag, Last-Modified, Content-Type, X-Experience-API-Version, "
    "X-Experience-API-Consistent-Through"
)


def allowed_origins() -> set[str]:
    """Origins that may call the LRS with a player token: "null" and the site itself."""
    site = urlsplit(settings.SITE_URL)
    return {"null", f"{site.scheme}://{site.netloc}", *settings.LRS_CORS_ORIGINS}


def _cors_origin(request: HttpRequest) -> str | None:
    origin = request.headers.get("Origin")
    return origin if origin is not None and origin in allowed_origins() else None


def _preflight(origin: str | None, methods: Iterable[str]) -> HttpResponse:
    """The answer to a CORS preflight (no version header or credentials needed)."""
    response = HttpResponse(status=204)
    allow = ", ".join(sorted({*methods, "OPTIONS"}))
    response["Allow"] = allow
    response[VERSION_HEADER] = LATEST_VERSION
    if origin is not None:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = allow
        response["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
        response["Access-Control-Max-Age"] = "86400"
    response["Vary"] = "Origin"
    return response


def required(principal: Principal | None) -> Principal:
    """The caller of a resource that needs credentials (the pipeline authenticated it)."""
    if principal is None:  # only /about is public; a programming error otherwise
        raise XapiError(401, "Authorization", "credentials are required")
    return principal


def _check_version(xreq: XapiRequest) -> None:
    """Parse X-Experience-API-Version (400 when missing or unsupported)."""
    try:
        xreq.version = parse_version_header(xreq.header(VERSION_HEADER))
    except UnsupportedVersionError as exc:
        raise XapiError(400, VERSION_HEADER, str(exc)) from None
    xreq.behaviour = behaviour_for(xreq.version)
    if xreq.is_alternate and not xreq.behaviour.alternate_syntax:
        raise XapiError(
            400, "method", f"the alternate request syntax is not part of xAPI {xreq.version}"
        )


def _domain_error(exc: Exception) -> XapiError:
    """The HTTP refusal of an exception raised by services and validators."""
    if isinstance(exc, StatementValidationError):
        return XapiError(400, exc.path, exc.rule)
    if isinstance(exc, StatementConflict):
        return XapiError(409, "statementId", str(exc))
    if isinstance(exc, DocumentConflict):
        return XapiError(409, "If-Match", str(exc))
    if isinstance(exc, PreconditionFailed):
        return XapiError(412, "If-Match", str(exc))
    if isinstance(exc, StatementForbidden):
        return XapiError(403, "statements", str(exc))
    raise exc  # pragma: no cover - only the types caught below reach here


def _finish(
    response: HttpResponse,
    request: HttpRequest,
    xreq: XapiRequest | None,
    *,
    resource: str,
    origin: str | None,
    principal: Principal | None,
) -> HttpResponse:
    """Headers every response carries; HEAD loses its body."""
    response[VERSION_HEADER] = xreq.behaviour.response_version if xreq else LATEST_VERSION
    method = xreq.method if xreq is not None else request.method
    if resource == "statements" and method in ("GET", "HEAD"):
        response[CONSISTENT_THROUGH] = format_timestamp(consistent_through())
    # Cross-origin callers (the player) never ride on the session cookie.
    if origin is not None and (principal is None or principal.kind != "session"):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
        response["Vary"] = "Origin"
    if request.method == "HEAD":
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def xapi_endpoint(
    resource: str, *, methods: Iterable[str], public: bool = False
) -> Callable[[Handler], Callable[[HttpRequest], HttpResponse]]:
    """Turn a handler into a Django view running the xAPI pipeline."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(handler: Handler) -> Callable[[HttpRequest], HttpResponse]:
        @wraps(handler)
        def view(request: HttpRequest) -> HttpResponse:
            origin = _cors_origin(request)
            if request.method == "OPTIONS":
                return _preflight(origin, allowed)
            xreq: XapiRequest | None = None
            principal: Principal | None = None
            try:
                xreq = read_request(request)
                if xreq.method not in allowed:
                    raise XapiError(
                        405,
                        "method",
                        f"{resource} does not accept {xreq.method}",
                        headers={"Allow": ", ".join(sorted({*allowed, "OPTIONS"}))},
                    )
                if not public:
                    _check_version(xreq)
                    principal = authenticate(xreq)
                response = handler(xreq, principal)
            except XapiError as exc:
                response = error_response(exc.status, exc.field, exc.rule, exc.headers)
            except (
                StatementValidationError,
                StatementConflict,
                DocumentConflict,
                PreconditionFailed,
                StatementForbidden,
            ) as exc:
                error = _domain_error(exc)
                response = error_response(error.status, error.field, error.rule)
            return _finish(
                response, request, xreq, resource=resource, origin=origin, principal=principal
            )

        return no_append_slash(csrf_exempt(view))

    return decorate
