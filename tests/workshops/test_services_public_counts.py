"""Public mediation workshops: counts by theme, age band and autonomy — never a person."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from tests.mediation_kits.factories import KitPageFactory
from tests.organizations.factories import CommuneFactory, LibraryFactory
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    session_now,
    trainer_make,
)
from workshops.models import PublicAttendanceCount, Session, Workshop
from workshops.selectors import public_workshop_counts, staff_attendance_counts
from workshops.services import CountsRefused, attendance_mark, public_counts_record

pytestmark = pytest.mark.django_db
PUBLIC = Workshop.Audience.PUBLIC


@pytest.fixture
def kits():
    """Two kits: the press online and e-books."""
    return [
        KitPageFactory(title="Lire la presse en ligne"),
        KitPageFactory(title="Emprunter un livre numérique"),
    ]


@pytest.fixture
def public_session(trainer, kits):
    """A public mediation session happening today, using both kits."""
    workshop = WorkshopFactory(audience=PUBLIC, trainers=[trainer], kits=kits)
    return session_now(workshop=workshop)


def test_counts_are_stored_as_numbers_only(public_session, trainer, kits) -> None:
    """Counts per theme, age band and autonomy are stored; zeros are not."""
    rows = public_counts_record(
        session=public_session,
        counts={
            (kits[0].pk, "senior", "accompanied"): 4,
            (kits[0].pk, "adult", "autonomous"): 2,
            (None, "teen", "partly"): 1,
            (kits[1].pk, "child", "autonomous"): 0,
        },
        recorded_by=trainer,
    )
    assert sorted(row.count for row in rows) == [1, 2, 4]
    public_session.refresh_from_db()
    assert public_session.public_counts_recorded_at is not None


def test_the_count_model_holds_no_personal_data() -> None:
    """No field of a count can hold a person: no link to users, no free text, no date of birth."""
    user_model = get_user_model()
    for field in PublicAttendanceCount._meta.get_fields():
        assert getattr(field, "related_model", None) is not user_model, field.name
        assert not isinstance(field, models.TextField | models.EmailField | models.DateField)
        if isinstance(field, models.CharField):
            assert field.choices, f"{field.name} is free text"


def test_recording_again_replaces_the_counts(public_session, trainer, kits) -> None:
    """Saving the form again replaces the previous numbers (no double counting)."""
    key = (kits[0].pk, "senior", "accompanied")
    public_counts_record(session=public_session, counts={key: 4}, recorded_by=trainer)
    public_counts_record(session=public_session, counts={key: 5}, recorded_by=trainer)
    assert list(PublicAttendanceCount.objects.values_list("count", flat=True)) == [5]


@pytest.mark.parametrize(
    ("counts", "fragment"),
    [
        ({(None, "senior", "accompanied"): -1}, "entier compris entre 0 et"),
        ({(None, "senior", "accompanied"): 5000}, "entier compris entre 0 et"),
        ({(None, "toddler", "accompanied"): 1}, "Tranche d’âge"),
        ({(None, "senior", "expert"): 1}, "niveau d’autonomie"),
    ],
)
def test_impossible_counts_are_refused(public_session, trainer, counts, fragment) -> None:
    """Negative, huge or unknown categories are refused with a French reason."""
    with pytest.raises(CountsRefused) as refused:
        public_counts_record(session=public_session, counts=counts, recorded_by=trainer)
    assert fragment in refused.value.reason
    assert not PublicAttendanceCount.objects.exists()


def test_a_theme_must_be_one_of_the_workshops_kits(public_session, trainer) -> None:
    """A kit the workshop does not use is not a theme of its session."""
    other = KitPageFactory(title="Réserver un document")
    with pytest.raises(CountsRefused):
        public_counts_record(
            session=public_session, counts={(other.pk, "adult", "partly"): 1}, recorded_by=trainer
        )


def test_staff_sessions_take_names_not_counts(trainer) -> None:
    """A staff session refuses counts."""
    session = session_now(workshop=WorkshopFactory(trainers=[trainer]))
    with pytest.raises(CountsRefused):
        public_counts_record(session=session, counts={}, recorded_by=trainer)


def test_only_trainers_record_counts(public_session) -> None:
    """Someone who does not run the session cannot record its counts."""
    with pytest.raises(CountsRefused):
        public_counts_record(
            session=public_session,
            counts={(None, "adult", "partly"): 1},
            recorded_by=trainer_make(),
        )


def test_dashboard_selector_totals_by_theme_age_autonomy_library_commune(trainer, kits) -> None:
    """`public_workshop_counts` adds up sessions by theme, age band, autonomy, library, commune."""
    commune = CommuneFactory(insee_code="99777")
    libraries = [LibraryFactory(commune=commune), LibraryFactory()]
    workshop = WorkshopFactory(audience=PUBLIC, trainers=[trainer], kits=kits)
    sessions = [session_now(workshop=workshop, library=library) for library in libraries]
    public_counts_record(
        session=sessions[0],
        counts={(kits[0].pk, "senior", "accompanied"): 4, (None, "adult", "partly"): 1},
        recorded_by=trainer,
    )
    public_counts_record(
        session=sessions[1],
        counts={(kits[0].pk, "senior", "autonomous"): 2, (kits[1].pk, "child", "partly"): 3},
        recorded_by=trainer,
    )
    cancelled = session_now(workshop=workshop, library=libraries[0])
    public_counts_record(
        session=cancelled, counts={(None, "adult", "partly"): 50}, recorded_by=trainer
    )
    Session.objects.filter(pk=cancelled.pk).update(status=Session.Status.CANCELLED)
    totals = public_workshop_counts()
    assert totals.sessions == 2
    assert totals.participants == 10
    assert totals.by_theme == {
        "Lire la presse en ligne": 6,
        "Emprunter un livre numérique": 3,
        "": 1,
    }
    assert totals.by_age_band == {"senior": 6, "adult": 1, "child": 3}
    assert totals.by_autonomy == {"accompanied": 4, "partly": 4, "autonomous": 2}
    assert totals.by_library == {libraries[0].pk: 5, libraries[1].pk: 5}
    assert totals.by_commune["99777"] == 5
    only_first = public_workshop_counts(
        libraries=libraries[0].__class__.objects.filter(pk=libraries[0].pk)
    )
    assert only_first.participants == 5
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert public_workshop_counts(since=tomorrow).participants == 0
    assert public_workshop_counts(until=date(2000, 1, 1)).sessions == 0


def test_staff_attendance_counts_for_dashboards(trainer) -> None:
    """`staff_attendance_counts` counts past staff sessions and people present, per library."""
    start = timezone.now() - timedelta(days=2)
    session = SessionFactory(
        workshop=WorkshopFactory(trainers=[trainer]), slots=[(start, start + timedelta(hours=2))]
    )
    for attendance in ("present", "present", "absent"):
        registration = RegistrationFactory(session=session)
        attendance_mark(registration=registration, attendance=attendance, recorded_by=trainer)
    counts = staff_attendance_counts()
    assert (counts.sessions, counts.present) == (1, 2)
    assert counts.by_library == {session.library_id: 2}
