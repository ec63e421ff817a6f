"""The "My training paths" panel of the learner home (registered from apps.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from courses.selectors.home import learner_paths


def paths_panel_context(request: HttpRequest) -> dict[str, Any] | None:
    """The learner's paths: in progress, assigned, completed, suggested."""
    if not request.user.is_authenticated:
        return None
    return {"paths": learner_paths(request.user)}
