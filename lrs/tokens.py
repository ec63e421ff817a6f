"""Short-lived LRS tokens scoped to one learner and one activity (the H5P player).

The player runs isolated from the main site's cookies, so it cannot use the session.
The page that embeds it receives a signed token instead, valid for a few hours, that
lets it write statements and state only for its learner (the actor is forced to them)
and only about activities under one IRI prefix. It is sent as
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing

TOKEN_SALT = "lrs.player-token"  # noqa: S105 - a signing namespace, not a secret
DEFAULT_TTL_SECONDS = 6 * 3600


@dataclass(frozen=True)
class PlayerGrant:
    """What a player token allows: whose statements, about which activities."""

    user_id: int
    activity_prefix: str

    def covers(self, iri: str) -> bool:
        """Whether an activity IRI is the granted one or lies under it.

        Under means followed by "/", "?" or "#" (H5P sub-contents are
        `<IRI>?subContentId=…`), so a grant for …/h5p/1 never reaches …/h5p/12.
        """
        base = self.activity_prefix
        if iri == base:
            return True
        if base.endswith(("/", "?", "#")):
            return iri.startswith(base)
        return iri.startswith((base + "/", base + "?", base + "#"))


def player_token_issue(*, user: AbstractBaseUser, activity_prefix: str) -> str:
    """A signed token letting a player record for `user` about `activity_prefix…`."""
    return signing.dumps({"u": user.pk, "a": activity_prefix}, salt=TOKEN_SALT, compress=True)


def player_token_read(token: str, *, max_age: int = DEFAULT_TTL_SECONDS) -> PlayerGrant:
    """The grant of a token; raise signing.BadSignature (or SignatureExpired) otherwise."""
    payload = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    return PlayerGrant(user_id=int(payload["u"]), activity_prefix=str(payload["a"]))
