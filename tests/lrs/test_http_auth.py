"""Authentication and permissions: Basic clients and scopes, sessions (CSRF), player tokens."""

from __future__ import annotations

import base64
import json

import pytest
import time_machine
from django.test import Client

from lrs.agents import agent_for
from lrs.models import Statement
from lrs.services import lrs_client_revoke
from lrs.tokens import player_token_issue
from tests.accounts.factories import UserFactory
from tests.lrs.conftest import ACTIVITY, XapiClient, new_id, statement

pytestmark = pytest.mark.django_db

AGENT = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
STATE = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s"}
PREFIX = "http://example.org/h5p/12/"


# --------------------------------------------------------------------------- Basic
@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Basic " + base64.b64encode(b"unknown:secret").decode(),
        "Basic:" + base64.b64encode(b"unknown:secret").decode(),
        "Basic not-base64!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Basic " + base64.b64encode(b"ke\x00y:secret").decode(),
        "Basic " + base64.b64encode(b"k" * 300 + b":secret").decode(),
        "Digest abc",
    ],
)
def test_missing_wrong_or_malformed_credentials_are_401(xapi, authorization) -> None:
    """401 with WWW-Authenticate: Basic for every bad Authorization."""
    response = xapi.put(
        "statements",
        statement(),
        {"statementId": new_id()},
        headers={"Authorization": authorization},
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_wrong_secret_is_401(xapi) -> None:
    """The right key with another secret is refused."""
    bad = "Basic " + base64.b64encode(f"{xapi.lrs_client.key}:nope".encode()).decode()
    assert xapi.get("statements", headers={"Authorization": bad}).status_code == 401


def test_a_revoked_client_is_401(xapi) -> None:
    """Revoking a client stops its credentials at once."""
    lrs_client_revoke(client=xapi.lrs_client)
    assert xapi.get("statements").status_code == 401


# (scopes, method, path, expected status) for every scope of the specification.
SCOPE_CASES = [
    (("statements/write",), "POST", "statements", 200),
    (("statements/write",), "GET", "statements", 403),
    (("statements/read",), "POST", "statements", 403),
    (("statements/read",), "GET", "statements", 200),
    (("statements/read/mine",), "GET", "statements", 200),
    (("statements/read/mine",), "POST", "statements", 403),
    (("all/read",), "GET", "statements", 200),
    (("all/read",), "POST", "statements", 403),
    (("all/read",), "GET", "activities/state", 200),
    (("all/read",), "PUT", "activities/state", 403),
    (("all",), "POST", "statements", 200),
    (("all",), "PUT", "activities/state", 204),
    (("all",), "PUT", "activities/profile", 204),
    (("state",), "PUT", "activities/state", 204),
    (("state",), "GET", "activities/state", 200),
    (("state",), "PUT", "activities/profile", 403),
    (("state",), "GET", "statements", 403),
    (("profile",), "PUT", "activities/profile", 204),
    (("profile",), "PUT", "agents/profile", 204),
    (("profile",), "PUT", "activities/state", 403),
    (("define",), "GET", "activities", 200),
    (("define",), "POST", "statements", 403),
    (("statements/write",), "GET", "agents", 200),
]


@pytest.mark.parametrize(("scopes", "method", "path", "expected"), SCOPE_CASES)
def test_scopes_grant_what_the_specification_says(make_xapi, scopes, method, path, expected):
    """Each scope opens its resources and methods, and only those (403 otherwise)."""
    xapi = make_xapi(*scopes)
    params = {
        "statements": {},
        "activities/state": dict(STATE),
        "activities/profile": {"activityId": ACTIVITY, "profileId": "p"},
        "agents/profile": {"agent": AGENT, "profileId": "p"},
        "activities": {"activityId": ACTIVITY},
        "agents": {"agent": AGENT},
    }[path]
    body = statement() if path == "statements" else {"a": 1}
    if method == "GET" and path == "activities/state":
        params.pop("stateId")
    response = xapi.request(
        method,
        path,
        params,
        body if method != "GET" else None,
        headers={"If-None-Match": "*"} if method == "PUT" else None,
    )
    assert response.status_code == expected, response.content


def test_read_mine_sees_only_the_clients_own_statements(make_xapi) -> None:
    """A client with statements/read/mine only reads what it wrote itself."""
    writer = make_xapi("statements/write", "statements/read/mine", name="A")
    other = make_xapi("statements/write", name="B")
    admin = make_xapi("statements/read", name="Admin")
    (mine,) = writer.store(statement())
    (theirs,) = other.store(statement())
    assert [s["id"] for s in writer.get("statements").json()["statements"]] == [mine]
    assert writer.get("statements", {"statementId": theirs}).status_code == 404
    assert writer.get("statements", {"statementId": mine}).status_code == 200
    seen = {s["id"] for s in admin.get("statements").json()["statements"]}
    assert seen == {mine, theirs}


def test_read_mine_restriction_survives_more_links(make_xapi) -> None:
    """A `more` link cannot widen what a read/mine client sees."""
    writer = make_xapi("statements/write", "statements/read/mine", name="A")
    other = make_xapi("statements/write", name="B")
    writer.store(statement(), statement())
    other.store(statement(), statement())
    first = writer.get("statements", {"limit": 1}).json()
    second = writer.client.get(first["more"], headers=writer.headers(None)).json()
    assert second["more"] == ""
    assert len(first["statements"]) + len(second["statements"]) == 2


def test_only_define_scope_updates_canonical_activity_definitions(make_xapi) -> None:
    """Without `define`, a client's statements do not change the Activities resource."""
    plain = make_xapi("statements/write", "statements/read")
    definer = make_xapi("statements/write", "define")
    plain.store(statement(object={"id": ACTIVITY, "definition": {"name": {"fr": "Ignoré"}}}))
    assert "definition" not in plain.get("activities", {"activityId": ACTIVITY}).json()
    definer.store(statement(object={"id": ACTIVITY, "definition": {"name": {"fr": "Retenu"}}}))
    assert plain.get("activities", {"activityId": ACTIVITY}).json()["definition"] == {
        "name": {"fr": "Retenu"}
    }


# --------------------------------------------------------------------------- sessions
@pytest.fixture
def learner():
    """A logged-in learner and their browser (CSRF enforced like a real browser)."""
    user = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.get("/compte/connexion/")  # the login form sets the CSRF cookie
    browser.force_login(user)
    return user, browser


def session_xapi(browser: Client, csrf: bool = True) -> XapiClient:
    """An xAPI client riding on the browser session (with the CSRF token when asked)."""
    headers = {}
    if csrf:
        # As a page's script would: send the CSRF cookie back in the header.
        headers["X-CSRFToken"] = browser.cookies["csrftoken"].value
    return XapiClient(browser, None, extra_headers=headers)


def test_a_session_write_records_the_session_user_whatever_actor_is_sent(learner) -> None:
    """The actor is forced to the session user: nobody posts statements about others."""
    user, browser = learner
    xapi = session_xapi(browser)
    ids = xapi.store(statement(actor={"mbox": "mailto:someone.else@example.org"}))
    stored = Statement.objects.get(statement_id=ids[0])
    assert stored.data["actor"] == agent_for(user)
    assert stored.user == user
    members = stored.data["authority"]["member"]
    assert [m["account"]["name"] for m in members] == ["platform", str(user.pk)]


def test_a_session_write_without_csrf_token_is_refused(learner) -> None:
    """CSRF is enforced on session writes (403), and nothing is stored."""
    _user, browser = learner
    xapi = session_xapi(browser, csrf=False)
    response = xapi.post("statements", statement())
    assert response.status_code == 403
    assert response.json()["error"]["field"] == "X-CSRFToken"
    assert Statement.objects.count() == 0


def test_a_session_reads_only_its_users_statements(learner, xapi) -> None:
    """A browser session reads its own user's statements only."""
    _user, browser = learner
    mine = session_xapi(browser).store(statement())
    xapi.store(statement())
    got = session_xapi(browser, csrf=False).get("statements").json()["statements"]
    assert [s["id"] for s in got] == mine


def test_a_session_reaches_only_its_users_state(learner) -> None:
    """State documents of another agent are forbidden to a session."""
    user, browser = learner
    xapi = session_xapi(browser)
    own = {"activityId": ACTIVITY, "agent": agent_for(user), "stateId": "s"}
    assert xapi.put("activities/state", {"a": 1}, own).status_code == 204
    assert xapi.put("activities/state", {"a": 1}, STATE).status_code == 403


def test_anonymous_browsers_get_401() -> None:
    """No session and no credentials: 401."""
    response = Client().get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"})
    assert response.status_code == 401


# --------------------------------------------------------------------------- player tokens
@pytest.fixture
def player():
    """A learner and an xAPI client using their player token (from the sandboxed iframe)."""
    user = UserFactory()
    token = player_token_issue(user=user, activity_prefix=PREFIX)
    return user, XapiClient(Client(), f"Bearer {token}", extra_headers={"Origin": "null"})


def test_a_player_token_records_for_its_user_with_cors_headers(player) -> None:
    """The actor is forced to the token's user; the response allows the "null" origin."""
    user, xapi = player
    response = xapi.post("statements", statement(object={"id": PREFIX + "question-1"}))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "null"
    assert "Access-Control-Allow-Credentials" not in response
    stored = Statement.objects.get(statement_id=response.json()[0])
    assert stored.data["actor"] == agent_for(user)


def test_a_player_token_is_refused_outside_its_activity_prefix(player) -> None:
    """Statements about other activities (or voiding) are forbidden to a token."""
    _user, xapi = player
    outside = xapi.post("statements", statement(object={"id": "http://example.org/other"}))
    assert outside.status_code == 403
    assert outside["Access-Control-Allow-Origin"] == "null"
    voiding = xapi.post(
        "statements",
        statement(
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": new_id()},
        ),
    )
    assert voiding.status_code == 403
    assert Statement.objects.count() == 0


def test_a_player_token_reaches_its_users_state_under_the_prefix(player) -> None:
    """State for the token's user and activities under the prefix; 403 elsewhere."""
    user, xapi = player
    own = {"activityId": PREFIX + "content", "agent": agent_for(user), "stateId": "resume"}
    assert xapi.put("activities/state", {"page": 3}, own).status_code == 204
    assert xapi.get("activities/state", own).json() == {"page": 3}
    elsewhere = {**own, "activityId": "http://example.org/other"}
    assert xapi.put("activities/state", {"page": 3}, elsewhere).status_code == 403
    someone = {**own, "agent": AGENT}
    assert xapi.put("activities/state", {"page": 3}, someone).status_code == 403


def test_a_player_token_cannot_use_profiles(player) -> None:
    """Tokens grant statements and State only."""
    _user, xapi = player
    params = {"activityId": PREFIX + "content", "profileId": "p"}
    assert xapi.get("activities/profile", params).status_code == 403


def test_a_player_token_reads_only_its_users_statements(player, xapi) -> None:
    """statements read-mine for a token: its user's statements."""
    _user, player_xapi = player
    mine = player_xapi.store(statement(object={"id": PREFIX + "q"}))
    xapi.store(statement())
    got = player_xapi.get("statements").json()["statements"]
    assert [s["id"] for s in got] == mine


def test_the_token_of_a_deactivated_or_deleted_user_is_401(player) -> None:
    """A token stops working once its user is deactivated, and once the account is gone."""
    user, xapi = player
    assert xapi.get("statements").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = xapi.get("statements")
    assert response.status_code == 401
    assert "no longer exists" in response.content.decode()
    user.delete()
    assert xapi.get("statements").status_code == 401


def test_an_expired_or_forged_token_is_401(player) -> None:
    """Tokens expire after a few hours; forged ones never work."""
    _user, xapi = player
    with time_machine.travel("2099-01-01"):
        assert xapi.get("statements").status_code == 401
    forged = XapiClient(Client(), "Bearer forged.token")
    assert forged.get("statements").status_code == 401


def test_cors_headers_are_not_sent_for_session_requests(learner) -> None:
    """Cookie-authenticated requests never get Access-Control-Allow-Origin."""
    _user, browser = learner
    response = browser.get(
        "/xapi/statements", headers={"X-Experience-API-Version": "1.0.3", "Origin": "null"}
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_statements_about_another_agent_in_a_batch_are_all_forced(learner) -> None:
    """Every statement of a session batch gets the session actor."""
    user, browser = learner
    xapi = session_xapi(browser)
    xapi.store(
        statement(actor={"mbox": "mailto:a@example.org"}),
        statement(actor={"mbox": "mailto:b@example.org"}),
    )
    actors = {json.dumps(row.data["actor"], sort_keys=True) for row in Statement.objects.all()}
    assert actors == {json.dumps(agent_for(user), sort_keys=True)}


def test_a_learner_reads_only_their_own_person(learner) -> None:
    """Agents GET from a session: the user's own agent only (no enumeration of names)."""
    user, browser = learner
    xapi = session_xapi(browser, csrf=False)
    assert xapi.get("agents", {"agent": agent_for(user)}).status_code == 200
    other = {"account": {"homePage": "http://127.0.0.1:8000", "name": str(user.pk + 1000)}}
    assert xapi.get("agents", {"agent": other}).status_code == 403


def test_player_grant_does_not_reach_a_sibling_content() -> None:
    """A token for …/h5p/1 covers its sub-contents, never …/h5p/12."""
    from lrs.tokens import PlayerGrant

    grant = PlayerGrant(user_id=1, activity_prefix="http://testserver/xapi/activities/h5p/1")
    assert grant.covers("http://testserver/xapi/activities/h5p/1")
    assert grant.covers("http://testserver/xapi/activities/h5p/1?subContentId=abc")
    assert not grant.covers("http://testserver/xapi/activities/h5p/12")
