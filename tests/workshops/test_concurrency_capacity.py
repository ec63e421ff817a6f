"""Capacity under concurrent registrations: threads with their own database connections.

On PostgreSQL the registrations really run in parallel and the session row lock
(`select_for_update`) is what keeps the count right: without it, several transactions
would read the same free places and overfill the session. SQLite serialises writers
itself; there a transaction that finds the database locked is retried by the client, as
a browser would, and the outcome must be the same.
"""

import pytest
from django.db import connection

from tests.accounts.factories import UserFactory
from tests.concurrency import run_in_parallel
from tests.workshops.factories import SessionFactory
from workshops.models import Registration
from workshops.services import registration_cancel, registration_create

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 12
CAPACITY = 5


def test_parallel_registrations_never_exceed_capacity() -> None:
    """N people registering at the same instant: exactly `capacity` places, the rest wait."""
    session = SessionFactory(capacity=CAPACITY)
    people = [UserFactory() for _ in range(PEOPLE)]
    errors, retries = run_in_parallel(
        [lambda p=p: registration_create(session=session, person=p) for p in people]
    )
    assert errors == []
    rows = Registration.objects.filter(session=session)
    assert rows.count() == PEOPLE
    assert rows.filter(status=Registration.Status.CONFIRMED).count() == CAPACITY
    assert rows.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - CAPACITY
    if connection.vendor == "postgresql":
        assert retries == 0  # the row lock made them wait, nobody failed


def test_parallel_double_clicks_give_one_registration() -> None:
    """The same person registering from several tabs at once gets one place."""
    session = SessionFactory(capacity=CAPACITY)
    person = UserFactory()
    errors, _retries = run_in_parallel(
        [lambda: registration_create(session=session, person=person) for _ in range(6)]
    )
    assert errors == []
    assert Registration.objects.filter(session=session, person=person).count() == 1


def test_parallel_cancellations_and_registrations_keep_the_count() -> None:
    """Cancellations racing new registrations: places never exceed capacity, none is lost."""
    session = SessionFactory(capacity=CAPACITY)
    holders = [registration_create(session=session, person=UserFactory()) for _ in range(CAPACITY)]
    waiting = [registration_create(session=session, person=UserFactory()) for _ in range(2)]
    newcomers = [UserFactory() for _ in range(4)]
    functions = [
        lambda h=h: registration_cancel(registration=h, cancelled_by=h.person) for h in holders[:3]
    ] + [lambda p=p: registration_create(session=session, person=p) for p in newcomers]
    errors, _retries = run_in_parallel(functions)
    assert errors == []
    confirmed = Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED)
    assert confirmed.count() == CAPACITY
    assert set(confirmed.values_list("pk", flat=True)) >= {w.pk for w in waiting}
