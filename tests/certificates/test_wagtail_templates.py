"""Certificate templates in the Wagtail admin: edit with drafts, preview with sample data."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates.models import CertificateTemplate
from tests.accounts.factories import UserFactory
from tests.certificates.factories import CertificateTemplateFactory
from tests.pdf_helpers import pdf_page_count, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A client logged in as a Wagtail superuser."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def form_data(**overrides) -> dict:
    """The admin form of a template."""
    data = {
        "name": "Modèle des ateliers",
        "heading": "Attestation de participation",
        "body": "{name} a participé au {kind} « {achievement} ».",
        "issuer_name": "Métropole Européenne de Lille — Bibliothèque Numérique Métropolitaine",
        "signatory_name": "Direction de la lecture publique, MEL",
        "signatory_title": "",
        "primary_colour": "#0B5C8A",
        "accent_colour": "#A4361D",
    }
    data.update(overrides)
    return data


def test_admin_lists_and_creates_templates(admin_client) -> None:
    """The snippet is in the admin; creating one as a draft leaves it unpublished."""
    index = reverse("wagtailsnippets_certificates_certificatetemplate:list")
    assert admin_client.get(index).status_code == 200
    add = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = admin_client.post(add, form_data())
    assert response.status_code == 302
    template = CertificateTemplate.objects.get(name="Modèle des ateliers")
    assert template.live is False
    assert template.latest_revision is not None


def test_admin_publishes_a_template(admin_client) -> None:
    """“Publish” makes the template live with a live revision."""
    add = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    admin_client.post(add, {**form_data(), "action-publish": "publish"})
    template = CertificateTemplate.objects.get(name="Modèle des ateliers")
    assert template.live is True
    assert template.live_revision is not None


def test_saving_a_draft_keeps_the_published_content(admin_client) -> None:
    """Editing a live template as a draft leaves the published revision untouched."""
    template = CertificateTemplateFactory(body="Publié : {name}.")
    edit = reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk])
    response = admin_client.post(edit, form_data(name=template.name, body="Brouillon : {name}."))
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "Publié : {name}."
    assert template.live_revision.as_object().body == "Publié : {name}."
    assert template.get_latest_revision_as_object().body == "Brouillon : {name}."


def test_unknown_placeholder_is_refused_in_french(admin_client) -> None:
    """A placeholder outside the list is refused with the allowed ones named."""
    template = CertificateTemplate(**{k: v for k, v in form_data(body="Bonjour {prenom}").items()})
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    message = " ".join(caught.value.message_dict["body"])
    assert "{prenom}" in message
    assert "{name}" in message


def test_unreadable_colour_is_refused(admin_client) -> None:
    """A main colour too light to read on white is refused (contrast below 4.5:1)."""
    template = CertificateTemplate(**form_data(primary_colour="#FFEE00"))
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert "contraste" in " ".join(caught.value.message_dict["primary_colour"])


def test_preview_renders_sample_data(admin_client) -> None:
    """The admin preview shows the sheet with sample facts, as HTML and as a PDF."""
    template = CertificateTemplateFactory(body="Bravo {name} pour « {achievement} ».")
    preview = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk]
    )
    data = form_data(name=template.name, body="Bravo {name} pour « {achievement} » !")
    assert admin_client.post(preview, data).json()["is_valid"] is True
    html = admin_client.get(preview).content.decode()
    assert (
        "Bravo Camille Exemple pour « Accompagner les démarches administratives en ligne » !"
        in html
    )
    pdf = admin_client.get(preview, {"mode": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf_page_count(pdf.content) == 1
    assert "Camille Exemple" in pdf_text(pdf.content)
