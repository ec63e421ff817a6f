"""Fixtures of the LRS tests: credentials and a small xAPI HTTP client."""

from __future__ import annotations

import base64
import gc
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from lrs import listeners
from lrs.services import lrs_client_create

VERSION = "1.0.3"
VERB = "http://adlnet.gov/expapi/verbs/experienced"
ACTIVITY = "http://example.org/activities/one"


def basic(key: str, secret: str) -> str:
    """An HTTP Basic Authorization header value."""
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def statement(**overrides: Any) -> dict[str, Any]:
    """A minimal valid statement, with overrides."""
    data: dict[str, Any] = {
        "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.org", "name": "Léa"},
        "verb": {"id": VERB, "display": {"en-US": "experienced"}},
        "object": {"objectType": "Activity", "id": ACTIVITY},
    }
    data.update(overrides)
    return data


@dataclass
class XapiClient:
    """Requests to /xapi/ with the version header and credentials set."""

    client: Client
    authorization: str | None
    version: str | None = VERSION
    extra_headers: dict[str, str] = field(default_factory=dict)

    def headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        """The default headers merged with the request's."""
        merged: dict[str, str] = dict(self.extra_headers)
        if self.version is not None:
            merged["X-Experience-API-Version"] = self.version
        if self.authorization is not None:
            merged["Authorization"] = self.authorization
        merged.update(headers or {})
        return {name: value for name, value in merged.items() if value is not None}

    def request(
        self,
        method: str,
        resource: str,
        params: dict[str, Any] | None = None,
        body: Any = None,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One request; dict/list bodies are sent as JSON, agent params JSON-encoded."""
        query = ""
        if params:
            encoded = {
                name: json.dumps(value) if isinstance(value, dict | list) else value
                for name, value in params.items()
            }
            query = "?" + urlencode(encoded)
        if isinstance(body, dict | list):
            body = json.dumps(body)
        return self.client.generic(
            method,
            f"/xapi/{resource}{query}",
            data=body if body is not None else b"",
            content_type=content_type,
            headers=self.headers(headers),
        )

    def get(self, resource: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """GET a resource."""
        return self.request("GET", resource, params, **kwargs)

    def head(self, resource: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """HEAD a resource."""
        return self.request("HEAD", resource, params, **kwargs)

    def post(
        self, resource: str, body: Any = None, params: dict[str, Any] | None = None, **kwargs: Any
    ) -> Any:
        """POST to a resource."""
        return self.request("POST", resource, params, body, **kwargs)

    def put(
        self, resource: str, body: Any = None, params: dict[str, Any] | None = None, **kwargs: Any
    ) -> Any:
        """PUT to a resource."""
        return self.request("PUT", resource, params, body, **kwargs)

    def delete(self, resource: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """DELETE a resource."""
        return self.request("DELETE", resource, params, **kwargs)

    def store(self, *statements: dict[str, Any]) -> list[str]:
        """POST statements and return their ids (asserting success)."""
        response = self.post("statements", list(statements))
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def make_xapi(db: None) -> Callable[..., XapiClient]:
    """Build an xAPI client with a new LrsClient holding the given scopes."""

    def make(*scopes: str, name: str = "Client de test") -> XapiClient:
        issued = lrs_client_create(name=name, scopes=scopes or ("all",))
        xapi = XapiClient(Client(), basic(issued.client.key, issued.secret))
        xapi.lrs_client = issued.client  # type: ignore[attr-defined]
        return xapi

    return make


@pytest.fixture
def xapi(make_xapi: Callable[..., XapiClient]) -> XapiClient:
    """An xAPI client with the `all` scope."""
    return make_xapi("all")


def new_id() -> str:
    """A fresh statement id."""
    return str(uuid.uuid4())


@pytest.fixture
def collector_seen() -> Iterator[list[bool]]:
    """Whether the cycle collector was on each time a batch reached the listeners.

    The collector is enabled for the test and left as it was found afterwards.
    """
    seen: list[bool] = []
    was = gc.isenabled()
    gc.enable()
    listeners.register_statement_listener(
        "test-collector", lambda rows: seen.append(gc.isenabled())
    )
    try:
        yield seen
    finally:
        listeners._listeners.pop("test-collector")
        if not was:
            gc.disable()
