"""Tests of the learner's page and of the isolated player document."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from h5p.player import player_token
from h5p.selectors import content_activity_iri
from lrs.agents import agent_for
from lrs.tokens import player_token_read
from tests.accounts.factories import UserFactory

from .factories import import_package, minimal_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return import_package()


def iframe_of(html: str) -> dict[str, str]:
    """The attributes of the player iframe of a page."""
    tag = re.search(r"<iframe[^>]*>", html)
    assert tag is not None, "no iframe"
    return {name: unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag[0])}


def player_config(response) -> dict:
    """The JSON configuration the player document hands to bridge.js."""
    match = re.search(
        r'<script id="h5p-player-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match is not None
    return json.loads(match.group(1))


def play_url(content, token: str) -> str:
    return reverse("h5p:play_content", args=[content.pk]) + f"?token={token}"


# --- the learner's page ---------------------------------------------------------------------------


def test_content_page_needs_a_login(client, content) -> None:
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("h5p:show_content", args=[content.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_content_page_embeds_a_sandboxed_player_with_a_scoped_token(client, content) -> None:
    """The iframe may run scripts but has no same-origin access; its token is the learner's."""
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("h5p:show_content", args=[content.pk]))
    assert response.status_code == 200
    attributes = iframe_of(response.content.decode())
    assert attributes["sandbox"] == "allow-scripts"
    assert content.title in attributes["title"]
    src = urlsplit(attributes["src"])
    assert src.path == reverse("h5p:play_content", args=[content.pk])
    grant = player_token_read(parse_qs(src.query)["token"][0])
    assert grant.user_id == user.pk
    assert grant.activity_prefix == content_activity_iri(content)


def test_unknown_content_is_404(client) -> None:
    """A missing content gives a 404, never a 500."""
    client.force_login(UserFactory())
    assert client.get(reverse("h5p:show_content", args=[999])).status_code == 404


# --- the player document ------------------------------------------------------------------------


def test_player_configuration(client, content) -> None:
    """The player gets the actor, the stable IRI, state saving and its file locations."""
    user = UserFactory(first_name="Julie", last_name="Agent")
    token = player_token(content=content, user=user)
    response = client.get(play_url(content, token))
    assert response.status_code == 200
    config = player_config(response)
    assert config["actor"] == agent_for(user)
    assert config["actor"]["name"] == "Julie Agent"
    assert config["xAPIObjectIRI"] == content_activity_iri(content)
    assert config["xAPIObjectIRI"].endswith(f"/xapi/activities/h5p/{content.pk}")
    assert config["saveFreq"] > 0
    assert config["token"] == token
    assert config["statementsUrl"] == "/xapi/statements"
    assert config["stateUrl"] == "/xapi/activities/state"
    assert config["h5pJsonPath"] == f"/h5p/files/content/{content.folder}"
    assert config["librariesPath"] == f"/h5p/files/libraries/{content.libraries_token}"
    assert config["frameJs"].endswith("vendor/h5p-standalone/frame.bundle.js")


def test_player_headers_isolate_the_document(client, content) -> None:
    """CSP sandbox, own-origin sources only, no inline script, framed by our pages only."""
    token = player_token(content=content, user=UserFactory())
    response = client.get(play_url(content, token))
    csp = dict(
        ([*part.split(" ", 1), ""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )
    assert csp["sandbox"] == "allow-scripts"
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "http://testserver 'unsafe-eval'"
    assert csp["connect-src"] == "http://testserver"
    assert csp["frame-ancestors"] == "'self'"
    assert csp["form-action"] == "'none'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "<script>" not in response.content.decode()  # no inline script


def test_player_ignores_the_session_and_sets_no_cookie(client, content) -> None:
    """The player's identity is the token's, whoever is logged in; it never sets a cookie."""
    learner, other = UserFactory(), UserFactory()
    client.force_login(other)
    response = client.get(play_url(content, player_token(content=content, user=learner)))
    assert player_config(response)["actor"] == agent_for(learner)
    assert not response.cookies


@pytest.mark.parametrize("case", ["tampered", "other content", "expired", "inactive", "none"])
def test_player_refuses_bad_tokens(client, content, case: str) -> None:
    """A token that is forged, expired, for another content or a disabled user gives 403."""
    user = UserFactory()
    other = import_package(minimal_package(title="Autre"))
    token = player_token(content=content, user=user)
    travel = None
    if case == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif case == "other content":
        token = player_token(content=other, user=user)
    elif case == "expired":
        travel = time_machine.travel(timezone.now() + timedelta(hours=7), tick=False)
    elif case == "inactive":
        user.is_active = False
        user.save()
    elif case == "none":
        token = ""
    if travel is not None:
        travel.start()
    try:
        response = client.get(play_url(content, token))
    finally:
        if travel is not None:
            travel.stop()
    assert response.status_code == 403
    assert "sandbox allow-scripts" in response["Content-Security-Policy"]
    assert "h5p-player-config" not in response.content.decode()
