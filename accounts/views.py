"""Authentication views and the learner home."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.forms import EmailAuthenticationForm, QueuedPasswordResetForm
from accounts.home import home_panels


class LoginView(auth_views.LoginView):
    """Log in with an e-mail address and a password."""

    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a password-reset link by e-mail."""

    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the link received by e-mail."""

    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password."""

    success_url = reverse_lazy("accounts:password_change_done")


@login_required
def show_my_space(request: HttpRequest) -> HttpResponse:
    """The learner home: each registered panel with its own context."""
    panels = []
    for panel in home_panels():
        context = panel.get_context(request)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return render(request, "accounts/my_space.html", {"panels": panels})


def show_home(request: HttpRequest) -> HttpResponse:
    """The public landing page."""
    return render(request, "home.html")
