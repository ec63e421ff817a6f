"""The admin lists broken links (read-only) and shows them on its home page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from resources.models import LinkCheck
from tests.accounts.factories import UserFactory
from tests.resources.factories import NetworkServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A client logged in as a superuser."""
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def check(service, *, ok: bool, source: str = "public", status: int | None = 200, error=""):
    """Store a link check."""
    return LinkCheck.objects.create(
        service=service,
        source=source,
        url=f"{service.public_url}{source}",
        is_ok=ok,
        status_code=status,
        error=error,
        method="GET",
        checked_at=timezone.now(),
    )


def test_link_health_lists_broken_links_first(admin_client) -> None:
    """The list shows each URL with its status or error, broken ones first."""
    service = NetworkServiceFactory(name="Presse en ligne")
    check(service, ok=True, source="public")
    check(service, ok=False, source="help", status=404)
    response = admin_client.get(reverse("link_health:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("help") < html.index("public")
    assert "404" in html


def test_link_health_filters_broken_links(admin_client) -> None:
    """Filtering on "working: no" keeps only the broken links."""
    service = NetworkServiceFactory()
    check(service, ok=True, source="public")
    check(service, ok=False, source="help", status=None, error="timeout")
    html = admin_client.get(reverse("link_health:index") + "?is_ok=false").content.decode()
    assert "timeout" in html
    assert f"{service.public_url}public" not in html


def test_link_health_is_read_only(admin_client) -> None:
    """Even a superuser cannot add or edit a check by hand."""
    service = NetworkServiceFactory()
    row = check(service, ok=False, status=500)
    assert admin_client.get(reverse("link_health:add")).status_code in {302, 403}
    assert admin_client.get(reverse("link_health:edit", args=[row.pk])).status_code in {
        302,
        403,
    }
    assert admin_client.get(reverse("link_health:inspect", args=[row.pk])).status_code == 200


def test_admin_home_shows_broken_links(admin_client) -> None:
    """The admin home has a panel naming the broken links."""
    service = NetworkServiceFactory(name="Cinéma à la demande")
    check(service, ok=False, status=404)
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Liens cassés du registre des services" in html
    assert "Cinéma à la demande" in html


def test_services_are_a_snippet_with_deep_links(admin_client) -> None:
    """The registry is a snippet: its list and its edit form with deep links open."""
    service = NetworkServiceFactory(name="Portail BNM")
    assert (
        admin_client.get(reverse("wagtailsnippets_resources_networkservice:list")).status_code
        == 200
    )
    response = admin_client.get(
        reverse("wagtailsnippets_resources_networkservice:edit", args=[service.pk])
    )
    assert response.status_code == 200
    assert "deep_links-TOTAL_FORMS" in response.content.decode()
