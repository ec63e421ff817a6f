"""The Activities, Agents and About resources (Communication 2.4, 2.5, 2.8), and unknown paths."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.common import no_append_slash
from django.views.decorators.csrf import csrf_exempt

from lrs.api.auth import READ_DEFINITIONS, Principal
from lrs.api.compat import LATEST_VERSION, about_versions
from lrs.api.endpoint import VERSION_HEADER, required, xapi_endpoint
from lrs.api.errors import XapiError, error_response
from lrs.api.request import XapiRequest
from lrs.selectors import activity_object, person_for

ABOUT_EXTENSION = "urn:x-bnm-formation:extension:lrs"


def _json(value: Any) -> HttpResponse:
    return HttpResponse(json.dumps(value, ensure_ascii=False), content_type="application/json")


@xapi_endpoint("activities", methods=("GET",))
def activities_resource(xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """GET /xapi/activities?activityId=…: the canonical Activity object."""
    principal = required(principal)
    principal.require(READ_DEFINITIONS, "read activities")
    xreq.allow_params(("activityId",))
    return _json(activity_object(xreq.activity_id() or ""))


@xapi_endpoint("agents", methods=("GET",))
def agents_resource(xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """GET /xapi/agents?agent=…: a Person merging every known identifier and name."""
    principal = required(principal)
    principal.require(READ_DEFINITIONS, "read agents")
    xreq.allow_params(("agent",))
    agent = xreq.agent()
    if not principal.owns_agent(agent):
        raise XapiError(403, "agent", "a learner may only read their own agent")
    return _json(person_for(agent))


@xapi_endpoint("about", methods=("GET",), public=True)
def about_resource(xreq: XapiRequest, principal: Principal | None) -> HttpResponse:
    """GET /xapi/about: the versions this LRS speaks (no credentials needed)."""
    xreq.allow_params(())
    return _json(
        {
            "version": about_versions(),
            "extensions": {
                ABOUT_EXTENSION: {"name": settings.WAGTAIL_SITE_NAME, "site": settings.SITE_URL}
            },
        }
    )


@no_append_slash
@csrf_exempt
def unknown_resource(request: HttpRequest, path: str) -> HttpResponse:
    """Any other path under /xapi/: a JSON 404 (never a redirect to a trailing slash)."""
    response = error_response(404, "path", f"/xapi/{path} is not an xAPI resource of this LRS")
    response[VERSION_HEADER] = LATEST_VERSION
    return response
