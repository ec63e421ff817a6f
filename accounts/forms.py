"""Authentication forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accounts.tasks import email_send_task


class EmailAuthenticationForm(AuthenticationForm):
    """The login form, with the e-mail address as the user name."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct e-mail address and password. "
            "Note that the password is case-sensitive."
        ),
    }

    def clean_username(self) -> str:
        """Compare e-mail addresses without case."""
        return self.cleaned_data["username"].strip().lower()


class QueuedPasswordResetForm(PasswordResetForm):
    """The password-reset form, sending its e-mail through Celery after commit."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queue the reset e-mail instead of sending it inside the request."""
        subject = render_to_string(subject_template_name, context)
        body = render_to_string(email_template_name, context)
        email_send_task.delay_on_commit(subject=subject, body=body, to=[to_email])
