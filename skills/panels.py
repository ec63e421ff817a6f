"""The skills panel of "Mon espace"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from skills.selectors import record_summary_for


def skills_panel(request: HttpRequest) -> dict[str, Any] | None:
    """How many competences the learner has a level on, with links to the record."""
    if not request.user.is_authenticated:
        return None
    return {"summary": record_summary_for(request.user)}
