"""Login, throttling, logout, password reset and the learner home."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/compte/connexion/"


def test_login_with_email_in_any_case_opens_my_space(client) -> None:
    """The e-mail address is the login, whatever its case."""
    UserFactory(email="claire@example.org")
    response = client.post(LOGIN, {"username": "Claire@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_space")
    assert client.get(reverse("accounts:my_space")).status_code == 200


def test_wrong_password_gets_the_standard_french_message(client) -> None:
    """A wrong password re-shows the form with Django's standard message, in French."""
    UserFactory(email="claire@example.org")
    response = client.post(LOGIN, {"username": "claire@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail et un mot de passe valides" in response.text


def test_repeated_failures_are_throttled(client) -> None:
    """After five failures the account is locked out, even with the right password."""
    UserFactory(email="claire@example.org")
    for _ in range(5):
        client.post(LOGIN, {"username": "claire@example.org", "password": "wrong"})
    response = client.post(LOGIN, {"username": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert "_auth_user_id" not in client.session


def test_malformed_login_input_is_a_form_error_not_a_crash(client) -> None:
    """A non-e-mail login or missing fields re-show the form with an error."""
    response = client.post(LOGIN, {"username": "not an e-mail"})
    assert response.status_code == 200
    assert "errorlist" in response.text


def test_logout_is_a_post(client) -> None:
    """Logging out ends the session."""
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code in {200, 302}
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client, django_capture_on_commit_callbacks) -> None:
    """The reset e-mail (queued after commit) holds a link that sets a new password."""
    UserFactory(email="claire@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "claire@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@example.org"]
    assert "mot de passe" in message.subject
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "Une nouvelle phrase secrète 2026"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    assert get_user_model().objects.get(email="claire@example.org").check_password(new)


def test_password_reset_for_unknown_address_reveals_nothing(client) -> None:
    """An unknown address gets the same answer and no e-mail."""
    response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_my_space_requires_login(client) -> None:
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("accounts:my_space"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_language_switch_to_english(client) -> None:
    """The language switch turns the interface to English."""
    assert "Se connecter" in client.get("/").text or "Connexion" in client.get("/").text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get("/").text


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/healthz",
        "/compte/connexion/",
        "/compte/mot-de-passe/oubli/",
        "/admin/login/",
        "/compte/mot-de-passe/nouveau/xx/yy/",
        "/compte/connexion/?next=//evil.example",
    ],
)
def test_public_pages_answer_without_error(client, url: str) -> None:
    """Public pages, even with odd input, never answer a server error."""
    response = client.get(url, follow=True)
    assert response.status_code == 200


def test_wagtail_admin_manages_email_users(client) -> None:
    """The Wagtail user admin lists and creates users of our e-mail-login model."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/users/").status_code == 200
    assert client.get("/admin/users/new/").status_code == 200
    response = client.post(
        "/admin/users/new/",
        {
            "email": "nouvelle@example.org",
            "first_name": "Inès",
            "last_name": "Nouvelle",
            "password1": "Une phrase secrète 2026",
            "password2": "Une phrase secrète 2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert get_user_model().objects.filter(email="nouvelle@example.org").exists()
