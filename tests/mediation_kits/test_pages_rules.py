"""Kit pages: where they live, and what blocks publishing (Wagtail validation messages)."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_factories import ImageFactory

from mediation_kits.blocks import competence_choices
from mediation_kits.models import KitIndexPage, KitPage
from tests.accounts.factories import UserFactory
from tests.mediation_kits.factories import KitPageFactory, step
from tests.resources.factories import DeepLinkFactory, NetworkServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A client logged in as a superuser."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def kit_form(service, body: list, *, publish: bool, **fields) -> dict:
    """The admin form data of a new kit."""
    action = {"action-publish": "publish"} if publish else {}
    return nested_form_data(
        {
            "title": "Lire la presse en ligne",
            "slug": "lire-la-presse",
            "intro": "Lire son journal sur une tablette.",
            "service": service.pk,
            "audience": "seniors",
            "level": "first_steps",
            "duration_minutes": 15,
            "last_verified_on": "2025-11-17",
            "body": streamfield(body),
            "competences": streamfield([]),
            **fields,
            **action,
        }
    )


def step_data(title: str, **extra) -> tuple:
    """A step block in admin form data."""
    return (
        "step",
        {
            "title": title,
            "text": rich_text("<p>Ouvrez le portail.</p>"),
            "screenshot": "",
            "screenshot_alt": "",
            "note_kind": "",
            "note": "",
            "pictogram": "",
            **extra,
        },
    )


def form_errors(response) -> str:
    """The validation messages of the admin form, nested block errors included, as text."""
    parts = []
    for field, errors in response.context["form"].errors.as_data().items():
        for error in errors:
            data = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
            parts.append(f"{field}: {json.dumps(data, ensure_ascii=False)}")
    return "\n".join(parts)


def add_url(index: KitIndexPage) -> str:
    """The admin URL adding a kit under the catalogue."""
    return reverse("wagtailadmin_pages:add", args=("mediation_kits", "kitpage", index.pk))


def test_kits_live_under_a_catalogue_only(kit_index) -> None:
    """A kit can be created under a catalogue, not elsewhere; nothing goes under a kit."""
    root = Page.objects.get(depth=2)
    assert KitPage.can_create_at(kit_index)
    assert not KitPage.can_create_at(root)
    assert KitIndexPage.can_create_at(root)
    assert KitPage.allowed_subpage_models() == []


def test_kit_without_steps_does_not_publish(admin_client, kit_index) -> None:
    """Publishing a kit with no step fails with Wagtail's validation message; nothing is live."""
    service = NetworkServiceFactory()
    response = admin_client.post(add_url(kit_index), kit_form(service, [], publish=True))
    assert response.status_code == 200
    assert "erreurs de validation" in response.content.decode()
    errors = form_errors(response)
    assert errors.startswith("body:")
    assert "Étape" in errors
    assert "1" in errors
    assert not KitPage.objects.filter(live=True).exists()


def test_kit_with_a_step_publishes(admin_client, kit_index) -> None:
    """The same kit with one step publishes."""
    service = NetworkServiceFactory()
    response = admin_client.post(
        add_url(kit_index), kit_form(service, [step_data("Ouvrir la presse")], publish=True)
    )
    assert response.status_code == 302
    kit = KitPage.objects.get(slug="lire-la-presse")
    assert kit.live
    assert kit.body[0].value["title"] == "Ouvrir la presse"


def test_kit_without_steps_can_be_kept_as_a_draft(admin_client, kit_index) -> None:
    """A draft may have no step yet: saving it loses nothing, it just does not go live."""
    service = NetworkServiceFactory()
    response = admin_client.post(add_url(kit_index), kit_form(service, [], publish=False))
    assert response.status_code == 302
    kit = KitPage.objects.get(slug="lire-la-presse")
    assert not kit.live


def test_screenshot_without_description_is_refused(admin_client, kit_index) -> None:
    """A screenshot needs its alt text: the form says so on the step."""
    service = NetworkServiceFactory()
    image = ImageFactory()
    body = [step_data("Ouvrir la presse", screenshot=image.pk)]
    response = admin_client.post(add_url(kit_index), kit_form(service, body, publish=True))
    assert response.status_code == 200
    assert "Décrivez la capture d’écran" in form_errors(response)
    assert not KitPage.objects.exists()


def test_call_to_action_to_an_unknown_deep_link_is_refused(admin_client, kit_index) -> None:
    """A call to action naming a deep link the service lacks is refused, listing the known ones."""
    link = DeepLinkFactory(key="connexion")
    body = [
        step_data("Ouvrir la presse"),
        ("call_to_action", {"label": "Lire", "service": "", "link_key": "titre", "parameter": ""}),
    ]
    response = admin_client.post(add_url(kit_index), kit_form(link.service, body, publish=True))
    assert response.status_code == 200
    errors = form_errors(response)
    assert "« titre »" in errors
    assert "connus : connexion" in errors
    assert not KitPage.objects.exists()


def test_deep_link_needing_a_value_requires_it(admin_client, kit_index) -> None:
    """A deep link with a parameter needs the value in the call to action."""
    link = DeepLinkFactory(key="notice", url_template="https://c.bnm.example.org/notice/{id}")
    body = [
        step_data("Ouvrir la presse"),
        ("call_to_action", {"label": "Voir", "service": "", "link_key": "notice", "parameter": ""}),
    ]
    response = admin_client.post(add_url(kit_index), kit_form(link.service, body, publish=True))
    assert response.status_code == 200
    assert "« notice » a besoin d’une valeur" in form_errors(response)


def test_editor_forms_open_with_competence_choices(admin_client, kit_index) -> None:
    """The add and edit forms open, offering DigComp competences to align the kit with."""
    assert admin_client.get(add_url(kit_index)).status_code == 200
    with translation.override("fr"):
        groups = dict(competence_choices())
    digcomp = next(options for group, options in groups.items() if "DigComp" in group)
    assert any(label.startswith("1.1 ") for _pk, label in digcomp)
    kit = KitPageFactory()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[kit.pk]))
    assert response.status_code == 200


def test_preview_of_an_unsaved_kit_renders(rf, kit_index) -> None:
    """Previewing a kit not saved yet shows its steps (no downloads, no reports)."""
    service = DeepLinkFactory().service
    kit = KitPage(
        title="Aperçu",
        slug="apercu",
        intro="Un aperçu.",
        service=service,
        audience="seniors",
        level="first_steps",
        body=[step("Première étape")],
    )
    request = rf.get("/")
    request.user = AnonymousUser()
    response = kit.make_preview_request(request)
    assert response.status_code == 200
    assert "Première étape" in response.content.decode()
