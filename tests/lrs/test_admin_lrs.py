"""The LRS in the Wagtail admin: forwarding backlog with counts, clients listing."""

import pytest
from django.urls import reverse

from lrs.models import OutboxEntry
from lrs.services import lrs_client_create, statement_record
from tests.accounts.factories import UserFactory
from tests.lrs.conftest import statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A logged-in Wagtail superuser."""
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_the_forwarding_backlog_lists_waiting_statements_with_counts(admin_client, settings):
    """The report shows how many statements wait and which ones."""
    settings.LRS_FORWARD_URL = ""
    row = statement_record(statement())
    OutboxEntry.objects.create(statement=row, attempts=2, last_error="ConnectError: refused")
    response = admin_client.get(reverse("lrs_forwarding_backlog"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(row.statement_id) in html
    assert "ConnectError: refused" in html
    assert response.context["summary"].waiting == 1
    assert response.context["summary"].failing == 1


def test_the_forwarding_backlog_is_for_administrators_only(client) -> None:
    """A learner without admin rights cannot see it."""
    client.force_login(UserFactory())
    response = client.get(reverse("lrs_forwarding_backlog"))
    assert response.status_code in (302, 403)


def test_the_clients_listing_shows_clients_but_offers_no_creation(admin_client) -> None:
    """Clients are listed; they are created with the command (secret shown once)."""
    lrs_client_create(name="Storyline", scopes=["all"])
    response = admin_client.get(reverse("lrs_clients:index"))
    assert response.status_code == 200
    assert "Storyline" in response.content.decode()
    assert admin_client.get(reverse("lrs_clients:add")).status_code in (302, 403)
