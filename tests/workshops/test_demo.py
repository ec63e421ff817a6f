"""The workshops demo step: French content, past attendance and counts, idempotent."""

import pytest

from accounts.demo import DemoLog
from certificates.models import Certificate
from lrs.models import Statement
from organizations import demo as organizations_demo
from workshops import demo
from workshops.models import (
    PublicAttendanceCount,
    Registration,
    Session,
    SlotAttendance,
    TimeSlot,
    Workshop,
)
from workshops.selectors import public_workshop_counts, staff_attendance_counts

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """How many rows of each kind the demo left."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Workshop,
            Session,
            TimeSlot,
            Registration,
            SlotAttendance,
            PublicAttendanceCount,
            Certificate,
            Statement,
        )
    }


def test_demo_step_is_idempotent_and_feeds_the_dashboards() -> None:
    """Running the step twice leaves the same rows; dashboards find attendance and counts."""
    lines: list[str] = []
    organizations_demo.seed(DemoLog(lines.append))
    demo.seed(DemoLog(lines.append))
    first = counts()
    demo.seed(DemoLog(lines.append))
    assert counts() == first
    assert Workshop.objects.filter(title="Découvrir la presse en ligne", audience="staff").exists()
    assert Workshop.objects.filter(audience="public").count() == 2
    coming = Registration.objects.filter(
        person__email=demo.AGENT_EMAIL, session__status=Session.Status.PLANNED
    )
    assert coming.count() == 1
    assert all(w.trainers.filter(email=demo.TRAINER_EMAIL).exists() for w in Workshop.objects.all())
    assert staff_attendance_counts().present > 0
    assert public_workshop_counts().participants > 0
    assert Certificate.objects.filter(kind="workshop_cycle").count() == 5


def test_demo_has_a_past_session_of_two_half_days_taken_per_slot() -> None:
    """One past session of two slots: per-slot marks, one person who missed the afternoon."""
    organizations_demo.seed(DemoLog(lambda line: None))
    demo.seed(DemoLog(lambda line: None))
    (session,) = [
        s for s in Session.objects.filter(status=Session.Status.COMPLETED) if s.slots.count() == 2
    ]
    afternoon = session.slots.order_by("starts_at").last()
    missed = SlotAttendance.objects.get(slot=afternoon, attendance="absent").registration
    assert missed.attendance == "present"  # the morning counts
    statement = Statement.objects.get(statement_id=missed.attended_statement_id)
    assert statement.data["result"]["duration"] == "PT120M"  # the morning: 2 of the 5 hours
