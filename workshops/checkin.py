"""Rotating check-in codes: a signed token naming a session and a 30-second time window.

The trainer's screen shows a QR code of the check-in URL, whose token changes with each
window. A token is accepted during its own window and the next one (so a code scanned
just before it rotates still works); after that it has expired. The signature
(django.core.signing, with a salt of its own) makes tokens impossible to forge or to
move to another session.
"""

from __future__ import annotations

from datetime import datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

SALT = "workshops.checkin.v1"
WINDOW_SECONDS = 30
# How many windows after its own a token is still accepted.
GRACE_WINDOWS = 1


class CheckinTokenRefused(Exception):
    """A check-in token that cannot be accepted; `reason` says why, in the user's language."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CheckinTokenExpired(CheckinTokenRefused):
    """A genuine token whose time window is over."""


def window_at(moment: datetime | None = None) -> int:
    """The number of the 30-second window a moment falls in."""
    moment = moment or timezone.now()
    return int(moment.timestamp() // WINDOW_SECONDS)


def seconds_to_next_window(moment: datetime | None = None) -> float:
    """How long until the code shown now is replaced."""
    moment = moment or timezone.now()
    return WINDOW_SECONDS - (moment.timestamp() % WINDOW_SECONDS)


def checkin_token_make(session_id: int, *, moment: datetime | None = None) -> str:
    """The signed token of a session for the current window."""
    return signing.dumps({"s": session_id, "w": window_at(moment)}, salt=SALT)


def checkin_token_check(token: str, *, session_id: int, moment: datetime | None = None) -> None:
    """Accept a token for this session and the current window, or raise with a reason."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise CheckinTokenRefused(
            _("This check-in code is not valid. Scan the code on the trainer’s screen again.")
        ) from None
    if not isinstance(payload, dict) or payload.get("s") != session_id:
        raise CheckinTokenRefused(_("This check-in code belongs to another session."))
    window = payload.get("w")
    current = window_at(moment)
    if not isinstance(window, int) or window > current:
        raise CheckinTokenRefused(
            _("This check-in code is not valid. Scan the code on the trainer’s screen again.")
        )
    if current - window > GRACE_WINDOWS:
        raise CheckinTokenExpired(
            _("This check-in code has expired. Scan the code on the trainer’s screen again.")
        )
