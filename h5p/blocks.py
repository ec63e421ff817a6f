"""StreamField blocks of the h5p app.

``H5PBlock`` embeds one H5P content in any page. Its value is the chosen ``H5PContent`` (None
when it was deleted). It renders the sandboxed player for the request's user, taken from the
``request`` in the parent context ({% include_block %} passes it); anonymous visitors get an
invitation to log in, since answers are recorded for a person.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock

from h5p.player import player_embed


class H5PBlock(SnippetChooserBlock):
    """An H5P exercise chosen among the uploaded contents, played in the isolated player."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("h5p.H5PContent", **kwargs)

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict:
        """Add the player iframe for the current user (or nothing for anonymous visitors)."""
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        context["request"] = request
        context["content"] = value
        context["embed"] = (
            player_embed(content=value, user=user)
            if value is not None and user is not None and user.is_authenticated
            else None
        )
        return context

    class Meta:
        template = "h5p/blocks/h5p_block.html"
        icon = "form"
        label = _("H5P exercise")
