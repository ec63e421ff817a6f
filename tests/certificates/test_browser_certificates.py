"""Certificates in a real browser: verifying a code, “My space”, the hand-over with progress."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from playwright.sync_api import expect

from certificates.models import CertificateBundle
from tests.accounts.factories import UserFactory
from tests.certificates.factories import issue
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user) -> None:
    """Give the browser the session of `user`."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_anyone_verifies_a_certificate_by_its_code(page) -> None:
    """A visitor types the printed code and sees the certificate is valid; pages pass axe."""
    user = UserFactory(first_name="Marion", last_name="Lefebvre")
    certificate = issue(user, title="Initiation aux démarches en ligne")
    page.goto("/certificates/verify/")
    assert axe_violations(page) == []
    page.get_by_label("Code de vérification").fill(certificate.display_code.lower())
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_url(f"**/certificates/verify/{certificate.display_code}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Attestation valide"
    assert "Marion Lefebvre" in page.content()
    assert axe_violations(page) == []
    page.goto("/certificates/verify/2345-6789-2345-6789/")
    assert page.get_by_role("heading", level=1).inner_text() == "Attestation inconnue"
    assert axe_violations(page) == []


def test_my_space_lists_certificates_accessibly(page, live_server) -> None:
    """The learner sees their certificate with PDF, Open Badge and share link; axe is clean."""
    user = UserFactory()
    certificate = issue(user, title="Parcours accueil numérique")
    log_in(page, live_server, user)
    page.goto("/compte/mon-espace/")
    panel = page.get_by_role("region", name="Mes attestations")
    assert "Parcours accueil numérique" in panel.inner_text()
    expect(
        panel.get_by_role("link", name="Télécharger le PDF — Parcours accueil numérique")
    ).to_be_visible()
    share = panel.get_by_label("Lien de partage (il permet à chacun de vérifier l’attestation)")
    assert share.input_value().endswith(f"/certificates/verify/{certificate.display_code}/")
    assert axe_violations(page) == []


def test_hand_over_page_selects_and_builds_a_zip(page, live_server, network) -> None:
    """A library head picks their library, asks for the ZIP and gets its download link."""
    issue(network.agent_a)
    issue(network.agent_a2)
    log_in(page, live_server, network.head_a)
    page.goto("/certificates/manage/")
    assert axe_violations(page) == []
    page.get_by_label("Bibliothèque").select_option(str(network.library_a.pk))
    page.get_by_role("button", name="Afficher les attestations").click()
    expect(page.get_by_role("heading", name="2 attestations valides")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Intitulé de la remise").fill("Cérémonie de juin")
    page.get_by_role("button", name="Préparer le ZIP").click()
    page.wait_for_url("**/certificates/bundles/**")
    expect(page.get_by_role("link", name="Télécharger le ZIP")).to_be_visible()
    assert axe_violations(page) == []


def test_bundle_page_polls_until_the_zip_is_ready(page, live_server, network) -> None:
    """The progress page follows the worker through the JSON endpoint, then shows the link."""
    bundle = CertificateBundle.objects.create(requested_by=network.head_a, total=4)
    log_in(page, live_server, network.head_a)
    page.goto(f"/certificates/bundles/{bundle.uuid}/")
    expect(page.locator("#bundle-download")).to_be_hidden()
    CertificateBundle.objects.filter(pk=bundle.pk).update(
        status=CertificateBundle.Status.RUNNING, done_count=2
    )
    page.wait_for_function("document.getElementById('bundle-progress').value === 50")
    bundle.archive.save("a.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    bundle.status, bundle.done_count = CertificateBundle.Status.DONE, 4
    bundle.save()
    page.get_by_role("link", name="Télécharger le ZIP").wait_for(state="visible", timeout=15000)
    expect(page.locator("#bundle-status")).to_contain_text("4 attestations sur 4")
    assert axe_violations(page) == []
