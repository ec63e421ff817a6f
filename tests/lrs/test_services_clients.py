"""LRS client services: credentials, scopes, revocation."""

import pytest
from django.core.exceptions import ValidationError

from lrs.models import LrsClient
from lrs.services import lrs_client_create, lrs_client_revoke

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_secret_is_stored() -> None:
    """The secret is random, returned once, and stored as its SHA-256 digest."""
    issued = lrs_client_create(name="Storyline", scopes=["all"])
    client = LrsClient.objects.get()
    assert client.secret_hash == LrsClient.hash_secret(issued.secret)
    assert issued.secret not in client.secret_hash
    assert len(issued.secret) >= 40
    other = lrs_client_create(name="Rise")
    assert other.secret != issued.secret
    assert other.client.key != client.key


@pytest.mark.parametrize(("name", "scopes"), [("", ["all"]), ("X", ["statements/delete"])])
def test_invalid_names_and_scopes_are_refused(name, scopes) -> None:
    """A client needs a name and scopes of the specification."""
    with pytest.raises(ValidationError):
        lrs_client_create(name=name, scopes=scopes)
    assert not LrsClient.objects.exists()


def test_revoke_keeps_the_first_revocation_date() -> None:
    """Revoking twice keeps the first date."""
    client = lrs_client_create(name="Lumi").client
    first = lrs_client_revoke(client=client).revoked_at
    assert lrs_client_revoke(client=client).revoked_at == first
    assert not LrsClient.objects.get().is_active
