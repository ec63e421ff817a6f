"""Protocol rules of /xapi/: version header, About, HEAD, 405, paths, alternate syntax, 413."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from lrs.models import Statement
from tests.lrs.conftest import ACTIVITY, new_id, statement

pytestmark = pytest.mark.django_db

AGENT = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("version", [None, "", "0.95", "0.9", "1.1.0", "2.0.0", "one", "1"])
def test_requests_without_a_1_0_x_version_header_are_refused(xapi, version) -> None:
    """X-Experience-API-Version is required and must be 1.0.x (400 otherwise)."""
    response = xapi.get("statements", headers={"X-Experience-API-Version": version})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "X-Experience-API-Version"


def test_the_version_check_comes_before_authentication() -> None:
    """Without version header and without credentials, the answer is 400 (not 401)."""
    response = Client().get(f"/xapi/statements?statementId={new_id()}")
    assert response.status_code == 400


@pytest.mark.parametrize("version", ["1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.9"])
def test_any_1_0_x_version_is_accepted_and_answered_as_1_0_3(xapi, version) -> None:
    """1.0 means 1.0.0; every 1.0.x is served, and answered with the latest patch."""
    response = xapi.get("statements", headers={"X-Experience-API-Version": version})
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_every_response_carries_the_version_header(xapi) -> None:
    """Errors and writes carry X-Experience-API-Version too."""
    responses = [
        xapi.post("statements", statement()),
        xapi.get("statements", {"foo": "1"}),
        xapi.get("nowhere"),
        Client().get("/xapi/about"),
    ]
    assert all(r["X-Experience-API-Version"] == "1.0.3" for r in responses)


def test_about_needs_neither_credentials_nor_version() -> None:
    """GET /xapi/about answers without authentication, with the versions and extensions."""
    response = Client().get("/xapi/about")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == ["1.0.3", "1.0.2", "1.0.1", "1.0.0"]
    assert isinstance(body["extensions"], dict)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("about", {}),
        ("statements", {}),
        ("activities", {"activityId": ACTIVITY}),
        ("agents", {"agent": AGENT}),
        ("activities/state", {"activityId": ACTIVITY, "agent": AGENT}),
        ("activities/profile", {"activityId": ACTIVITY}),
        ("agents/profile", {"agent": AGENT}),
    ],
)
def test_head_is_answered_on_every_get_resource(xapi, path, params) -> None:
    """HEAD gives GET's status and headers without a body."""
    xapi.store(statement())
    get = xapi.get(path, params)
    head = xapi.head(path, params)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Content-Length"] == str(len(get.content))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "statements"),
        ("POST", "activities"),
        ("PUT", "activities"),
        ("DELETE", "activities"),
        ("POST", "agents"),
        ("PUT", "agents"),
        ("DELETE", "agents"),
        ("POST", "about"),
        ("PATCH", "activities/state"),
    ],
)
def test_methods_a_resource_does_not_have_are_405(xapi, method, path) -> None:
    """405 Method Not Allowed with an Allow header, even without credentials."""
    response = Client().generic(
        method, f"/xapi/{path}", headers={"X-Experience-API-Version": "1.0.1"}
    )
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", ["/xapi/statements/", "/xapi/nowhere", "/xapi/activities/x"])
def test_unknown_paths_are_json_404_never_a_redirect(xapi, path) -> None:
    """Nothing under /xapi/ is redirected to a trailing slash."""
    response = xapi.client.post(
        path, b"{}", content_type="application/json", headers=xapi.headers(None)
    )
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "path"


def test_a_body_over_the_limit_is_413(xapi, settings) -> None:
    """Bodies larger than LRS_MAX_BODY_BYTES are refused with 413."""
    settings.LRS_MAX_BODY_BYTES = 1000
    response = xapi.post("statements", [statement() for _ in range(20)])
    assert response.status_code == 413
    assert Statement.objects.count() == 0


# --------------------------------------------------------------------------- alternate syntax
def alternate(xapi, method: str, form: dict, *, query: str = "", http_method: str = "POST"):
    """A request in the alternate syntax, credentials and version in the form."""
    fields = {
        "Authorization": xapi.authorization,
        "X-Experience-API-Version": "1.0.3",
        **form,
    }
    return xapi.client.generic(
        http_method,
        f"/xapi/statements?method={method}{query}",
        data=urlencode(fields),
        content_type=FORM,
    )


def test_alternate_syntax_put_stores_a_statement(xapi) -> None:
    """POST ?method=PUT with statementId and content form fields: 204."""
    statement_id = new_id()
    response = alternate(
        xapi, "PUT", {"statementId": statement_id, "content": json.dumps(statement())}
    )
    assert response.status_code == 204
    assert Statement.objects.filter(statement_id=statement_id).exists()


