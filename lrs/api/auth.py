"""Who is calling the LRS, and what they may do.

Three kinds of credentials:
* HTTP Basic with an `LrsClient` key and secret: the secret is random (256 bits), so its
  stored SHA-256 digest is checked with `hmac.compare_digest` in microseconds, with no
  slow password hash on every request. Scopes come from the client (xAPI 1.0.3,
  Communication 4.2): statements/write, statements/read, statements/read/mine, state,
  profile, define, all/read, all.
* `Authorization: Bearer <player token>` (lrs.tokens): statements write and read-mine
  and State, for one learner and activities under one IRI prefix.
* A logged-in browser session: the actor is forced to the session user, CSRF is checked
  on writes, and reads are limited to that user's statements and documents.

The LRS sets `authority` itself: the client as an Agent account on SITE_URL, or the
platform authority for session and token writes.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware

from common.rows import row_find
from lrs.agents import agent_for, delegated_authority, home_page
from lrs.api.errors import XapiError
from lrs.api.request import XapiRequest
from lrs.models import LrsClient
from lrs.tokens import PlayerGrant, player_token_read
from lrs.xapi.helpers import actor_ifi
from lrs.xapi.models import Agent, Group

Scope = LrsClient.Scope
REALM = 'Basic realm="xAPI", charset="UTF-8"'
UNSAFE_METHODS = ("POST", "PUT", "DELETE")

# Scopes that grant each kind of access (xAPI 1.0.3, Communication 4.2 table).
WRITE_STATEMENTS = frozenset({Scope.STATEMENTS_WRITE, Scope.ALL})
READ_ALL_STATEMENTS = frozenset({Scope.STATEMENTS_READ, Scope.ALL_READ, Scope.ALL})
READ_MY_STATEMENTS = frozenset({Scope.STATEMENTS_READ_MINE})
WRITE_STATE = frozenset({Scope.STATE, Scope.ALL})
READ_STATE = WRITE_STATE | {Scope.ALL_READ}
WRITE_PROFILE = frozenset({Scope.PROFILE, Scope.ALL})
READ_PROFILE = WRITE_PROFILE | {Scope.ALL_READ}
READ_DEFINITIONS = frozenset(Scope.values)  # any client may read activities and agents
DEFINE = frozenset({Scope.DEFINE, Scope.ALL})


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    kind: str  # "client", "session" or "token"
    scopes: frozenset[str]
    authority: dict[str, Any]
    client: LrsClient | None = None
    user: AbstractBaseUser | None = None
    grant: PlayerGrant | None = None
    forced_actor: dict[str, Any] | None = field(default=None)

    @property
    def is_user(self) -> bool:
        """A learner's browser or player (session or token), restricted to themselves."""
        return self.kind in ("session", "token")

    @property
    def can_define(self) -> bool:
        """Whether statements may update canonical activity and agent definitions."""
        return bool(self.scopes & DEFINE)

    @property
    def client_id(self) -> int | None:
        """The client's id (None for sessions and tokens)."""
        return self.client.pk if self.client is not None else None

    def has_any(self, scopes: frozenset[str]) -> bool:
        """Whether the caller holds one of `scopes`."""
        return bool(self.scopes & scopes)

    def require(self, scopes: frozenset[str], what: str) -> None:
        """Refuse with 403 unless the caller holds one of `scopes`."""
        if not self.has_any(scopes):
            raise XapiError(
                403,
                "Authorization",
                f"these credentials may not {what} "
                f"(needs one of the scopes: {', '.join(sorted(scopes))})",
            )

    def owns_agent(self, agent: Agent | Group) -> bool:
        """Whether an agent parameter designates the session or token user."""
        if self.forced_actor is None:
            return True
        return actor_ifi(agent) == _forced_ifi(self.forced_actor)


def _forced_ifi(actor: dict[str, Any]) -> str:
    """The IFI of an agent produced by lrs.agents.agent_for."""
    account = actor["account"]
    return f"account:{account['homePage']}|{account['name']}"


def client_authority(client: LrsClient) -> dict[str, Any]:
    """The authority of statements a client writes: an Agent account on SITE_URL."""
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {"homePage": home_page(), "name": client.key},
    }


def unauthorized(rule: str) -> XapiError:
    """A 401 asking for Basic credentials."""
    return XapiError(401, "Authorization", rule, headers={"WWW-Authenticate": REALM})


def _basic(value: str) -> Principal:
    """Authenticate HTTP Basic client credentials."""
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise unauthorized("Basic credentials must be base64 of key:secret") from None
    key, sep, secret = decoded.partition(":")
    if not sep or "\x00" in key:
        raise unauthorized("Basic credentials must be base64 of key:secret")
    client = row_find(LrsClient, key=key, is_active=True)
    expected = client.secret_hash if client is not None else LrsClient.hash_secret("")
    if not hmac.compare_digest(expected, LrsClient.hash_secret(secret)) or client is None:
        raise unauthorized("unknown key or wrong secret")
    return Principal(
        kind="client",
        scopes=frozenset(client.scopes),
        authority=client_authority(client),
        client=client,
    )


def _bearer(token: str) -> Principal:
    """Authenticate a player token."""
    try:
        grant = player_token_read(token.strip())
    except signing.BadSignature:
        raise unauthorized("the player token is invalid or expired") from None
    user = row_find(get_user_model(), pk=grant.user_id, is_active=True)
    if user is None:
        raise unauthorized("the player token's user no longer exists")
    return Principal(
        kind="token",
        scopes=frozenset({Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE, Scope.STATE}),
        authority=delegated_authority(user),
        user=user,
        grant=grant,
        forced_actor=agent_for(user),
    )


def _session(request: HttpRequest) -> Principal | None:
    """The logged-in browser user, if any."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Principal(
        kind="session",
        scopes=frozenset(
            {Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE, Scope.STATE, Scope.PROFILE}
        ),
        authority=delegated_authority(user),
        user=user,
        forced_actor=agent_for(user),
    )


def authenticate(xreq: XapiRequest) -> Principal:
    """The caller of a request; 401 when credentials are missing, malformed or wrong."""
    header = xreq.header("Authorization")
    if header:
        scheme, _sep, value = header.strip().partition(" ")
        if scheme.lower() == "basic" and value:
            return _basic(value)
        if scheme.lower() == "bearer" and value:
            return _bearer(value)
        raise unauthorized("use HTTP Basic credentials (or a player Bearer token)")
    principal = _session(xreq.django)
    if principal is None:
        raise unauthorized("credentials are required")
    if xreq.method in UNSAFE_METHODS:
        _check_csrf(xreq.django)
    return principal


def _check_csrf(request: HttpRequest) -> None:
    """Apply Django's CSRF check to a session write (the views are csrf_exempt)."""
    check = CsrfViewMiddleware(lambda _request: None)  # type: ignore[arg-type, return-value]
    check.process_request(request)
    if check.process_view(request, None, (), {}) is not None:  # type: ignore[arg-type]
        raise XapiError(
            403, "X-CSRFToken", "a session write needs the CSRF token (header X-CSRFToken)"
        )
