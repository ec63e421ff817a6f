"""State, Activity Profile and Agent Profile: PUT, POST merge, GET, lists, DELETE, ETags."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from lrs.models import Document
from tests.lrs.conftest import ACTIVITY

pytestmark = pytest.mark.django_db

AGENT = {"objectType": "Agent", "account": {"homePage": "http://example.org", "name": "lea"}}
OTHER_AGENT = {"objectType": "Agent", "mbox": "mailto:max@example.org"}
REGISTRATION = "9e1fbc7a-4c0b-4f69-9d7f-5a7b0f7c1b2e"

RESOURCES = {
    "state": ("activities/state", {"activityId": ACTIVITY, "agent": AGENT}, "stateId"),
    "activity_profile": ("activities/profile", {"activityId": ACTIVITY}, "profileId"),
    "agent_profile": ("agents/profile", {"agent": AGENT}, "profileId"),
}
NEW = {"If-None-Match": "*"}  # profiles need a precondition header on PUT in 1.0.3


@pytest.fixture(params=sorted(RESOURCES))
def resource(request) -> tuple[str, dict, str]:
    """Each document resource: path, scope parameters, id parameter."""
    return RESOURCES[request.param]


def params_for(resource, document_id: str | None = "doc-1", **extra) -> dict:
    """The parameters of one document of a resource."""
    _path, scope, id_name = resource
    params = dict(scope)
    if document_id is not None:
        params[id_name] = document_id
    params.update(extra)
    return params


def test_put_then_get_returns_the_document_with_its_etag(xapi, resource) -> None:
    """PUT stores the bytes and content type; GET returns them with the quoted SHA-1 ETag."""
    body = b"<state>1</state>"
    response = xapi.put(
        resource[0], body, params_for(resource), content_type="application/xml", headers=NEW
    )
    assert response.status_code == 204
    got = xapi.get(resource[0], params_for(resource))
    assert got.status_code == 200
    assert got.content == body
    assert got["Content-Type"] == "application/xml"
    assert got["ETag"] == f'"{hashlib.sha1(body, usedforsecurity=False).hexdigest()}"'
    assert got["Last-Modified"]


def test_head_gives_the_headers_without_the_body(xapi, resource) -> None:
    """HEAD on a document: same headers as GET, no body."""
    xapi.put(resource[0], {"a": 1}, params_for(resource), headers=NEW)
    got = xapi.get(resource[0], params_for(resource))
    head = xapi.head(resource[0], params_for(resource))
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))


def test_post_merges_json_objects_one_level_deep(xapi, resource) -> None:
    """POST merges top-level keys; the newer value wins whole."""
    first = {"car": {"make": "Ford", "model": "Escape"}, "driver": "Dale", "keep": 1}
    second = {"car": {"make": "Dodge"}, "driver": "Jeff"}
    assert xapi.post(resource[0], first, params_for(resource)).status_code == 204
    assert xapi.post(resource[0], second, params_for(resource)).status_code == 204
    got = xapi.get(resource[0], params_for(resource)).json()
    assert got == {"car": {"make": "Dodge"}, "driver": "Jeff", "keep": 1}


@pytest.mark.parametrize(
    ("body", "content_type"), [(b"1", "application/x-www-form-urlencoded"), (b"true", "text/plain")]
)
def test_post_of_a_new_document_stores_anything(xapi, resource, body, content_type) -> None:
    """A POST to a document that does not exist stores it as is (like a PUT)."""
    response = xapi.post(resource[0], body, params_for(resource), content_type=content_type)
    assert response.status_code == 204
    assert xapi.get(resource[0], params_for(resource)).content == body


@pytest.mark.parametrize("body", [b'{"a": 1}[', b"[1, 2]", b"not json"])
def test_post_of_a_new_document_labelled_json_must_be_a_json_object(xapi, resource, body) -> None:
    """A POST sent as application/json whose body is not a JSON object is a 400, even when new."""
    response = xapi.post(resource[0], body, params_for(resource), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "body"
    assert xapi.get(resource[0], params_for(resource)).status_code == 404


@pytest.mark.parametrize(
    ("first", "second", "content_type"),
    [
        ({"a": 1}, b"abc", "text/plain"),
        ({"a": 1}, b"[1, 2]", "application/json"),
        (b"plain", b'{"a": 1}', "application/json"),
    ],
)
def test_post_merge_needs_json_objects_on_both_sides(xapi, resource, first, second, content_type):
    """Merging into or with something that is not a JSON object is a 400; nothing changes."""
    first_type = "application/json" if isinstance(first, dict) else "text/plain"
    xapi.post(resource[0], first, params_for(resource), content_type=first_type)
    before = xapi.get(resource[0], params_for(resource)).content
    response = xapi.post(resource[0], second, params_for(resource), content_type=content_type)
    assert response.status_code == 400
    assert xapi.get(resource[0], params_for(resource)).content == before


def test_get_without_id_lists_ids_and_since_filters_them(xapi, resource) -> None:
    """GET without the id lists the document ids; since keeps those changed after it."""
    xapi.put(resource[0], {"n": 1}, params_for(resource, "first"), headers=NEW)
    time.sleep(0.01)
    middle = Document.objects.get(document_id="first").updated_at.isoformat()
    time.sleep(0.01)
    xapi.put(resource[0], {"n": 2}, params_for(resource, "second"), headers=NEW)
    assert xapi.get(resource[0], params_for(resource, None)).json() == ["first", "second"]
    listed = xapi.get(resource[0], params_for(resource, None, since=middle)).json()
    assert listed == ["second"]


def test_since_is_refused_with_a_single_document(xapi, resource) -> None:
    """since only applies to the list of ids."""
    response = xapi.get(resource[0], params_for(resource, since="2020-01-01T00:00:00Z"))
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "since"


def test_delete_removes_one_document(xapi, resource) -> None:
    """DELETE with the id removes that document (204), then GET is 404."""
    xapi.put(resource[0], {"a": 1}, params_for(resource), headers=NEW)
    xapi.put(resource[0], {"a": 2}, params_for(resource, "other"), headers=NEW)
    assert xapi.delete(resource[0], params_for(resource)).status_code == 204
    assert xapi.get(resource[0], params_for(resource)).status_code == 404
    assert xapi.get(resource[0], params_for(resource, "other")).status_code == 200


def test_get_of_a_missing_document_is_404(xapi, resource) -> None:
    """An unknown document is a 404."""
    assert xapi.get(resource[0], params_for(resource, "nothing")).status_code == 404


def test_put_with_a_failing_if_match_is_412_and_changes_nothing(xapi, resource) -> None:
    """If-Match with another ETag: 412 Precondition Failed."""
    xapi.put(resource[0], {"a": 1}, params_for(resource), headers=NEW)
    bad = {"If-Match": '"1111111111111111111111111111111111111111"'}
    assert xapi.put(resource[0], {"a": 2}, params_for(resource), headers=bad).status_code == 412
    assert xapi.get(resource[0], params_for(resource)).json() == {"a": 1}


def test_put_with_the_current_etag_replaces_the_document(xapi, resource) -> None:
    """If-Match with the current ETag: the PUT replaces the document."""
    xapi.put(resource[0], {"a": 1}, params_for(resource), headers=NEW)
    etag = xapi.get(resource[0], params_for(resource))["ETag"]
    response = xapi.put(resource[0], {"b": 2}, params_for(resource), headers={"If-Match": etag})
    assert response.status_code == 204
    assert xapi.get(resource[0], params_for(resource)).json() == {"b": 2}


def test_if_none_match_star_refuses_to_overwrite(xapi, resource) -> None:
    """If-None-Match: * on an existing document: 412."""
    xapi.put(resource[0], {"a": 1}, params_for(resource), headers=NEW)
    assert xapi.put(resource[0], {"a": 2}, params_for(resource), headers=NEW).status_code == 412


def test_if_match_on_a_missing_document_is_412(xapi, resource) -> None:
    """If-Match needs an existing document."""
    response = xapi.put(resource[0], {"a": 1}, params_for(resource), headers={"If-Match": "*"})
    assert response.status_code == 412


def test_delete_with_a_failing_if_match_is_412(xapi, resource) -> None:
    """DELETE honours If-Match too."""
    xapi.put(resource[0], {"a": 1}, params_for(resource), headers=NEW)
    response = xapi.delete(resource[0], params_for(resource), headers={"If-Match": '"abc"'})
    assert response.status_code == 412


@pytest.mark.parametrize("name", ["activity_profile", "agent_profile"])
def test_profile_put_without_precondition_is_409_when_it_exists_400_when_new(xapi, name) -> None:
    """1.0.3 profiles: a header-less PUT is a 409 on an existing document, a 400 on a new one."""
    resource = RESOURCES[name]
    response = xapi.put(resource[0], {"a": 1}, params_for(resource))
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "If-None-Match"
    xapi.put(resource[0], {"a": 1}, params_for(resource), headers=NEW)
    conflict = xapi.put(resource[0], {"a": 2}, params_for(resource))
    assert conflict.status_code == 409
    assert conflict.content
    assert xapi.get(resource[0], params_for(resource)).json() == {"a": 1}


def test_state_put_without_precondition_is_accepted(xapi) -> None:
    """1.0.3 State: PUT needs no precondition header."""
    resource = RESOURCES["state"]
    assert xapi.put(resource[0], {"a": 1}, params_for(resource)).status_code == 204
    assert xapi.put(resource[0], {"a": 2}, params_for(resource)).status_code == 204
    assert xapi.get(resource[0], params_for(resource)).json() == {"a": 2}


def test_state_documents_are_separated_by_registration(xapi) -> None:
    """The same stateId under two registrations (or none) are three documents."""
    resource = RESOURCES["state"]
    xapi.put(resource[0], {"r": "none"}, params_for(resource))
    xapi.put(resource[0], {"r": "one"}, params_for(resource, registration=REGISTRATION))
    assert xapi.get(resource[0], params_for(resource)).json() == {"r": "none"}
    with_registration = xapi.get(resource[0], params_for(resource, registration=REGISTRATION))
    assert with_registration.json() == {"r": "one"}
    listed = xapi.get(resource[0], params_for(resource, None, registration=REGISTRATION)).json()
    assert listed == ["doc-1"]


def test_state_delete_without_id_removes_every_state_of_the_activity_and_agent(xapi) -> None:
    """DELETE without stateId clears the agent's states for the activity (not others')."""
    resource = RESOURCES["state"]
    for state_id in ("a", "b"):
        xapi.put(resource[0], {"x": 1}, params_for(resource, state_id))
    other = {"activityId": ACTIVITY, "agent": OTHER_AGENT, "stateId": "a"}
    xapi.put(resource[0], {"x": 1}, other)
    assert xapi.delete(resource[0], params_for(resource, None)).status_code == 204
    assert xapi.get(resource[0], params_for(resource, None)).json() == []
    assert xapi.get(resource[0], other).status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("activities/state", {"agent": AGENT, "stateId": "s"}, "activityId"),
        ("activities/state", {"activityId": ACTIVITY, "stateId": "s"}, "agent"),
        ("activities/state", {"activityId": ACTIVITY, "agent": AGENT}, "stateId"),
        ("activities/state", {"activityId": "nope", "agent": AGENT, "stateId": "s"}, "activityId"),
        ("activities/state", {"activityId": ACTIVITY, "agent": "true", "stateId": "s"}, "agent"),
        (
            "activities/state",
            {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s", "registration": "x"},
            "registration",
        ),
        ("activities/profile", {"profileId": "p"}, "activityId"),
        ("activities/profile", {"activityId": ACTIVITY}, "profileId"),
        ("agents/profile", {"profileId": "p"}, "agent"),
        ("agents/profile", {"agent": {"mbox": "max@example.org"}, "profileId": "p"}, "agent.mbox"),
        ("agents/profile", {"agent": AGENT}, "profileId"),
        (
            "agents/profile",
            {"agent": AGENT, "profileId": "p", "registration": REGISTRATION},
            "registration",
        ),
    ],
)
def test_missing_or_invalid_parameters_are_refused(xapi, path, params, field) -> None:
    """Each document write checks its parameters: 400 naming the parameter."""
    response = xapi.put(path, {"a": 1}, params, headers=NEW)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_documents_of_different_resources_do_not_mix(xapi) -> None:
    """A state and an activity profile with the same id and activity stay apart."""
    xapi.put("activities/state", {"kind": "state"}, params_for(RESOURCES["state"], "same"))
    xapi.put(
        "activities/profile",
        {"kind": "profile"},
        params_for(RESOURCES["activity_profile"], "same"),
        headers=NEW,
    )
    assert xapi.get("activities/state", params_for(RESOURCES["state"], "same")).json() == {
        "kind": "state"
    }
    assert json.loads(
        xapi.get("activities/profile", params_for(RESOURCES["activity_profile"], "same")).content
    ) == {"kind": "profile"}


def test_very_long_identifiers_are_stored(xapi) -> None:
    """Long activity IRIs and state ids (beyond index row limits) are fine: they are hashed."""
    long_activity = ACTIVITY + "/" + "x" * 5000
    params = {"activityId": long_activity, "agent": AGENT, "stateId": "s" * 5000}
    assert xapi.put("activities/state", {"a": 1}, params).status_code == 204
    assert xapi.get("activities/state", params).json() == {"a": 1}


def test_a_nul_character_in_a_document_id_is_refused_and_the_documents_stay(xapi, resource) -> None:
    """An id holding U+0000 (which PostgreSQL cannot store) is a 400 on every method."""
    path, _scope, id_name = resource
    assert xapi.put(path, {"a": 1}, params_for(resource), headers=NEW).status_code == 204
    bad = params_for(resource, "doc\u00001")
    for method in ("PUT", "POST", "GET", "DELETE"):
        response = xapi.request(method, path, bad, {"b": 2} if method in ("PUT", "POST") else None)
        assert response.status_code == 400, (method, response.content)
        assert response.json()["error"]["field"] == id_name
        assert "U+0000" in response.json()["error"]["message"]
    assert xapi.get(path, params_for(resource)).json() == {"a": 1}
    assert Document.objects.count() == 1
