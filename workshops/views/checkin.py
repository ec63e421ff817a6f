"""QR self check-in: the trainer's full-screen code and live list, and the agent's scan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from common.qr import qr_svg_data_uri
from workshops.checkin import (
    CheckinTokenRefused,
    checkin_token_check,
    checkin_token_make,
    seconds_to_next_window,
)
from workshops.emails import session_facts
from workshops.formatting import slot_short_text, time_text
from workshops.models import Session
from workshops.selectors import checked_in, current_slot
from workshops.services import AttendanceRefused, checkin_record
from workshops.views.agenda import load_session
from workshops.views.attendance import trainer_session

# After a valid scan, the person has this long to log in and confirm.
PASS_SECONDS = 600


def _checkin_url(request: HttpRequest, session: Session) -> str:
    """The absolute check-in URL of the current window (what the QR code holds)."""
    path = reverse("workshops:check_in", args=[session.pk, checkin_token_make(session.pk)])
    return request.build_absolute_uri(path)


def _qr_payload(request: HttpRequest, session: Session) -> dict[str, object]:
    """The current code: its URL, its QR image, and when to fetch the next one."""
    url = _checkin_url(request, session)
    return {
        "url": url,
        "qr": qr_svg_data_uri(url, scale=10, border=2),
        "refresh_in": round(seconds_to_next_window(), 2),
    }


def _people_payload(session: Session) -> dict[str, object]:
    """Who has checked in, in order of arrival (at the current slot when there are several)."""
    people = [
        {
            "name": registration.person.display_name,
            "time": time_text(registration.attendance_recorded_at)
            if registration.attendance_recorded_at
            else "",
        }
        for registration in checked_in(session)
    ]
    return {"count": len(people), "people": people, "slot": _slot_now_text(session)}


def _slot_now_text(session: Session) -> str:
    """For a session of several slots, the one check-ins go to now ("" otherwise)."""
    slot = current_slot(session)
    return slot_short_text(slot.starts_at, slot.ends_at) if slot else ""


@login_required
def show_checkin_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The full-screen check-in page: a rotating QR code and the live list."""
    session = trainer_session(request, pk)
    if session.is_public:
        return redirect("workshops:public_counts", pk=pk)
    return render(
        request,
        "workshops/checkin_screen.html",
        {
            **session_facts(session),
            "code": _qr_payload(request, session),
            "present": _people_payload(session),
        },
    )


@never_cache
@login_required
def checkin_qr(request: HttpRequest, pk: int) -> JsonResponse:
    """The current QR code (polled by the check-in screen)."""
    return JsonResponse(_qr_payload(request, trainer_session(request, pk)))


@never_cache
@login_required
def checkin_people(request: HttpRequest, pk: int) -> JsonResponse:
    """Who has checked in so far (polled by the check-in screen)."""
    return JsonResponse(_people_payload(trainer_session(request, pk)))


def _pass_key(session: Session) -> str:
    """The session-store key remembering a valid scan while the person logs in."""
    return f"workshops-checkin-pass-{session.pk}"


@never_cache
def check_in(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The URL in the QR code: a logged-in person confirms they are here (only themselves)."""
    session = load_session(pk)
    now = timezone.now().timestamp()
    context = {**session_facts(session)}
    try:
        checkin_token_check(token, session_id=session.pk)
    except CheckinTokenRefused as refusal:
        # A code scanned a moment ago stays good while the person logs in and confirms.
        if request.session.get(_pass_key(session), 0) < now:
            context["reason"] = refusal.reason
            return render(request, "workshops/check_in_refused.html", context, status=400)
    else:
        request.session[_pass_key(session)] = now + PASS_SECONDS
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        return render(request, "workshops/check_in.html", context)
    try:
        registration = checkin_record(session=session, person=request.user)
    except AttendanceRefused as refusal:
        context["reason"] = refusal.reason
        return render(request, "workshops/check_in_refused.html", context, status=400)
    request.session.pop(_pass_key(session), None)
    context["registration"] = registration
    return render(request, "workshops/check_in_done.html", context)
