"""The document resources: State, Activity Profile, Agent Profile (Communication 2.3, 2.6, 2.7)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import http_date

from lrs.api.auth import (
    READ_PROFILE,
    READ_STATE,
    WRITE_PROFILE,
    WRITE_STATE,
    Principal,
)
from lrs.api.endpoint import required, xapi_endpoint
from lrs.api.errors import XapiError, bad_request
from lrs.api.request import XapiRequest
from lrs.models import Document, key_hash
from lrs.selectors import document_get, document_ids
from lrs.services.documents import (
    DocumentScope,
    MissingPrecondition,
    Preconditions,
    document_delete,
    document_post,
    document_put,
    documents_delete,
)
from lrs.xapi.helpers import actor_ifi

READS = ("GET", "HEAD")


@dataclass(frozen=True)
class DocumentResource:
    """What distinguishes the three document resources."""

    kind: str
    id_param: str
    has_activity: bool
    has_agent: bool
    read_scopes: frozenset[str]
    write_scopes: frozenset[str]

    @property
    def is_state(self) -> bool:
        """Whether this is the State resource (registration, delete-all)."""
        return self.kind == Document.Kind.STATE

    def params(self, method: str) -> list[str]:
        """The parameters a method accepts."""
        names = [self.id_param]
        if self.has_activity:
            names.append("activityId")
        if self.has_agent:
            names.append("agent")
        if self.is_state:
            names.append("registration")
        if method in READS:
            names.append("since")
        return names


STATE = DocumentResource(Document.Kind.STATE, "stateId", True, True, READ_STATE, WRITE_STATE)
ACTIVITY_PROFILE = DocumentResource(
    Document.Kind.ACTIVITY_PROFILE, "profileId", True, False, READ_PROFILE, WRITE_PROFILE
)
AGENT_PROFILE = DocumentResource(
    Document.Kind.AGENT_PROFILE, "profileId", False, True, READ_PROFILE, WRITE_PROFILE
)


def _etags(value: str | None) -> list[str] | None:
    """The entity tags of an If-Match / If-None-Match header (quotes and W/ removed)."""
    if value is None:
        return None
    tags = []
    for item in value.split(","):
        tag = item.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.append(tag.strip('"'))
    return [tag for tag in tags if tag]


def _preconditions(xreq: XapiRequest, spec: DocumentResource) -> Preconditions:
    """The concurrency headers and what to do when they are missing (by version)."""
    missing = MissingPrecondition.ALLOW
    if xreq.method == "PUT":
        behaviour = xreq.behaviour
        missing = (
            behaviour.state_put_without_precondition
            if spec.is_state
            else behaviour.profile_put_without_precondition
        )
    return Preconditions(
        if_match=_etags(xreq.header("If-Match")),
        if_none_match=_etags(xreq.header("If-None-Match")),
        missing=missing,
    )


def _check_owner(
    spec: DocumentResource,
    xreq: XapiRequest,
    principal: Principal,
    scope: DocumentScope,
    agent: object,
) -> None:
    """Sessions and player tokens reach only their user's documents and activities."""
    if not principal.is_user:
        return
    if agent is not None and not principal.owns_agent(agent):  # type: ignore[arg-type]
        raise XapiError(403, "agent", "these credentials only reach their own user's documents")
    if spec.kind == Document.Kind.ACTIVITY_PROFILE and xreq.method not in READS:
        raise XapiError(403, "activityId", "a learner may not change an activity profile")
    grant = principal.grant
    if grant is not None and not grant.covers(scope.activity_iri):
        raise XapiError(
            403, "activityId", f"this token only reaches activities under {grant.activity_prefix}"
        )


def _document_response(document: Document) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = f'"{document.etag}"'
    response["Last-Modified"] = http_date(document.updated_at.timestamp())
    return response


def _read(xreq: XapiRequest, scope: DocumentScope, document_id: str | None) -> HttpResponse:
    since = xreq.timestamp("since")
    if document_id is None:
        ids = document_ids(scope, since=since)
        return HttpResponse(json.dumps(ids, ensure_ascii=False), content_type="application/json")
    if since is not None:
        raise bad_request("since", f"only applies to the list of ids (without {xreq.method} id)")
    document = document_get(scope, document_id)
    if document is None:
        raise XapiError(404, "document", "no such document")
    return _document_response(document)


def _handle(spec: DocumentResource, xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """GET, HEAD, PUT, POST and DELETE of one document resource."""
    principal = required(principal)
    is_read = xreq.method in READS
    principal.require(
        spec.read_scopes if is_read else spec.write_scopes,
        "read these documents" if is_read else "write these documents",
    )
    xreq.allow_params(spec.params(xreq.method))
    activity = xreq.activity_id() if spec.has_activity else None
    agent = xreq.agent() if spec.has_agent else None
    optional_id = is_read or (xreq.method == "DELETE" and spec.is_state)
    document_id = xreq.text(spec.id_param, required=not optional_id)
    scope = DocumentScope(
        kind=spec.kind,
        activity_iri=activity or "",
        agent_key=key_hash(actor_ifi(agent)) if agent is not None else "",
        registration=xreq.uuid("registration") if spec.is_state else None,
    )
    _check_owner(spec, xreq, principal, scope, agent)
    if is_read:
        return _read(xreq, scope, document_id)
    preconditions = _preconditions(xreq, spec)
    if xreq.method == "DELETE":
        if document_id is None:
            documents_delete(scope=scope)
        else:
            document_delete(scope=scope, document_id=document_id, preconditions=preconditions)
        return HttpResponse(status=204)
    write = document_put if xreq.method == "PUT" else document_post
    document = write(
        scope=scope,
        document_id=document_id or "",
        content=xreq.body,
        content_type=xreq.raw_content_type or "application/octet-stream",
        preconditions=preconditions,
    )
    response = HttpResponse(status=204)
    response["ETag"] = f'"{document.etag}"'
    return response


@xapi_endpoint("state", methods=("GET", "PUT", "POST", "DELETE"))
def state_resource(xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """/xapi/activities/state."""
    return _handle(STATE, xreq, principal)


@xapi_endpoint("activity_profile", methods=("GET", "PUT", "POST", "DELETE"))
def activity_profile_resource(xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """/xapi/activities/profile."""
    return _handle(ACTIVITY_PROFILE, xreq, principal)


@xapi_endpoint("agent_profile", methods=("GET", "PUT", "POST", "DELETE"))
def agent_profile_resource(xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """/xapi/agents/profile."""
    return _handle(AGENT_PROFILE, xreq, principal)
