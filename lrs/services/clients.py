"""Writes of LRS clients: creating credentials and revoking them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lrs.models import LrsClient

# The scopes a client gets when none is asked for (xAPI 1.0.3, Communication 4.2).
DEFAULT_SCOPES = (LrsClient.Scope.STATEMENTS_WRITE, LrsClient.Scope.STATEMENTS_READ_MINE)


@dataclass(frozen=True)
class IssuedCredentials:
    """A new client and its secret, which is shown once and never stored."""

    client: LrsClient
    secret: str


@transaction.atomic
def lrs_client_create(*, name: str, scopes: Sequence[str] = ()) -> IssuedCredentials:
    """Create a client with a random key and secret; the secret is returned only here."""
    known = set(LrsClient.Scope.values)
    chosen = list(dict.fromkeys(scopes or DEFAULT_SCOPES))
    unknown = [scope for scope in chosen if scope not in known]
    if unknown:
        raise ValidationError(
            {"scopes": f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"}
        )
    if not name.strip():
        raise ValidationError({"name": "a client needs a name"})
    secret = LrsClient.new_secret()
    client = LrsClient(
        name=name.strip(),
        key=LrsClient.new_key(),
        secret_hash=LrsClient.hash_secret(secret),
        scopes=[str(scope) for scope in chosen],
    )
    client.full_clean()
    client.save()
    return IssuedCredentials(client=client, secret=secret)


@transaction.atomic
def lrs_client_revoke(*, client: LrsClient) -> LrsClient:
    """Revoke a client: its credentials stop working at once."""
    client.is_active = False
    client.revoked_at = client.revoked_at or timezone.now()
    client.save(update_fields=["is_active", "revoked_at"])
    return client
