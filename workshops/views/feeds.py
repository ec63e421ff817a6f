"""Private calendar feeds: the page listing one's feed URLs, resetting them, the feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.selectors import visible_libraries
from workshops.calendar import calendar_of
from workshops.models import CalendarFeed
from workshops.selectors import library_feed_sessions, person_feed_sessions
from workshops.services import calendar_feed_ensure, calendar_feed_reset


def _feed_url(request: HttpRequest, feed: CalendarFeed | None) -> str:
    """The absolute URL of a feed, or nothing when it does not exist yet."""
    if feed is None:
        return ""
    return request.build_absolute_uri(reverse("workshops:calendar_feed", args=[feed.token]))


@login_required
def show_calendar_feeds(request: HttpRequest) -> HttpResponse:
    """One's private calendar links: one's own, and those of the libraries one supervises."""
    own = CalendarFeed.objects.filter(person=request.user).first()
    libraries = list(visible_libraries(request.user).select_related("workshop_calendar_feed"))
    rows = [
        (library, _feed_url(request, getattr(library, "workshop_calendar_feed", None)))
        for library in libraries
    ]
    return render(
        request,
        "workshops/calendar_feeds.html",
        {"own_url": _feed_url(request, own), "library_rows": rows},
    )


@login_required
@require_POST
def renew_calendar_feed(request: HttpRequest) -> HttpResponse:
    """Create a feed link, or reset it so that the old link stops working."""
    library_id = request.POST.get("library", "")
    if library_id:
        if not library_id.isdigit():
            raise PermissionDenied
        library = visible_libraries(request.user).filter(pk=int(library_id)).first()
        if library is None:
            raise PermissionDenied
        feed = calendar_feed_ensure(library=library)
    else:
        feed = calendar_feed_ensure(person=request.user)
    if request.POST.get("action") == "reset":
        calendar_feed_reset(feed=feed)
        messages.success(request, _("A new link is ready: the old one no longer works."))
    else:
        messages.success(request, _("Your calendar link is ready."))
    return redirect("workshops:calendar_feeds")


def download_calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private feed, read by calendar applications (the token is the only key)."""
    feed = CalendarFeed.objects.select_related("person", "library").filter(token=token).first()
    if feed is None:
        raise Http404
    if feed.person is not None:
        sessions = person_feed_sessions(feed.person)
        name = _("Workshops of %(name)s") % {"name": feed.person.display_name}
    else:
        sessions = library_feed_sessions(feed.library)
        name = _("Workshops at %(library)s") % {"library": feed.library.name}
    response = HttpResponse(
        calendar_of(sessions, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=600"
    response["X-Robots-Tag"] = "noindex"
    return response
