"""The workshops panel of “Mon espace”: a person's coming sessions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from workshops.selectors import sessions_trained_by, upcoming_registrations_for


def my_sessions_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The person's upcoming sessions (and a link to their trainer list if they train)."""
    user = request.user
    if not user.is_authenticated:
        return None
    return {
        "registrations": upcoming_registrations_for(user),
        "is_trainer": sessions_trained_by(user).exists(),
    }
