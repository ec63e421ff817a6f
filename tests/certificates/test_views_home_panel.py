"""“My space”: the learner's certificates with PDF, Open Badge and share link."""

import pytest
from django.urls import reverse

from certificates.codes import code_display
from certificates.links import verify_url
from tests.accounts.factories import UserFactory
from tests.certificates.factories import issue
from tests.pdf_helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_panel_lists_own_certificates_with_links(client) -> None:
    """The panel shows each certificate with its PDF, Open Badge and share link."""
    user = UserFactory()
    mine = issue(user, title="Parcours accueil numérique")
    issue(UserFactory(), title="Parcours d’un autre")
    client.force_login(user)
    page = client.get(reverse("accounts:my_space")).content.decode()
    assert "Mes attestations" in page
    assert "Parcours accueil numérique" in page
    assert "Parcours d’un autre" not in page
    assert reverse("certificates:download_pdf", args=[mine.uuid]) in page
    assert reverse("certificates:download_badge", args=[mine.uuid]) in page
    assert verify_url(mine.code) in page


def test_panel_is_absent_without_certificates(client) -> None:
    """A learner without certificates sees no empty certificates panel."""
    client.force_login(UserFactory())
    assert "Mes attestations" not in client.get(reverse("accounts:my_space")).content.decode()


def test_holder_downloads_the_pdf(client) -> None:
    """The holder gets the PDF, rendered on demand if the worker has not done it yet."""
    user = UserFactory()
    certificate = issue(user)
    client.force_login(user)
    response = client.get(reverse("certificates:download_pdf", args=[certificate.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert code_display(certificate.code) in pdf_text(content)


def test_others_cannot_download_the_pdf(client, network) -> None:
    """Another learner gets 403; the person's library head may download it."""
    certificate = issue(network.agent_a)
    url = reverse("certificates:download_pdf", args=[certificate.uuid])
    client.force_login(network.agent_b)
    assert client.get(url).status_code == 403
    client.force_login(network.head_a)
    assert client.get(url).status_code == 200
