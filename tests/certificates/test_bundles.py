"""Bulk hand-over: selection in scope, a ZIP with one PDF per person, progress, e-mail."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certificates.models import CertificateBundle
from certificates.selectors import Selection, can_hand_over, certificates_selected
from certificates.services import bundle_create, certificate_revoke
from tests.accounts.factories import UserFactory
from tests.certificates.factories import issue
from tests.organizations.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def zip_members(bundle: CertificateBundle) -> list[str]:
    """The file names inside a bundle's ZIP."""
    bundle.refresh_from_db()
    with bundle.archive.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read())).namelist()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("network_team", True),
        ("coordinator_a", True),
        ("head_a", True),
        ("trainer_a", True),
        ("agent_a", False),
    ],
)
def test_only_trainers_and_supervisors_hand_over(client, network, role, allowed) -> None:
    """The hand-over page and the service are for trainers, heads, coordinators, network."""
    user = getattr(network, role)
    assert can_hand_over(user) is allowed
    client.force_login(user)
    assert client.get(reverse("certificates:manage")).status_code == (200 if allowed else 403)
    if not allowed:
        certificate = issue(network.agent_a)
        with pytest.raises(PermissionDenied):
            bundle_create(requested_by=user, certificate_ids=[certificate.pk])


def test_anonymous_cannot_reach_the_hand_over_page(client) -> None:
    """The hand-over page needs an account."""
    assert client.get(reverse("certificates:manage")).status_code == 302


@pytest.mark.parametrize("people", [1, 3, 7])
def test_zip_holds_one_pdf_per_person(network, people, django_capture_on_commit_callbacks) -> None:
    """N people of a library give a ZIP of N PDFs."""
    holders = []
    for _ in range(people):
        user = UserFactory()
        MembershipFactory(user=user, library=network.library_a)
        holders.append(user)
        issue(user, achievement_key="workshop-cycle:5", kind="workshop_cycle")
    issue(network.agent_b, achievement_key="workshop-cycle:5", kind="workshop_cycle")
    with django_capture_on_commit_callbacks(execute=True):
        bundle = bundle_create(
            requested_by=network.head_a,
            library_id=network.library_a.pk,
            achievement="workshop-cycle:5",
        )
    members = zip_members(bundle)
    assert len(members) == people
    assert all(name.endswith(".pdf") for name in members)
    assert bundle.status == CertificateBundle.Status.DONE
    assert (bundle.done_count, bundle.total, bundle.percent) == (people, people, 100)


def test_selection_stays_inside_the_scope(network) -> None:
    """A library head asking for another library's people, or their ids, gets nothing."""
    mine, theirs = issue(network.agent_a), issue(network.agent_b)
    selected = certificates_selected(
        network.head_a, Selection(certificate_ids=[mine.pk, theirs.pk])
    )
    assert list(selected) == [mine]
    assert not certificates_selected(network.head_a, Selection(library_id=network.library_b.pk))
    with pytest.raises(ValidationError, match="Aucune attestation valide"):
        bundle_create(requested_by=network.head_a, certificate_ids=[theirs.pk])


def test_selection_by_user_ids_and_achievement_prefix(network) -> None:
    """Courses and workshops preselect people by id; a key ending in ':' matches a kind."""
    path = issue(network.agent_a, achievement_key="path:4")
    cycle = issue(network.agent_a, achievement_key="workshop-cycle:2", kind="workshop_cycle")
    issue(network.agent_a2, achievement_key="path:4")
    selected = certificates_selected(
        network.network_team, Selection(user_ids=[network.agent_a.pk], achievement="path:")
    )
    assert list(selected) == [path]
    by_kind = certificates_selected(network.network_team, Selection(achievement="workshop-cycle:"))
    assert list(by_kind) == [cycle]


def test_revoked_certificates_are_left_out(network) -> None:
    """A revoked certificate is never handed over."""
    kept, revoked = issue(network.agent_a), issue(network.agent_a2)
    certificate_revoke(certificate=revoked, by=network.network_team, reason="Erreur")
    selected = certificates_selected(network.head_a, Selection(library_id=network.library_a.pk))
    assert list(selected) == [kept]


def test_page_flow_progress_mail_and_download(
    client, network, django_capture_on_commit_callbacks
) -> None:
    """Select by library, post, follow progress as JSON, get the e-mail and download the ZIP."""
    issue(network.agent_a)
    issue(network.agent_a2)
    client.force_login(network.head_a)
    page = client.get(reverse("certificates:manage"), {"library": network.library_a.pk})
    assert page.status_code == 200
    assert page.content.decode().count('name="certificate"') == 2
    ids = [row["certificate"].pk for row in page.context["rows"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:manage") + f"?library={network.library_a.pk}",
            {"certificate": ids, "label": "Cérémonie du 12 juin"},
        )
    bundle = CertificateBundle.objects.get()
    assert response["Location"] == reverse("certificates:bundle_detail", args=[bundle.uuid])
    status = client.get(reverse("certificates:bundle_status", args=[bundle.uuid])).json()
    assert status["status"] == "done"
    assert status["percent"] == 100
    assert status["download_url"] == reverse("certificates:bundle_download", args=[bundle.uuid])
    download = client.get(status["download_url"])
    assert download["Content-Type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()) == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [network.head_a.email]
    assert f"/certificates/bundles/{bundle.uuid}/" in mail.outbox[0].body
    assert "Cérémonie du 12 juin" in mail.outbox[0].body


def test_bundle_pages_belong_to_their_requester(
    client, network, django_capture_on_commit_callbacks
) -> None:
    """Another person, even network team, cannot see or download someone else's ZIP."""
    certificate = issue(network.agent_a)
    with django_capture_on_commit_callbacks(execute=True):
        bundle = bundle_create(requested_by=network.head_a, certificate_ids=[certificate.pk])
    client.force_login(network.network_team)
    for name in ("bundle_detail", "bundle_status", "bundle_download"):
        assert client.get(reverse(f"certificates:{name}", args=[bundle.uuid])).status_code == 404


def test_unreadable_ids_in_a_link_are_reported(client, network) -> None:
    """A link with non-numeric ids shows a French warning instead of failing."""
    issue(network.agent_a)
    client.force_login(network.network_team)
    response = client.get(reverse("certificates:manage"), {"users": f"{network.agent_a.pk},abc"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "n’étaient pas des nombres" in page
    assert page.count('name="certificate"') == 1


def test_posting_nothing_ticked_explains(client, network) -> None:
    """Posting with no certificate ticked asks to tick one, in French."""
    issue(network.agent_a)
    client.force_login(network.head_a)
    response = client.post(
        reverse("certificates:manage") + f"?library={network.library_a.pk}", {"label": "x"}
    )
    assert response.status_code == 200
    assert "Cochez au moins une attestation" in response.content.decode()
    assert not CertificateBundle.objects.exists()
