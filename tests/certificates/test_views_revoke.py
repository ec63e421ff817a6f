"""Revocation: only the network team or the person's coordinator / library head, with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certificates.selectors import can_revoke
from certificates.services import certificate_revoke
from lrs.models import Statement
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db

CASES = [
    ("network_team", "agent_a", True),
    ("network_team", "agent_b", True),
    ("coordinator_a", "agent_a", True),
    ("coordinator_a", "agent_b", False),
    ("head_a", "agent_a", True),
    ("head_a", "agent_b", False),
    ("trainer_a", "agent_a", False),
    ("agent_a2", "agent_a", False),
    ("agent_a", "agent_a", False),
]


@pytest.mark.parametrize(("role", "holder", "allowed"), CASES)
def test_only_authorised_roles_may_revoke(network, role, holder, allowed) -> None:
    """The scope rule decides who revokes whose certificate."""
    certificate = issue(getattr(network, holder))
    assert can_revoke(getattr(network, role), certificate) is allowed


@pytest.mark.parametrize(("role", "holder", "allowed"), CASES)
def test_revoke_page_follows_the_scope(client, network, role, holder, allowed) -> None:
    """The revoke page answers 200 to authorised users and 403 to the others."""
    certificate = issue(getattr(network, holder))
    client.force_login(getattr(network, role))
    response = client.get(reverse("certificates:revoke", args=[certificate.uuid]))
    assert response.status_code == (200 if allowed else 403)


def test_anonymous_is_sent_to_login(client, network) -> None:
    """Revocation needs an account."""
    certificate = issue(network.agent_a)
    response = client.get(reverse("certificates:revoke", args=[certificate.uuid]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_revoking_records_reason_date_and_author(client, network) -> None:
    """A revocation keeps the reason, the date and who did it, and voids the earned statement."""
    certificate = issue(network.agent_a)
    client.force_login(network.head_a)
    response = client.post(
        reverse("certificates:revoke", args=[certificate.uuid]),
        {"reason": "Parcours validé par erreur"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_reason == "Parcours validé par erreur"
    assert certificate.revoked_by == network.head_a
    assert Statement.objects.get(statement_id=certificate.statement_id).is_voided


def test_reason_is_required_in_french(client, network) -> None:
    """An empty reason is refused with a French message and nothing changes."""
    certificate = issue(network.agent_a)
    client.force_login(network.network_team)
    response = client.post(reverse("certificates:revoke", args=[certificate.uuid]), {"reason": " "})
    assert response.status_code == 200
    assert "Indiquez le motif de la révocation" in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_service_refuses_outsiders_and_double_revocation(network) -> None:
    """The service itself checks the scope, the reason, and refuses a second revocation."""
    certificate = issue(network.agent_b)
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=certificate, by=network.head_a, reason="x")
    with pytest.raises(ValidationError, match="motif"):
        certificate_revoke(certificate=certificate, by=network.network_team, reason="")
    certificate_revoke(certificate=certificate, by=network.network_team, reason="Doublon")
    with pytest.raises(ValidationError, match="déjà été révoquée"):
        certificate_revoke(certificate=certificate, by=network.network_team, reason="Encore")


def test_revoking_twice_through_the_page_shows_a_message(client, network) -> None:
    """A second revocation from a stale page explains instead of failing."""
    certificate = issue(network.agent_a)
    certificate_revoke(certificate=certificate, by=network.network_team, reason="Doublon")
    client.force_login(network.network_team)
    response = client.post(
        reverse("certificates:revoke", args=[certificate.uuid]), {"reason": "Encore"}
    )
    assert response.status_code == 200
    assert "déjà été révoquée" in response.content.decode()
