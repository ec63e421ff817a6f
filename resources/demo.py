"""Demo data for resources: the network's shared services, on a reserved domain."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.demo import DemoLog
from resources.models import DeepLink, NetworkService

Kind = NetworkService.Kind
DOMAIN = "bnm.example.org"  # example.org is reserved (RFC 2606): no real site is hit


@dataclass(frozen=True)
class DemoService:
    """One demo service and its deep links (key, label, template, example)."""

    slug: str
    name: str
    kind: str
    description: str
    public_url: str
    help_url: str
    footer_order: int
    deep_links: tuple[tuple[str, str, str, str], ...] = field(default=())


DEMO_SERVICES = [
    DemoService(
        "portail",
        "Portail de la Bibliothèque Numérique Métropolitaine",
        Kind.PORTAL,
        "Le point d'entrée commun des bibliothèques de la métropole.",
        f"https://portail.{DOMAIN}/",
        f"https://portail.{DOMAIN}/aide/",
        10,
        (
            ("inscription", "Créer mon compte", f"https://portail.{DOMAIN}/inscription", ""),
            ("connexion", "Me connecter", f"https://portail.{DOMAIN}/connexion", ""),
            ("recherche", "Rechercher", f"https://portail.{DOMAIN}/recherche?q={{q}}", "jardin"),
        ),
    ),
    DemoService(
        "compte-lecteur",
        "Catalogue et compte lecteur",
        Kind.ILS,
        "Le catalogue commun : réserver, prolonger ses prêts, suivre son compte.",
        f"https://catalogue.{DOMAIN}/",
        f"https://portail.{DOMAIN}/aide/compte-lecteur",
        20,
        (
            ("compte", "Mon compte lecteur", f"https://catalogue.{DOMAIN}/compte", ""),
            (
                "notice",
                "Notice d'un document",
                f"https://catalogue.{DOMAIN}/notice/{{id}}",
                "BNM000123456",
            ),
        ),
    ),
    DemoService(
        "livres-numeriques",
        "Livres numériques",
        Kind.EBOOKS,
        "Romans, essais et bandes dessinées à emprunter gratuitement, 24 heures sur 24.",
        f"https://livres.{DOMAIN}/",
        f"https://portail.{DOMAIN}/aide/livres-numeriques",
        30,
        (
            (
                "catalogue",
                "Catalogue des livres numériques",
                f"https://livres.{DOMAIN}/catalogue",
                "",
            ),
            ("mes-prets", "Mes prêts numériques", f"https://livres.{DOMAIN}/mes-prets", ""),
        ),
    ),
    DemoService(
        "presse",
        "Presse en ligne",
        Kind.PRESS,
        "Quotidiens et magazines, dont la presse régionale, le jour de leur parution.",
        f"https://presse.{DOMAIN}/",
        f"https://portail.{DOMAIN}/aide/presse-en-ligne",
        40,
        (
            ("connexion", "Accéder à la presse", f"https://presse.{DOMAIN}/connexion", ""),
            (
                "titre",
                "Un titre de presse",
                f"https://presse.{DOMAIN}/titre/{{id}}",
                "quotidien-regional",
            ),
        ),
    ),
    DemoService(
        "cinema",
        "Cinéma à la demande",
        Kind.VIDEO,
        "Films, documentaires et films d'animation à regarder chez soi.",
        f"https://cinema.{DOMAIN}/",
        f"https://portail.{DOMAIN}/aide/cinema",
        50,
        (
            ("connexion", "Accéder au cinéma", f"https://cinema.{DOMAIN}/connexion", ""),
            ("film", "Fiche d'un film", f"https://cinema.{DOMAIN}/film/{{id}}", "12345"),
        ),
    ),
    DemoService(
        "autoformation",
        "Autoformation",
        Kind.SELF_TRAINING,
        "Cours de langues, code de la route, bureautique et soutien scolaire.",
        f"https://autoformation.{DOMAIN}/",
        f"https://portail.{DOMAIN}/aide/autoformation",
        60,
    ),
    DemoService(
        "patrimoine",
        "Patrimoine numérisé",
        Kind.HERITAGE,
        "Cartes postales, journaux anciens et manuscrits des fonds de la métropole.",
        f"https://patrimoine.{DOMAIN}/",
        f"https://portail.{DOMAIN}/aide/patrimoine",
        70,
    ),
]


def seed(log: DemoLog) -> None:
    """Create or refresh the demo services and their deep links."""
    for demo in DEMO_SERVICES:
        service, _created = NetworkService.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "kind": demo.kind,
                "description": demo.description,
                "public_url": demo.public_url,
                "help_url": demo.help_url,
                "is_in_footer": True,
                "footer_order": demo.footer_order,
            },
        )
        for order, (key, label, template, example) in enumerate(demo.deep_links):
            DeepLink.objects.update_or_create(
                service=service,
                key=key,
                defaults={
                    "label": label,
                    "url_template": template,
                    "example": example,
                    "sort_order": order,
                },
            )
    log(f"{len(DEMO_SERVICES)} network services (placeholder URLs on {DOMAIN})")
