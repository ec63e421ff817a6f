"""Private calendar feeds: create a person's or a library's token, and reset it."""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from organizations.models import Library
from workshops.models import CalendarFeed

TOKEN_BYTES = 32


def _new_token() -> str:
    """A long random URL-safe secret."""
    return secrets.token_urlsafe(TOKEN_BYTES)


@transaction.atomic
def calendar_feed_ensure(
    *, person: AbstractBaseUser | None = None, library: Library | None = None
) -> CalendarFeed:
    """The feed of a person or of a library, created with a fresh token the first time."""
    if (person is None) == (library is None):
        raise ValueError("a calendar feed belongs to one person or one library")
    lookup = {"person": person} if person is not None else {"library": library}
    feed = CalendarFeed.objects.select_for_update().filter(**lookup).first()
    if feed is None:
        feed = CalendarFeed.objects.create(token=_new_token(), **lookup)
    return feed


@transaction.atomic
def calendar_feed_reset(*, feed: CalendarFeed) -> CalendarFeed:
    """Give a feed a new token: every copy of the old URL stops working."""
    feed.token = _new_token()
    feed.reset_at = timezone.now()
    feed.save(update_fields=["token", "reset_at"])
    return feed
