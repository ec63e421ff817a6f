"""Tests of H5PBlock: a chooser of H5P contents rendering the isolated player."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from h5p.blocks import H5PBlock
from h5p.models import H5PContent
from tests.accounts.factories import UserFactory

from .factories import import_package

pytestmark = pytest.mark.django_db


def render(value, user) -> str:
    """The block's HTML for a request by ``user``, as {% include_block %} renders it."""
    request = RequestFactory().get("/parcours/lecon/")
    request.user = user
    return H5PBlock().render(value, context={"request": request})


def test_block_is_a_chooser_of_h5p_contents() -> None:
    """The block chooses among H5P contents (the snippet chooser of the admin)."""
    block = H5PBlock()
    assert isinstance(block, SnippetChooserBlock)
    assert block.target_model is H5PContent
    assert block.deconstruct() == ("h5p.blocks.H5PBlock", (), {})


def test_block_renders_the_player_for_the_logged_in_user() -> None:
    """A logged-in learner gets the sandboxed iframe with their own token."""
    content = import_package()
    html = render(content, UserFactory())
    assert 'sandbox="allow-scripts"' in html
    assert f"/h5p/play/{content.pk}/?token=" in html
    assert "allow-same-origin" not in html
    assert "h5p/embed.js" in html


def test_block_invites_anonymous_visitors_to_log_in() -> None:
    """Anonymous visitors see the title and a login link, no player."""
    content = import_package()
    html = render(content, AnonymousUser())
    assert "<iframe" not in html
    assert content.title in html
    assert "/compte/connexion/?next=/parcours/lecon/" in html


def test_block_with_a_deleted_content() -> None:
    """A chosen content that was deleted renders a notice, not an error."""
    assert "<iframe" not in render(None, UserFactory())


def test_block_in_a_stream_and_round_trip() -> None:
    """Any StreamField can hold it: the value is stored as the content's id."""
    content = import_package()
    stream = blocks.StreamBlock([("h5p", H5PBlock())])
    value = stream.to_python([{"type": "h5p", "value": content.pk}])
    assert value[0].value == content
    assert stream.get_prep_value(value)[0]["value"] == content.pk