def test_alternate_syntax_get_returns_a_statement_result(xapi) -> None:
    """POST ?method=GET with parameters in the form."""
    xapi.store(statement(), statement())
    response = alternate(xapi, "GET", {"limit": "1"})
    assert response.status_code == 200
    body = response.json()
    assert len(body["statements"]) == 1
    assert body["more"]
    assert response["X-Experience-API-Consistent-Through"]


def test_alternate_syntax_post_stores_statements(xapi) -> None:
    """POST ?method=POST with the statements in `content`."""
    response = alternate(
        xapi,
        "POST",
        {"content": json.dumps([statement(), statement()]), "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert len(response.json()) == 2


def test_alternate_syntax_delete_on_documents(xapi) -> None:
    """The alternate syntax works on document resources too."""
    params = {"activityId": ACTIVITY, "agent": json.dumps(AGENT), "stateId": "s"}
    xapi.put("activities/state", {"a": 1}, {**params, "agent": AGENT})
    fields = {"Authorization": xapi.authorization, "X-Experience-API-Version": "1.0.3", **params}
    response = xapi.client.post(
        "/xapi/activities/state?method=DELETE", urlencode(fields), content_type=FORM
    )
    assert response.status_code == 204
    assert xapi.get("activities/state", {**params, "agent": AGENT}).status_code == 404


def test_alternate_syntax_with_other_query_parameters_is_refused(xapi) -> None:
    """Only `method` may be in the query string."""
    statement_id = new_id()
    response = alternate(
        xapi,
        "PUT",
        {"statementId": statement_id, "content": json.dumps(statement())},
        query=f"&statementId={statement_id}",
    )
    assert response.status_code == 400


def test_alternate_syntax_must_be_a_post(xapi) -> None:
    """GET ?method=… is refused."""
    response = alternate(xapi, "POST", {"content": json.dumps(statement())}, http_method="GET")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "method"


def test_alternate_syntax_needs_a_form_body(xapi) -> None:
    """A JSON body with ?method=PUT is not the alternate syntax: 400."""
    response = xapi.client.post(
        "/xapi/statements?method=PUT",
        json.dumps({"statementId": new_id()}),
        content_type="application/json",
        headers=xapi.headers(None),
    )
    assert response.status_code == 400


def test_alternate_syntax_without_content_is_refused(xapi) -> None:
    """A PUT without the content field has no statement: 400."""
    response = alternate(xapi, "PUT", {"statementId": new_id()})
    assert response.status_code == 400


def test_alternate_syntax_with_an_unknown_method_is_refused(xapi) -> None:
    """method must be GET, PUT, POST or DELETE."""
    assert alternate(xapi, "PATCH", {}).status_code == 400


def test_alternate_syntax_without_version_is_refused(xapi) -> None:
    """The version may come in the form, but must come."""
    fields = {
        "Authorization": xapi.authorization,
        "content": json.dumps(statement()),
        "statementId": new_id(),
    }
    response = xapi.client.post("/xapi/statements?method=PUT", urlencode(fields), content_type=FORM)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "X-Experience-API-Version"


@pytest.mark.parametrize(("field", "status"), [("0.8", 400), ("1.0.3", 204)])
def test_alternate_syntax_version_field_overrides_a_real_header(xapi, field, status) -> None:
    """The X-Experience-API-Version form field is the request's version, whatever header
    the client sent beside it: 0.8 is refused even with a real 1.0.3 header."""
    statement_id = new_id()
    fields = {
        "Authorization": xapi.authorization,
        "X-Experience-API-Version": field,
        "statementId": statement_id,
        "content": json.dumps(statement()),
    }
    response = xapi.client.post(
        "/xapi/statements?method=PUT",
        urlencode(fields),
        content_type=FORM,
        headers={"X-Experience-API-Version": "1.0.3" if field == "0.8" else "0.8"},
    )
    assert response.status_code == status, response.content


# --------------------------------------------------------------------------- CORS
@pytest.mark.parametrize("origin", ["null", "http://127.0.0.1:8000"])
def test_cors_preflight_allows_the_player_origins_without_credentials(origin) -> None:
    """OPTIONS from the sandboxed player ("null") or the site: allowed, no credentials."""
    response = Client().options(
        "/xapi/statements",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,x-experience-api-version",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == origin
    assert "Authorization" in response["Access-Control-Allow-Headers"]
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


def test_cors_preflight_from_another_origin_gets_no_permission() -> None:
    """Other origins are not allowed."""
    response = Client().options("/xapi/statements", headers={"Origin": "https://evil.example"})
    assert response.status_code == 204
    assert "Access-Control-Allow-Origin" not in response
