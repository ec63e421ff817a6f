"""The H5P journey in headless Chromium: answer, record to the LRS, restore, stay isolated."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from h5p.selectors import content_activity_iri, counted_score
from lrs.agents import agent_for
from lrs.models import Document, Statement
from lrs.vocabulary import Verb
from organizations.models import Membership
from tests.accounts.factories import PASSWORD
from tests.conftest import axe_violations
from tests.organizations.factories import MembershipFactory
from tests.polling import wait_for

from .factories import import_package, shared_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CORRECT = "Very dark purple"  # the right answer of multiple-choice.h5p


def log_in(page, email: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/mon-espace/")


def player_frame(page):
    """The player's frame object (to run JavaScript inside it), once its page has loaded.

    Playwright's own waits are used, not a sleep loop: a sync-API client only learns that
    a frame navigated while it is inside a Playwright call, so ``page.frames`` polled
    between ``time.sleep`` calls can keep showing a frame's first, blank URL.
    """
    frame = page.wait_for_selector("iframe[data-h5p-player]", state="attached").content_frame()
    frame.wait_for_url(re.compile(r"/h5p/play/"))
    return frame


def test_agent_answers_the_quiz_the_lrs_records_it_and_reload_restores_it(page) -> None:
    """An agent's answer becomes an `answered` statement; a reload shows the saved answer."""
    content = import_package(shared_package("multiple-choice.h5p"))
    iri = content_activity_iri(content)
    agent = MembershipFactory(role=Membership.Role.AGENT).user
    log_in(page, agent.email)
    page.goto(f"/h5p/{content.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(content.title)
    player = page.frame_locator("iframe[data-h5p-player]")
    player.get_by_role("radio", name=CORRECT).click()
    # The frame grows while H5P lays its content out, so a mouse click could land where the
    # button was a moment before (1 run in 4 lost the answer); a key goes to the button.
    player.get_by_role("button", name="Check").press("Enter")

    answered = wait_for(
        lambda: Statement.objects.filter(verb_iri=Verb.ANSWERED, activity_iri=iri).first()
    )
    assert answered.user == agent
    assert answered.data["actor"] == agent_for(agent)
    assert answered.data["object"]["id"] == iri
    score = answered.data["result"]["score"]
    assert (score["raw"], score["max"], score["scaled"]) == (1, 1, 1)
    assert answered.data["result"]["success"] is True
    (others,) = wait_for(  # a 1-tuple is truthy: this only retries a locked SQLite read
        lambda: (Statement.objects.filter(activity_iri=iri).exclude(user=agent).count(),)
    )
    assert others == 0
    counted = counted_score(agent, content)
    assert counted is not None
    assert counted.percent == 100

    # The player also saves its state before any answer ("answers": []): wait for the save
    # that holds the chosen answer before reloading.
    chosen = re.compile(rb'answers\\?"\s*:\s*\[\s*\d')
    wait_for(
        lambda: any(
            chosen.search(bytes(document.content))
            for document in Document.objects.filter(kind="state", activity_iri=iri)
        )
    )
    page.reload()
    restored = page.frame_locator("iframe[data-h5p-player]").get_by_role("radio", name=CORRECT)
    expect(restored).to_have_attribute("aria-checked", "true")
    assert axe_violations(page) == []


def test_player_javascript_cannot_reach_the_main_site_session(page) -> None:
    """Inside the player, cookies are unreadable and requests carry no session cookie."""
    content = import_package(shared_package("multiple-choice.h5p"))
    agent = MembershipFactory(role=Membership.Role.AGENT).user
    log_in(page, agent.email)
    cookies_sent: dict[str, str | None] = {}
    page.on(
        "request",
        lambda request: cookies_sent.__setitem__(request.url, request.all_headers().get("cookie")),
    )
    page.goto(f"/h5p/{content.pk}/")
    frame = player_frame(page)
    expect(
        page.frame_locator("iframe[data-h5p-player]").get_by_role("radio", name=CORRECT)
    ).to_be_visible()

    # Control: the main page is logged in and its script sees the CSRF cookie.
    assert {"sessionid", "csrftoken"} <= {cookie["name"] for cookie in page.context.cookies()}
    assert "csrftoken=" in page.evaluate("document.cookie")
    assert frame.evaluate("origin") == "null"

    read_cookie = (
        "() => { try { return document.cookie } catch (e) { return 'blocked:' + e.name } }"
    )
    assert frame.evaluate(read_cookie) == "blocked:SecurityError"
    read_parent = (
        "() => { try { return window.parent.document.cookie } "
        "catch (e) { return 'blocked:' + e.name } }"
    )
    assert frame.evaluate(read_parent) == "blocked:SecurityError"

    # A logged-in page fetched from the player, even asking for credentials: not readable,
    # and the request goes out without the session cookie.
    fetch_page = """async () => {
        try { const r = await fetch('/compte/mon-espace/', {credentials: 'include'});
              return 'read:' + r.status; }
        catch (e) { return 'blocked:' + e.name; } }"""
    assert frame.evaluate(fetch_page) == "blocked:TypeError"
    # Playwright reports requests asynchronously: give the event a moment to arrive.
    sent: list[str | None] = []
    for _ in range(50):
        sent = [v for url, v in cookies_sent.items() if url.endswith("/compte/mon-espace/")]
        if sent:
            break
        page.wait_for_timeout(100)
    assert sent
    assert all(not value or "sessionid" not in value for value in sent)

    # Without its Bearer token the player is a stranger to the LRS.
    fetch_lrs = """async () => (await fetch('/xapi/statements',
        {headers: {'X-Experience-API-Version': '1.0.3'}})).status"""
    assert frame.evaluate(fetch_lrs) == 401
    lrs_requests = [value for url, value in cookies_sent.items() if "/xapi/" in url]
    assert lrs_requests
    assert all(not value or "sessionid" not in value for value in lrs_requests)
