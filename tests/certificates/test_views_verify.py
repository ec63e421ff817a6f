"""Public verification: valid, revoked, unknown; minimum data; equal timing; rate limit."""

import statistics
import time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.codes import code_display
from certificates.selectors import certificate_by_code
from certificates.services import certificate_revoke
from tests.accounts.factories import UserFactory
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db


def verify_path(code: str) -> str:
    """The verification page of a code."""
    return reverse("certificates:verify_code", kwargs={"code": code_display(code)})


@pytest.fixture
def certificate():
    """A valid certificate of a named person."""
    user = UserFactory(first_name="Inès", last_name="Roussel", email="ines.roussel@example.org")
    return issue(user, title="Premiers pas avec la tablette")


def test_valid_certificate_shows_name_and_achievement_only(client, certificate) -> None:
    """No login: a valid code shows “valid”, the name and the achievement, not the e-mail."""
    response = client.get(verify_path(certificate.code))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Attestation valide" in page
    assert "Inès Roussel" in page
    assert "Premiers pas avec la tablette" in page
    assert "ines.roussel@example.org" not in page
    assert "noindex" in response["X-Robots-Tag"]


def test_revoked_certificate_shows_revoked_without_reason(client, certificate, network) -> None:
    """A revoked code shows “revoked” and its date; the reason is for authorised staff only."""
    certificate_revoke(certificate=certificate, by=network.network_team, reason="Erreur de saisie")
    response = client.get(verify_path(certificate.code))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Attestation révoquée" in page
    assert "Erreur de saisie" not in page
    client.force_login(network.network_team)
    assert "Erreur de saisie" in client.get(verify_path(certificate.code)).content.decode()


def test_unknown_code_says_so(client, certificate) -> None:
    """A code nobody holds answers 404 with an explanation and the form again."""
    response = client.get(verify_path("2345678923456789"))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Attestation inconnue" in page
    assert "Inès Roussel" not in page


def test_malformed_code_in_the_url_is_unknown_not_an_error(client) -> None:
    """Garbage in the URL gives the unknown page, never a 500."""
    response = client.get("/certificates/verify/%C3%A9%3Cscript%3E/")
    assert response.status_code == 404
    assert "Attestation inconnue" in response.content.decode()


def test_form_redirects_to_the_code_page(client, certificate) -> None:
    """The form accepts a code typed in lower case with spaces and redirects to its page."""
    typed = code_display(certificate.code).lower().replace("-", " ")
    response = client.get(reverse("certificates:verify"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_path(certificate.code)


def test_form_explains_a_malformed_code_in_french(client) -> None:
    """A code of the wrong shape gets a French message, status 400."""
    response = client.get(reverse("certificates:verify"), {"code": "ABC"})
    assert response.status_code == 400
    assert "16 lettres et chiffres" in response.content.decode()


def test_lookup_does_the_same_work_for_known_and_unknown_codes(certificate) -> None:
    """Known, unknown and malformed codes all cost exactly one query and one comparison."""
    for code in (certificate.code, "2345678923456789", "not a code"):
        with CaptureQueriesContext(connection) as queries:
            certificate_by_code(code)
        assert len(queries) == 1, code
    assert certificate_by_code(certificate.code) == certificate
    assert certificate_by_code("2345678923456789") is None


def test_known_and_unknown_codes_answer_in_the_same_time(client, certificate, settings) -> None:
    """Both answers are padded to the minimum time, so their timings cannot be told apart."""
    settings.CERTIFICATES_VERIFY_MIN_SECONDS = 0.25
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 100

    def timed(code: str) -> float:
        started = time.perf_counter()
        client.get(verify_path(code))
        return time.perf_counter() - started

    known = [timed(certificate.code) for _ in range(4)]
    unknown = [timed("2345678923456789") for _ in range(4)]
    assert min(known + unknown) >= 0.25
    assert abs(statistics.median(known) - statistics.median(unknown)) < 0.05


def test_verification_is_rate_limited_per_client(client, certificate, settings) -> None:
    """Past the limit a client gets 429 with Retry-After; others are not affected."""
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 3
    settings.CERTIFICATES_VERIFY_RATE_WINDOW = 60
    with time_machine.travel("2025-06-01 10:00:05", tick=False):
        for _ in range(3):
            assert (
                client.get(verify_path(certificate.code), REMOTE_ADDR="10.0.0.1").status_code == 200
            )
        blocked = client.get(verify_path(certificate.code), REMOTE_ADDR="10.0.0.1")
        assert blocked.status_code == 429
        assert blocked["Retry-After"] == "55"
        assert "Trop de vérifications" in blocked.content.decode()
        form = client.get(reverse("certificates:verify"), {"code": "x"}, REMOTE_ADDR="10.0.0.1")
        assert form.status_code == 429
        other = client.get(verify_path(certificate.code), REMOTE_ADDR="10.0.0.2")
        assert other.status_code == 200
    with time_machine.travel("2025-06-01 10:01:01", tick=False):
        again = client.get(verify_path(certificate.code), REMOTE_ADDR="10.0.0.1")
        assert again.status_code == 200


def test_unknown_codes_count_against_the_limit(client, settings) -> None:
    """Guessing codes uses up the same allowance: enumeration stops after the limit."""
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 5
    statuses = [
        client.get(
            verify_path(f"23456789234567{n:02d}".replace("0", "2").replace("1", "3"))
        ).status_code
        for n in range(8)
    ]
    assert statuses[:5] == [404] * 5
    assert statuses[5:] == [429] * 3


def test_a_code_typed_in_the_form_counts_once(client, certificate, settings) -> None:
    """Three codes typed in the form, with a limit of three, are all verified (not 429)."""
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 3
    settings.CERTIFICATES_VERIFY_RATE_WINDOW = 60
    with time_machine.travel("2025-06-01 10:00:05", tick=False):
        for _ in range(3):
            response = client.get(
                reverse("certificates:verify"),
                {"code": certificate.code},
                REMOTE_ADDR="10.0.0.3",
                follow=True,
            )
            assert response.status_code == 200
