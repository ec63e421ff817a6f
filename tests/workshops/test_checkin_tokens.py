"""Check-in tokens: signed, bound to one session, valid for their 30-second window and the next."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing

from workshops.checkin import (
    SALT,
    WINDOW_SECONDS,
    CheckinTokenExpired,
    CheckinTokenRefused,
    checkin_token_check,
    checkin_token_make,
    seconds_to_next_window,
    window_at,
)

START = datetime(2026, 3, 10, 14, 0, 0, tzinfo=UTC)  # on a window boundary


def test_a_fresh_token_is_accepted() -> None:
    """The code shown now is accepted now."""
    token = checkin_token_make(7, moment=START)
    checkin_token_check(token, session_id=7, moment=START + timedelta(seconds=5))


def test_the_code_changes_every_window() -> None:
    """Two windows give two different codes; one window gives one."""
    first = checkin_token_make(7, moment=START)
    assert checkin_token_make(7, moment=START + timedelta(seconds=29)) == first
    assert checkin_token_make(7, moment=START + timedelta(seconds=30)) != first
    assert seconds_to_next_window(START + timedelta(seconds=10)) == pytest.approx(20)


def test_a_token_scanned_just_after_rotation_still_works() -> None:
    """A code read at second 29 and sent at second 35 is still good (one window of grace)."""
    token = checkin_token_make(7, moment=START + timedelta(seconds=29))
    checkin_token_check(token, session_id=7, moment=START + timedelta(seconds=35))


def test_an_old_token_has_expired() -> None:
    """Past its window and the next one, a code is refused as expired, in French."""
    token = checkin_token_make(7, moment=START)
    with pytest.raises(CheckinTokenExpired) as refused:
        checkin_token_check(token, session_id=7, moment=START + timedelta(seconds=61))
    assert "a expiré" in refused.value.reason


def test_a_tampered_token_is_refused() -> None:
    """Changing one character of a code breaks its signature."""
    token = checkin_token_make(7, moment=START)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(CheckinTokenRefused) as refused:
        checkin_token_check(tampered, session_id=7, moment=START)
    assert "n’est pas valide" in refused.value.reason


def test_a_token_forged_without_the_salt_is_refused() -> None:
    """A payload signed with the site key but not for check-in (another salt) is refused."""
    forged = signing.dumps({"s": 7, "w": window_at(START)}, salt="something-else")
    with pytest.raises(CheckinTokenRefused):
        checkin_token_check(forged, session_id=7, moment=START)


def test_a_token_forged_with_another_key_is_refused() -> None:
    """A payload signed with another secret key is refused."""
    forged = signing.dumps({"s": 7, "w": window_at(START)}, salt=SALT, key="not-our-secret")
    with pytest.raises(CheckinTokenRefused):
        checkin_token_check(forged, session_id=7, moment=START)


def test_a_token_of_another_session_is_refused() -> None:
    """A genuine code of session 8 does not check anyone in to session 7."""
    token = checkin_token_make(8, moment=START)
    with pytest.raises(CheckinTokenRefused) as refused:
        checkin_token_check(token, session_id=7, moment=START)
    assert "une autre séance" in refused.value.reason


def test_a_token_from_the_future_is_refused() -> None:
    """A validly signed code for a window not yet begun is refused (clock games)."""
    future = signing.dumps({"s": 7, "w": window_at(START) + 5}, salt=SALT)
    with pytest.raises(CheckinTokenRefused):
        checkin_token_check(future, session_id=7, moment=START)


@pytest.mark.parametrize("garbage", ["", "abc", "a:b:c", "x" * 500])
def test_garbage_is_refused(garbage: str) -> None:
    """Anything that is not a token is refused, never an exception other than the refusal."""
    with pytest.raises(CheckinTokenRefused):
        checkin_token_check(garbage, session_id=7, moment=START)


def test_window_length_is_thirty_seconds() -> None:
    """The code rotates every 30 seconds."""
    assert WINDOW_SECONDS == 30
    assert window_at(START + timedelta(seconds=30)) == window_at(START) + 1
