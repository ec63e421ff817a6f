"""The site footer links to the registry's services, in order, never by hard-coded URL."""

import pytest
from django.template import Context, Template

from tests.resources.factories import DeepLinkFactory, NetworkServiceFactory

pytestmark = pytest.mark.django_db


def test_footer_lists_footer_services_in_order(client) -> None:
    """Every page's footer links to the ticked services, by footer order."""
    NetworkServiceFactory(
        name="Presse en ligne", public_url="https://presse.bnm.example.org/", footer_order=2
    )
    NetworkServiceFactory(
        name="Portail BNM", public_url="https://portail.bnm.example.org/", footer_order=1
    )
    NetworkServiceFactory(name="Service caché", is_in_footer=False)
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'aria-label="Services du réseau"' in footer
    assert footer.index("Portail BNM") < footer.index("Presse en ligne")
    assert 'href="https://presse.bnm.example.org/"' in footer
    assert "Service caché" not in footer


def test_footer_changes_with_the_registry(client) -> None:
    """Editing a service's URL changes the footer link at once."""
    service = NetworkServiceFactory(
        name="Portail BNM", public_url="https://ancien.bnm.example.org/"
    )
    service.public_url = "https://portail.bnm.example.org/"
    service.save()
    html = client.get("/").content.decode()
    assert "https://portail.bnm.example.org/" in html
    assert "ancien.bnm.example.org" not in html


def test_footer_without_services_has_no_empty_menu(client) -> None:
    """With an empty registry the footer shows no empty navigation."""
    html = client.get("/").content.decode()
    assert 'aria-label="Services du réseau"' not in html


def test_service_url_tag_links_through_the_registry() -> None:
    """`{% service_url %}` gives a service's URL or deep link by code, "" when unknown."""
    link = DeepLinkFactory(
        service=NetworkServiceFactory(slug="portail"),
        key="notice",
        url_template="https://portail.bnm.example.org/notice/{id}",
    )
    template = Template(
        "{% load resources_tags %}"
        "{% service_url 'portail' %}|{% service_url 'portail' 'notice' id='B 1' %}|"
        "{% service_url 'inconnu' %}|{% service_url service 'absent' %}"
    )
    rendered = template.render(Context({"service": link.service}))
    assert rendered == (
        "https://portail.bnm.example.org/|https://portail.bnm.example.org/notice/B%201||"
    )
