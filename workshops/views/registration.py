"""Registering (oneself or someone in one's scope) and cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.selectors import visible_people
from workshops.forms import RegisterPersonForm
from workshops.models import Registration
from workshops.permissions import can_manage_registration, can_register_others
from workshops.selectors import registration_of, waitlist_position
from workshops.services import RegistrationRefused, registration_cancel, registration_create
from workshops.views.agenda import load_session


def _outcome_message(request: HttpRequest, registration: Registration, *, was_active: bool) -> None:
    """Tell the person what happened to their registration."""
    if was_active:
        messages.info(request, _("You were already registered: nothing changed."))
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request, _("Your registration is confirmed. A confirmation e-mail is on its way.")
        )
    else:
        messages.warning(
            request,
            _(
                "The session is full: you are on the waiting list (position %(position)d). "
                "We will write to you if a place frees up."
            )
            % {"position": waitlist_position(registration)},
        )


@login_required
def register_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Register oneself to a session (a waitlist spot when it is full)."""
    session = load_session(pk)
    if request.method != "POST":
        return redirect("workshops:session", pk=pk)
    before = registration_of(request.user, session)
    try:
        registration = registration_create(session=session, person=request.user)
    except RegistrationRefused as refusal:
        messages.error(request, refusal.reason)
    else:
        _outcome_message(request, registration, was_active=bool(before and before.is_active))
    return redirect("workshops:session", pk=pk)


@login_required
@require_POST
def register_person(request: HttpRequest, pk: int) -> HttpResponse:
    """A library head or coordinator registers someone of their scope, by e-mail address."""
    session = load_session(pk)
    if not can_register_others(request.user):
        raise PermissionDenied
    form = RegisterPersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return redirect("workshops:session", pk=pk)
    person = visible_people(request.user).filter(email__iexact=form.cleaned_data["email"]).first()
    if person is None:
        messages.error(request, _("Nobody in your libraries or communes has this e-mail address."))
        return redirect("workshops:session", pk=pk)
    before = registration_of(person, session)
    try:
        registration = registration_create(
            session=session, person=person, registered_by=request.user
        )
    except RegistrationRefused as refusal:
        messages.error(request, refusal.reason)
        return redirect("workshops:session", pk=pk)
    if before and before.is_active:
        messages.info(request, _("%(name)s was already registered.") % {"name": person})
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("%(name)s is registered.") % {"name": person})
    else:
        messages.warning(
            request, _("The session is full: %(name)s is on the waiting list.") % {"name": person}
        )
    return redirect("workshops:session", pk=pk)


@login_required
@require_POST
def cancel_registration(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one's registration (or that of someone in one's scope) before the deadline."""
    registration = get_object_or_404(Registration.objects.select_related("person"), pk=pk)
    if not can_manage_registration(request.user, registration):
        raise PermissionDenied
    try:
        registration_cancel(registration=registration, cancelled_by=request.user)
    except RegistrationRefused as refusal:
        messages.error(request, refusal.reason)
    else:
        messages.success(request, _("The registration is cancelled."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("workshops:session", pk=registration.session_id)
