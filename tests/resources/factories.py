"""Factories for resources."""

import factory

from resources.models import DeepLink, NetworkService


class NetworkServiceFactory(factory.django.DjangoModelFactory):
    """A network service on a reserved domain."""

    class Meta:
        model = NetworkService
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    kind = NetworkService.Kind.EBOOKS
    public_url = factory.LazyAttribute(lambda o: f"https://{o.slug}.bnm.example.org/")
    help_url = factory.LazyAttribute(lambda o: f"https://{o.slug}.bnm.example.org/aide")
    is_in_footer = True
    footer_order = factory.Sequence(lambda n: n)


class DeepLinkFactory(factory.django.DjangoModelFactory):
    """A deep link into a service (its login page by default)."""

    class Meta:
        model = DeepLink

    service = factory.SubFactory(NetworkServiceFactory)
    key = "connexion"
    label = "Se connecter"
    url_template = factory.LazyAttribute(lambda o: f"{o.service.public_url}connexion")
    example = ""
