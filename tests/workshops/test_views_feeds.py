"""Private iCal feeds: per person and per library, secret token, reset cuts the old URL."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from tests.organizations.factories import LibraryFactory, MembershipFactory
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    agent_make,
    trainer_make,
)
from workshops.models import CalendarFeed

pytestmark = pytest.mark.django_db


def feed_summaries(client, token: str) -> list[str]:
    """The event titles of a feed, read by URL as a calendar application would."""
    response = client.get(reverse("workshops:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return sorted(
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    )


def test_person_feed_holds_their_sessions_and_those_they_train(client) -> None:
    """A person's feed: sessions they registered to (not cancelled ones) and sessions they train."""
    person = trainer_make()
    RegistrationFactory(
        person=person, session=SessionFactory(workshop=WorkshopFactory(title="Presse"))
    )
    RegistrationFactory(
        person=person,
        session=SessionFactory(workshop=WorkshopFactory(title="Annulée")),
        status="cancelled",
    )
    SessionFactory(workshop=WorkshopFactory(title="J’anime", trainers=[person]))
    SessionFactory(workshop=WorkshopFactory(title="Pas moi"))
    client.force_login(person)
    response = client.post(reverse("workshops:renew_calendar_feed"), follow=True)
    assert "Votre lien d’agenda est prêt." in response.content.decode()
    feed = CalendarFeed.objects.get(person=person)
    assert len(feed.token) >= 40
    assert feed.token in response.content.decode()
    client.logout()
    assert feed_summaries(client, feed.token) == ["J’anime", "Presse"]


def test_resetting_a_feed_cuts_the_old_url(client) -> None:
    """After a reset, the old link is a 404 and the new one works."""
    person = agent_make()
    client.force_login(person)
    client.post(reverse("workshops:renew_calendar_feed"))
    old = CalendarFeed.objects.get(person=person).token
    response = client.post(
        reverse("workshops:renew_calendar_feed"), {"action": "reset"}, follow=True
    )
    assert "l’ancien ne fonctionne plus" in response.content.decode()
    new = CalendarFeed.objects.get(person=person).token
    assert new != old
    assert client.get(reverse("workshops:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("workshops:calendar_feed", args=[new])).status_code == 200


def test_unknown_token_is_a_404(client) -> None:
    """A made-up token reveals nothing, nor does one outside the token alphabet (a NUL)."""
    url = reverse("workshops:calendar_feed", args=["nope"])
    assert client.get(url).status_code == 404
    assert client.get(url.replace("nope", "no%00pe")).status_code == 404
    assert client.get(url.replace("nope", "no%20pe")).status_code == 404


def test_library_feed_for_its_head(client) -> None:
    """A library head creates the library's feed: every session held there, recent or coming."""
    library = LibraryFactory()
    head = MembershipFactory(role=Membership.Role.LIBRARY_HEAD, library=library).user
    SessionFactory(library=library, workshop=WorkshopFactory(title="Ici"))
    start = timezone.now() - timedelta(days=400)
    SessionFactory(
        library=library,
        workshop=WorkshopFactory(title="Il y a longtemps"),
        slots=[(start, start + timedelta(hours=1))],
    )
    SessionFactory(workshop=WorkshopFactory(title="Ailleurs"))
    client.force_login(head)
    page = client.get(reverse("workshops:calendar_feeds")).content.decode()
    assert library.name in page
    client.post(reverse("workshops:renew_calendar_feed"), {"library": library.pk})
    feed = CalendarFeed.objects.get(library=library)
    assert feed_summaries(client, feed.token) == ["Ici"]


@pytest.mark.parametrize("value", ["abc", "999999", "1 OR 1=1"])
def test_library_feed_refused_outside_scope_or_garbage(client, value) -> None:
    """An agent cannot create a library's feed; garbage ids are refused, never a 500."""
    library = LibraryFactory()
    client.force_login(agent_make(library=library))
    response = client.post(reverse("workshops:renew_calendar_feed"), {"library": value})
    assert response.status_code == 403
    response = client.post(reverse("workshops:renew_calendar_feed"), {"library": library.pk})
    assert response.status_code == 403
    assert not CalendarFeed.objects.filter(library__isnull=False).exists()
