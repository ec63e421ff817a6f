"""Deep links: templates filled with quoted values; bad templates refused with a clear message."""

import pytest
from django.core.exceptions import ValidationError

from resources.models import DeepLink, DeepLinkError, template_fill
from resources.selectors import service_link
from tests.resources.factories import DeepLinkFactory, NetworkServiceFactory


def test_template_fill_quotes_values() -> None:
    """Values are URL-quoted, so a value cannot change the path or the query."""
    url = template_fill("https://catalogue.example.org/notice/{id}", {"id": "a b/c?d"})
    assert url == "https://catalogue.example.org/notice/a%20b%2Fc%3Fd"


def test_template_fill_refuses_a_missing_value() -> None:
    """A template needing a value fails clearly without it."""
    with pytest.raises(DeepLinkError, match="id"):
        template_fill("https://catalogue.example.org/notice/{id}", {})


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("catalogue/notice/{id}", "https://"),
        ("https://catalogue.example.org/{", "accolades"),
        ("https://catalogue.example.org/{0}", "lettres"),
    ],
)
@pytest.mark.django_db
def test_bad_templates_are_refused_in_french(template: str, message: str) -> None:
    """An invalid template gives a validation message on the template field."""
    link = DeepLink(service=NetworkServiceFactory(), key="k", label="K", url_template=template)
    with pytest.raises(ValidationError) as raised:
        link.full_clean()
    assert "url_template" in raised.value.message_dict
    assert message in raised.value.message_dict["url_template"][0]


@pytest.mark.django_db
def test_service_link_by_key_and_public_url() -> None:
    """A service gives its public URL, or a deep link by code; unknown codes give None."""
    link = DeepLinkFactory(url_template="https://p.bnm.example.org/notice/{id}", key="notice")
    service = link.service
    assert service_link(service) == service.public_url
    assert service_link(service, "notice", id="42") == "https://p.bnm.example.org/notice/42"
    assert service_link(service, "inconnu") is None
    assert service_link(None, "notice") is None
