"""Reading an xAPI request: the alternate request syntax, parameters, headers and body.

The alternate request syntax (xAPI 1.0.3, Communication 1.3) is a POST whose query string
holds only `method`; its form fields carry the headers (Authorization,
X-Experience-API-Version, Content-Type, Content-Length, If-Match, If-None-Match), the
body (`content`) and the other parameters. Once read, both syntaxes give the same
`XapiRequest`, so resource handlers never know which was used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest

from lrs.api.compat import DEFAULT, Behaviour
from lrs.api.errors import XapiError, bad_request
from lrs.xapi.errors import StatementValidationError
from lrs.xapi.validation import (
    NUL_RULE,
    parse_timestamp_param,
    validate_activity_id,
    validate_agent_param,
    validate_uuid_param,
)
from lrs.xapi.versions import XapiVersion

FORM_TYPE = "application/x-www-form-urlencoded"
ALTERNATE_METHODS = ("GET", "PUT", "POST", "DELETE")
# Form fields of the alternate syntax that stand for request headers.
FORM_HEADERS = {
    "authorization": "Authorization",
    "x-experience-api-version": "X-Experience-API-Version",
    "content-type": "Content-Type",
    "content-length": "Content-Length",
    "if-match": "If-Match",
    "if-none-match": "If-None-Match",
}


@dataclass
class XapiRequest:
    """One xAPI request, whichever syntax it came in."""

    django: HttpRequest
    method: str
    params: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    is_alternate: bool = False
    version: XapiVersion | None = None
    behaviour: Behaviour = DEFAULT
    extra: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """A request header (form field in the alternate syntax), or None."""
        return self.headers.get(name.lower())

    @property
    def content_type(self) -> str:
        """The media type of the body, without parameters, lower case ("" when absent)."""
        return (self.header("Content-Type") or "").split(";", 1)[0].strip().lower()

    @property
    def raw_content_type(self) -> str:
        """The Content-Type header as sent (with its parameters)."""
        return self.header("Content-Type") or ""

    def allow_params(self, allowed: Iterable[str]) -> None:
        """Refuse any parameter not in `allowed` (names are case-sensitive)."""
        allowed_set = set(allowed)
        for name in self.params:
            if name not in allowed_set:
                raise bad_request(
                    name,
                    f"is not a parameter of {self.method} here (allowed: "
                    f"{', '.join(sorted(allowed_set)) or 'none'})",
                )

    def require(self, name: str) -> str:
        """A required parameter."""
        value = self.params.get(name)
        if value is None:
            raise bad_request(name, "is required")
        return value

    def agent(self, name: str = "agent", *, required: bool = True, allow_group: bool = True) -> Any:
        """A JSON Agent (or identified Group) parameter, validated."""
        value = self.params.get(name)
        if value is None:
            if required:
                raise bad_request(name, "is required")
            return None
        return validate_agent_param(value, name=name, allow_group=allow_group)

    def activity_id(self, name: str = "activityId", *, required: bool = True) -> str | None:
        """An activity IRI parameter, validated."""
        value = self.params.get(name)
        if value is None:
            if required:
                raise bad_request(name, "is required")
            return None
        return validate_activity_id(value, name=name)

    def uuid(self, name: str) -> str | None:
        """An optional UUID parameter, validated and lower-cased."""
        value = self.params.get(name)
        return None if value is None else validate_uuid_param(value, name=name)

    def timestamp(self, name: str) -> Any:
        """An optional ISO 8601 timestamp parameter (an unencoded '+' arrives as a space)."""
        value = self.params.get(name)
        if value is None:
            return None
        return parse_timestamp_param(value.replace(" ", "+"), name=name)

    def boolean(self, name: str, *, default: bool = False) -> bool:
        """An optional boolean parameter: 'true' or 'false'."""
        value = self.params.get(name)
        if value is None:
            return default
        if value not in ("true", "false"):
            raise bad_request(name, "must be true or false")
        return value == "true"

    def text(self, name: str, *, required: bool = True) -> str | None:
        """A free text parameter (stateId, profileId): present and not empty."""
        value = self.params.get(name)
        if value is None:
            if required:
                raise bad_request(name, "is required")
            return None
        if not value:
            raise bad_request(name, "must not be empty")
        if "\x00" in value:
            raise bad_request(name, NUL_RULE)
        return value

    def accept_languages(self) -> list[str]:
        """The Accept-Language ranges, best first."""
        return parse_accept_language(self.header("Accept-Language") or "")


def parse_accept_language(value: str) -> list[str]:
    """Language ranges of an Accept-Language header ordered by quality (stable)."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(value.split(",")):
        parts = [part.strip() for part in item.split(";")]
        if not parts[0]:
            continue
        quality = 1.0
        for parameter in parts[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, parts[0]))
    return [language for _q, _p, language in sorted(ranked)]


