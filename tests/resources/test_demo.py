"""Demo services: the network's services on a reserved domain, seeded idempotently."""

import pytest

from accounts.demo import DemoLog
from resources import demo
from resources.models import DeepLink, NetworkService

pytestmark = pytest.mark.django_db


def test_demo_services_cover_every_kind_on_a_reserved_domain() -> None:
    """Every kind of service is there, with URLs on bnm.example.org only."""
    demo.seed(DemoLog(lambda _line: None))
    kinds = set(NetworkService.objects.values_list("kind", flat=True))
    assert kinds == set(NetworkService.Kind.values)
    for service in NetworkService.objects.all():
        assert ".bnm.example.org/" in service.public_url
        assert ".bnm.example.org/" in service.help_url
    for link in DeepLink.objects.all():
        link.full_clean()
        assert ".bnm.example.org/" in link.url_template


def test_demo_services_seed_twice_gives_same_rows() -> None:
    """Seeding twice leaves the same services and deep links."""
    demo.seed(DemoLog(lambda _line: None))
    first = (NetworkService.objects.count(), DeepLink.objects.count())
    demo.seed(DemoLog(lambda _line: None))
    assert (NetworkService.objects.count(), DeepLink.objects.count()) == first
