"""Demo kits: real French kits for the network's patrons, seeded idempotently."""

import pytest
from wagtail.models import Revision

from accounts.demo import DemoLog, demo_steps
from mediation_kits import demo
from mediation_kits.models import KitPage
from mediation_kits.selectors import kit_competences, kit_content
from resources import demo as resources_demo

pytestmark = pytest.mark.django_db
QUIET = DemoLog(lambda _line: None)


def seed() -> None:
    """The registry then the kits, as seed_demo orders them."""
    resources_demo.seed(QUIET)
    demo.seed(QUIET)


def test_demo_steps_are_ordered_after_registry_and_frameworks() -> None:
    """The kits step runs after the registry and the skills frameworks."""
    order = {step.name: step.order for step in demo_steps()}
    assert order["resources"] < order["mediation_kits"]
    assert order.get("skills", 0) < order["mediation_kits"]


def test_demo_has_the_four_kits_with_real_steps() -> None:
    """Borrow an e-book, read the press, create one's account, watch a film: real steps."""
    seed()
    kits = {kit.slug: kit for kit in KitPage.objects.live()}
    assert {
        "emprunter-un-livre-numerique",
        "lire-la-presse-en-ligne",
        "creer-son-compte-lecteur",
        "regarder-un-film-a-la-demande",
    } <= set(kits)
    for kit in kits.values():
        content = kit_content(kit)
        assert len(content.steps) >= 4
        assert content.service_url
        assert ".bnm.example.org/" in content.service_url
        assert all(link.url and ".bnm.example.org/" in link.url for link in content.links)
        text = " ".join(step.title + step.text_html for step in content.steps).lower()
        assert "lorem" not in text
        assert "ipsum" not in text
        assert kit.url == f"/kits/{kit.slug}/"


def test_demo_kits_serve_digcomp_competences() -> None:
    """The demo kits are aligned with DigComp 2.2 competences (loaded by skills)."""
    seed()
    for kit in KitPage.objects.all():
        assert kit_competences(kit), kit.slug


def test_demo_twice_leaves_the_same_rows() -> None:
    """Seeding twice publishes nothing new: same kits, same revisions."""
    seed()
    first = (KitPage.objects.count(), Revision.objects.count())
    seed()
    assert (KitPage.objects.count(), Revision.objects.count()) == first


def test_demo_catalogue_and_kit_pages_render(client) -> None:
    """The demo catalogue and a demo kit page answer 200 in French."""
    seed()
    assert "Emprunter un livre numérique" in client.get("/kits/").content.decode()
    html = client.get("/kits/lire-la-presse-en-ligne/").content.decode()
    assert "Trouver son journal" in html
    assert "Étape 1" in html