def _read_body(request: HttpRequest) -> bytes:
    """The raw body, refusing bodies over LRS_MAX_BODY_BYTES with 413."""
    limit = settings.LRS_MAX_BODY_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise bad_request("Content-Length", "must be a number of bytes") from None
    if length > limit:
        raise XapiError(413, "body", f"is larger than the {limit} bytes this LRS accepts")
    body = request.read(limit + 1)
    if len(body) > limit:
        raise XapiError(413, "body", f"is larger than the {limit} bytes this LRS accepts")
    return body


def _single_values(query: Any) -> dict[str, str]:
    """A QueryDict as a plain dict (the last value of a repeated name)."""
    return {name: query[name] for name in query}


def _alternate(request: HttpRequest) -> XapiRequest:
    """Read a request in the alternate syntax (POST ?method=X with form fields)."""
    if request.method != "POST":
        raise bad_request("method", "the alternate request syntax must be sent with POST")
    if set(request.GET) != {"method"}:
        extra = sorted(set(request.GET) - {"method"})
        raise bad_request(
            extra[0], "the alternate request syntax allows no query parameter but 'method'"
        )
    method = request.GET["method"].upper()
    if method not in ALTERNATE_METHODS:
        raise bad_request("method", f"must be one of {', '.join(ALTERNATE_METHODS)}")
    content_type = (request.content_type or "").lower()
    if content_type != FORM_TYPE:
        raise bad_request(
            "Content-Type", f"the alternate request syntax must be sent as {FORM_TYPE}"
        )
    try:
        form = _single_values(request.POST)
    except RequestDataTooBig:
        raise XapiError(413, "body", "is larger than this LRS accepts") from None
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers.pop("content-type", None)
    headers.pop("content-length", None)
    params: dict[str, str] = {}
    body = b""
    for name, value in form.items():
        lowered = name.lower()
        if lowered == "content":
            body = value.encode("utf-8")
        elif lowered in FORM_HEADERS:
            # The form fields are the request's headers (Communication 1.3): one sent beside a
            # real header of the same name overrides it, as ADL's conformance suite expects.
            headers[lowered] = value
        else:
            params[name] = value
    headers.setdefault("content-type", "application/json")
    return XapiRequest(
        django=request,
        method=method,
        params=params,
        headers=headers,
        body=body,
        is_alternate=True,
    )


def read_request(request: HttpRequest) -> XapiRequest:
    """Read a Django request into an XapiRequest (either syntax)."""
    if "method" in request.GET:
        return _alternate(request)
    return XapiRequest(
        django=request,
        method=request.method or "GET",
        params=_single_values(request.GET),
        headers={name.lower(): value for name, value in request.headers.items()},
        body=_read_body(request) if request.method in ("PUT", "POST") else b"",
    )


def validation_error(exc: StatementValidationError) -> XapiError:
    """A validation error of the data model as a 400."""
    return XapiError(400, exc.path, exc.rule)
