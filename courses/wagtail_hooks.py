"""Admin hooks: a path that learners follow is unpublished, never deleted.

Enrollments point at their path with PROTECT (progress and certificates refer to it), so
deleting such a path, or a page above it, would fail: the admin explains instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from courses.selectors.progress import followed_paths


def _refusal(request: HttpRequest, pages: Iterable[Page]) -> HttpResponse | None:
    """Refuse, with a message, to delete pages that hold followed paths."""
    followed = [path for page in pages for path in followed_paths(page)]
    if not followed:
        return None
    titles = ", ".join(f"« {path.title} »" for path in followed)
    messages.error(
        request,
        _(
            "Learners follow %(titles)s: unpublish the path instead of deleting it, "
            "so that their progress and certificates stay valid."
        )
        % {"titles": titles},
    )
    return redirect("wagtailadmin_explore", followed[0].get_parent().pk)


@hooks.register("before_delete_page")
def keep_followed_paths(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Stop the deletion of a followed path (or of a page above one)."""
    return _refusal(request, [page])


@hooks.register("before_bulk_action")
def keep_followed_paths_in_bulk(
    request: HttpRequest, action_type: str, objects: list[Any], action: object
) -> HttpResponse | None:
    """Stop a bulk deletion that includes a followed path."""
    if action_type != "delete":
        return None
    return _refusal(request, [obj for obj in objects if isinstance(obj, Page)])
