"""Errors of the xAPI resources: each one becomes a JSON response naming the field and rule."""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.http import HttpResponse


class XapiError(Exception):
    """A refused request: HTTP status, the field at fault and the rule it breaks."""

    def __init__(
        self,
        status: int,
        field: str,
        rule: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Keep the status, field, rule and extra response headers."""
        super().__init__(f"{field}: {rule}")
        self.status = status
        self.field = field
        self.rule = rule
        self.headers = dict(headers or {})


def bad_request(field: str, rule: str) -> XapiError:
    """A 400 Bad Request."""
    return XapiError(400, field, rule)


def error_response(
    status: int, field: str, rule: str, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """The JSON body of a refusal: `{"error": {"status", "field", "rule", "message"}}`."""
    message = rule if rule.startswith(field) else f"{field}: {rule}"
    body = {"error": {"status": status, "field": field, "rule": rule, "message": message}}
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
