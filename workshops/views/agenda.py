"""Public pages: the agenda, a session's page and its .ics; the trainer's own list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from workshops.calendar import session_ics
from workshops.emails import session_facts
from workshops.forms import AgendaFilterForm, RegisterPersonForm
from workshops.models import Registration, Session
from workshops.permissions import can_print_sheet, can_register_others, can_train
from workshops.selectors import (
    agenda_choices,
    agenda_sessions,
    kits_of,
    places_left,
    registration_of,
    session_detail,
    trainer_sessions,
    trainers_of,
    waitlist_position,
)
from workshops.services import registration_refusal

AGENDA_PAGE_SIZE = 30


def load_session(pk: int) -> Session:
    """The session with its details, or a 404."""
    try:
        return session_detail(pk)
    except Session.DoesNotExist:
        raise Http404 from None


def show_agenda(request: HttpRequest) -> HttpResponse:
    """The public agenda of coming sessions, by commune, library, audience and competence."""
    form = AgendaFilterForm(request.GET or None, choices=agenda_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    sessions = agenda_sessions(
        commune=filters.get("commune"),
        library=filters.get("library"),
        audience=filters.get("audience") or "",
        competence=filters.get("competence"),
    )
    page = Paginator(sessions, AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workshops/agenda.html",
        {
            "form": form,
            "page": page,
            "rows": [(session, places_left(session)) for session in page.object_list],
            "query": query.urlencode(),
            "is_filtered": any(filters.values()),
        },
    )


def show_session(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's page: details, places left, and the register / waitlist / cancel buttons."""
    session = load_session(pk)
    registration = registration_of(request.user, session)
    now = timezone.now()
    deadline = session.cancellation_deadline()
    context = {
        **session_facts(session),
        "workshop": session.workshop,
        "trainers": list(trainers_of(session.workshop)),
        "competences": list(
            session.workshop.competence_links.select_related("competence__framework")
        ),
        "kits": list(kits_of(session.workshop)),
        "places_left": places_left(session),
        "refusal": registration_refusal(session, now=now),
        "registration": registration if registration and registration.is_active else None,
        "waitlist_position": waitlist_position(registration) if registration else 0,
        "can_cancel": bool(
            registration
            and registration.is_active
            and session.status == Session.Status.PLANNED
            and (deadline is None or now < deadline)
        ),
        "is_trainer": can_train(request.user, session),
        "can_print": can_print_sheet(request.user, session),
        "can_register_others": can_register_others(request.user) and not session.is_public,
        "register_form": RegisterPersonForm(),
        "Status": Session.Status,
        "RegistrationStatus": Registration.Status,
    }
    return render(request, "workshops/session.html", context)


def download_session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The session as an iCalendar file."""
    session = load_session(pk)
    response = HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="atelier-{session.pk}.ics"'
    return response


@login_required
def show_trainer_sessions(request: HttpRequest) -> HttpResponse:
    """A trainer's own sessions: the coming ones, and those of the last month."""
    upcoming, recent = trainer_sessions(request.user)
    return render(
        request,
        "workshops/trainer_sessions.html",
        {
            "upcoming": [(session, places_left(session)) for session in upcoming],
            "recent": recent,
        },
    )
