"""The trainer's tools: roll call, competence validation, sign-in sheet, counts, status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshops.emails import session_facts
from workshops.forms import (
    CompetenceValidationForm,
    PublicCountsForm,
    RollCallForm,
    SessionCancelForm,
)
from workshops.models import Registration, Session
from workshops.pdf import sign_in_sheet_pdf
from workshops.permissions import can_print_sheet, can_train
from workshops.selectors import session_registrations
from workshops.services import (
    AttendanceRefused,
    CountsRefused,
    SessionChangeRefused,
    competence_validate,
    public_counts_record,
    roll_call_record,
    session_cancel,
    session_complete,
)
from workshops.views.agenda import load_session


def trainer_session(request: HttpRequest, pk: int) -> Session:
    """The session, when the user runs it (else 403)."""
    session = load_session(pk)
    if not can_train(request.user, session):
        raise PermissionDenied
    return session


@login_required
def take_roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    """The roll call on a phone: present, absent or excused for each person registered."""
    session = trainer_session(request, pk)
    if session.is_public:
        return redirect("workshops:public_counts", pk=pk)
    registrations = session_registrations(session)
    slots = list(session.slots.all())
    form = RollCallForm(request.POST or None, registrations=registrations, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            roll_call_record(
                session=session,
                marks=form.marks(),
                slot_marks=form.slot_marks(),
                recorded_by=request.user,
            )
        except AttendanceRefused as refusal:
            messages.error(request, refusal.reason)
        else:
            messages.success(request, _("The roll call is saved."))
            return redirect("workshops:roll_call", pk=pk)
    elif request.method == "POST":
        messages.error(request, _("The roll call could not be saved: check the choices."))
    present = [r for r in registrations if r.attendance == Registration.Attendance.PRESENT]
    return render(
        request,
        "workshops/roll_call.html",
        {
            **session_facts(session),
            "form": form,
            "by_slot": bool(form.slots),
            "present": present,
            "validation_form": CompetenceValidationForm(session=session),
            "has_competences": session.workshop.competence_links.exists(),
            "cycles": list(session.cycles.filter(is_active=True)),
            "Status": Session.Status,
        },
    )


@login_required
@require_POST
def validate_competence(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """A trainer validates a competence observed in person for someone present."""
    session = trainer_session(request, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("person", "session__workshop"),
        pk=registration_pk,
        session=session,
    )
    form = CompetenceValidationForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, _("Choose a competence of this workshop and a level."))
        return redirect("workshops:roll_call", pk=pk)
    try:
        competence_validate(
            registration=registration,
            competence=form.cleaned_data["competence"],
            level=form.cleaned_data["level"],
            validated_by=request.user,
        )
    except AttendanceRefused as refusal:
        messages.error(request, refusal.reason)
    else:
        messages.success(
            request,
            _("Competence validated for %(name)s.") % {"name": registration.person.display_name},
        )
    return redirect("workshops:roll_call", pk=pk)


@login_required
def download_sign_in_sheet(request: HttpRequest, pk: int, *, blank: bool = False) -> HttpResponse:
    """The printable sign-in sheet (names and signatures), or its blank version."""
    session = load_session(pk)
    if not can_print_sheet(request.user, session):
        raise PermissionDenied
    pdf = sign_in_sheet_pdf(session, session_registrations(session), blank=blank)
    day = timezone.localtime(session.starts_at).strftime("%Y-%m-%d") if session.starts_at else ""
    name = f"emargement-{'vierge-' if blank else ''}{session.pk}-{day}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def record_public_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """Counts of patrons at a public session, by theme, age band and autonomy."""
    session = trainer_session(request, pk)
    if not session.is_public:
        return redirect("workshops:roll_call", pk=pk)
    form = PublicCountsForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            public_counts_record(session=session, counts=form.counts(), recorded_by=request.user)
        except CountsRefused as refusal:
            messages.error(request, refusal.reason)
        else:
            messages.success(request, _("The counts are saved."))
            return redirect("workshops:public_counts", pk=pk)
    elif request.method == "POST":
        messages.error(request, _("The counts could not be saved: check the numbers."))
    return render(request, "workshops/public_counts.html", {**session_facts(session), "form": form})


@login_required
def cancel_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a session, with a reason sent to everyone registered."""
    session = trainer_session(request, pk)
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_cancel(
                session=session, reason=form.cleaned_data["reason"], cancelled_by=request.user
            )
        except SessionChangeRefused as refusal:
            messages.error(request, refusal.reason)
        else:
            messages.success(
                request, _("The session is cancelled; the people registered are told.")
            )
        return redirect("workshops:session", pk=pk)
    return render(
        request, "workshops/session_cancel.html", {**session_facts(session), "form": form}
    )


@login_required
@require_POST
def complete_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a session as having taken place."""
    session = trainer_session(request, pk)
    try:
        session_complete(session=session, completed_by=request.user)
    except SessionChangeRefused as refusal:
        messages.error(request, refusal.reason)
    else:
        messages.success(request, _("The session is marked as completed."))
    return redirect("workshops:session", pk=pk)
