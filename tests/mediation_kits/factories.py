"""Factories and builders for mediation kits."""

import uuid

import factory
import wagtail_factories
from wagtail.models import Site

from mediation_kits.models import KitIndexPage, KitPage
from tests.resources.factories import DeepLinkFactory


def step(title: str, text: str = "Cliquez sur le bouton.", **value) -> dict:
    """The raw data of a step block."""
    return {
        "type": "step",
        "id": str(uuid.uuid4()),
        "value": {
            "title": title,
            "text": f"<p>{text}</p>",
            "screenshot": None,
            "screenshot_alt": "",
            "note_kind": "",
            "note": "",
            "pictogram": "",
            **value,
        },
    }


def call_to_action(label: str, *, service=None, link_key: str = "", parameter: str = "") -> dict:
    """The raw data of a call-to-action block."""
    return {
        "type": "call_to_action",
        "id": str(uuid.uuid4()),
        "value": {
            "label": label,
            "service": service.pk if service else None,
            "link_key": link_key,
            "parameter": parameter,
        },
    }


def needs(*items: str) -> dict:
    """The raw data of a "what you need" block."""
    return {
        "type": "needs",
        "id": str(uuid.uuid4()),
        "value": {
            "items": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {"text": t, "pictogram": "computer"},
                }
                for t in items
            ]
        },
    }


def faq(*pairs: tuple[str, str]) -> dict:
    """The raw data of an FAQ block."""
    return {
        "type": "faq",
        "id": str(uuid.uuid4()),
        "value": {
            "items": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {"question": q, "answer": f"<p>{a}</p>"},
                }
                for q, a in pairs
            ]
        },
    }


def default_site_root():
    """The root page of the default site."""
    return Site.objects.get(is_default_site=True).root_page


class KitIndexPageFactory(wagtail_factories.PageFactory):
    """The kit catalogue, under the default site's root (so at /kits/)."""

    class Meta:
        model = KitIndexPage

    title = "Kits de médiation"
    slug = "kits"
    intro = "Des fiches pas à pas."
    parent = factory.LazyFunction(default_site_root)


class KitPageFactory(wagtail_factories.PageFactory):
    """A kit with three steps and a call to action to its service's login page."""

    class Meta:
        model = KitPage

    title = factory.Sequence(lambda n: f"Kit numéro {n}")
    parent = factory.LazyFunction(
        lambda: KitIndexPage.objects.filter(slug="kits").first() or KitIndexPageFactory()
    )
    intro = "Utiliser le service en quelques étapes."
    audience = KitPage.Audience.BEGINNERS
    level = KitPage.Level.FIRST_STEPS
    duration_minutes = 15
    service = factory.LazyFunction(lambda: DeepLinkFactory().service)
    body = factory.LazyAttribute(
        lambda o: [
            needs("Votre carte de bibliothèque"),
            step("Ouvrir le portail"),
            step("Saisir son numéro de carte"),
            step("Valider"),
            call_to_action("Se connecter", link_key="connexion"),
        ]
    )


def kit_publish(kit: KitPage):
    """Publish the kit's current content as a new revision; return the revision."""
    revision = kit.save_revision()
    revision.publish()
    kit.refresh_from_db()
    return revision
