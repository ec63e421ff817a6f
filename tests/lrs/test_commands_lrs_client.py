"""`manage.py lrs_client create|list|revoke`."""

import base64
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from lrs.models import LrsClient

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    """Run the command and return what it printed."""
    out = io.StringIO()
    call_command("lrs_client", *args, stdout=out)
    return out.getvalue()


def test_create_prints_key_and_secret_that_work_for_basic_auth() -> None:
    """The printed key and secret authenticate; only a digest of the secret is stored."""
    output = run("create", "Storyline", "--scope", "statements/write", "--scope", "statements/read")
    values = dict(line.split(": ", 1) for line in output.splitlines() if ": " in line)
    client = LrsClient.objects.get(key=values["key"])
    assert client.scopes == ["statements/write", "statements/read"]
    assert values["secret"] not in client.secret_hash
    token = base64.b64encode(f"{values['key']}:{values['secret']}".encode()).decode()
    response = Client().get(
        "/xapi/statements",
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
    )
    assert response.status_code == 200


def test_create_without_scope_gives_the_default_scopes() -> None:
    """statements/write and statements/read/mine by default (Communication 4.2)."""
    run("create", "Rise")
    assert LrsClient.objects.get().scopes == ["statements/write", "statements/read/mine"]


def test_create_refuses_an_unknown_scope() -> None:
    """Only the specification's scopes."""
    with pytest.raises(CommandError):
        run("create", "X", "--scope", "everything")
    assert not LrsClient.objects.exists()


def test_list_and_revoke() -> None:
    """list shows the clients; revoke deactivates one by key."""
    run("create", "Lumi")
    key = LrsClient.objects.get().key
    assert "Lumi" in run("list")
    assert "Lumi" in run("revoke", key)
    client = LrsClient.objects.get()
    assert not client.is_active
    assert client.revoked_at is not None
    with pytest.raises(CommandError):
        run("revoke", "unknown")
