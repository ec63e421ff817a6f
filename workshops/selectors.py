"""Reads of workshops: the agenda, a person's and a trainer's sessions, feeds, counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from mediation_kits.models import KitPage
from organizations.models import Commune, Library
from skills.models import Competence
from workshops.models import (
    Cycle,
    PublicAttendanceCount,
    Registration,
    Session,
    TimeSlot,
    Workshop,
    WorkshopCompetence,
)

Status = Registration.Status
# How far back private feeds go, so that calendars keep recent history.
FEED_HISTORY = timedelta(days=90)


def _with_details(queryset: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with what pages show: workshop, place, slots, and places taken."""
    return (
        queryset.select_related("workshop", "library__commune")
        .prefetch_related(Prefetch("slots", queryset=TimeSlot.objects.order_by("starts_at")))
        .annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status="confirmed")),
            waitlisted_count=Count("registrations", filter=Q(registrations__status="waitlisted")),
        )
    )


def agenda_sessions(
    *,
    commune: Commune | None = None,
    library: Library | None = None,
    audience: str = "",
    competence: Competence | None = None,
    now: datetime | None = None,
) -> QuerySet[Session]:
    """Planned sessions not yet over, soonest first, optionally filtered."""
    now = now or timezone.now()
    queryset = Session.objects.filter(
        status=Session.Status.PLANNED, ends_at__gte=now, workshop__is_active=True
    )
    if commune is not None:
        queryset = queryset.filter(library__commune=commune)
    if library is not None:
        queryset = queryset.filter(library=library)
    if audience:
        queryset = queryset.filter(workshop__audience=audience)
    if competence is not None:
        queryset = queryset.filter(workshop__competence_links__competence=competence)
    return _with_details(queryset.distinct()).order_by("starts_at", "pk")


@dataclass(frozen=True)
class AgendaChoices:
    """What the agenda's filters offer: only places and competences with sessions."""

    communes: list[Commune]
    libraries: list[Library]
    competences: list[Competence]


def agenda_choices(*, now: datetime | None = None) -> AgendaChoices:
    """The communes, libraries and competences of upcoming sessions."""
    upcoming = Session.objects.filter(
        status=Session.Status.PLANNED, ends_at__gte=now or timezone.now()
    )
    library_ids = upcoming.values("library_id")
    workshop_ids = upcoming.values("workshop_id")
    return AgendaChoices(
        communes=list(Commune.objects.filter(libraries__in=library_ids).distinct()),
        libraries=list(Library.objects.filter(pk__in=library_ids).select_related("commune")),
        competences=list(
            Competence.objects.filter(
                pk__in=WorkshopCompetence.objects.filter(workshop_id__in=workshop_ids).values(
                    "competence_id"
                )
            ).select_related("framework")
        ),
    )


def session_detail(pk: int) -> Session:
    """One session with its details (raises Session.DoesNotExist)."""
    return _with_details(Session.objects.filter(pk=pk)).get()


def places_left(session: Session) -> int:
    """Free places (never negative; walk-ins may overfill a session)."""
    confirmed = getattr(session, "confirmed_count", None)
    if confirmed is None:
        confirmed = session.registrations.filter(status=Status.CONFIRMED).count()
    return max(session.capacity - confirmed, 0)


def registration_of(person: AbstractBaseUser, session: Session) -> Registration | None:
    """A person's registration to a session, if any."""
    if not person.is_authenticated:
        return None
    return Registration.objects.filter(session=session, person=person).first()


def waitlist_position(registration: Registration) -> int:
    """1 for the first person waiting, and so on (0 when not waiting)."""
    if registration.status != Status.WAITLISTED:
        return 0
    ahead = Registration.objects.filter(
        session_id=registration.session_id, status=Status.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def session_registrations(session: Session) -> list[Registration]:
    """Everyone holding or awaiting a place, by name (the roll call, the sign-in sheet)."""
    return list(
        Registration.objects.filter(
            session=session, status__in=[Status.CONFIRMED, Status.WAITLISTED]
        )
        .select_related("person")
        .prefetch_related("validations__competence", "slot_marks")
        .order_by("status", "person__last_name", "person__first_name", "person__email")
    )


def current_slot(session: Session, *, now: datetime | None = None) -> TimeSlot | None:
    """The slot attendance goes to now (going on, or nearest); None unless several slots."""
    now = now or timezone.now()

    def distance(slot: TimeSlot) -> float:
        if slot.starts_at <= now <= slot.ends_at:
            return 0.0
        return min(
            abs((slot.starts_at - now).total_seconds()), abs((now - slot.ends_at).total_seconds())
        )

    slots = list(session.slots.all())
    if len(slots) < 2:  # one slot: attendance is taken for the session as a whole
        return None
    return min(slots, key=lambda slot: (distance(slot), slot.starts_at))


def checked_in(session: Session, *, now: datetime | None = None) -> list[Registration]:
    """People marked present, in the order they arrived (the live check-in list)."""
    # For a session of several time slots: the people present at the current slot, so the
    # afternoon's list starts empty after the morning.
    slot = current_slot(session, now=now)
    if slot is not None:
        return list(
            Registration.objects.filter(
                slot_marks__slot=slot, slot_marks__attendance=Registration.Attendance.PRESENT
            )
            .select_related("person")
            .order_by("slot_marks__recorded_at", "pk")
        )
    return list(
        Registration.objects.filter(session=session, attendance=Registration.Attendance.PRESENT)
        .select_related("person")
        .order_by("attendance_recorded_at", "pk")
    )


def upcoming_registrations_for(
    person: AbstractBaseUser, *, now: datetime | None = None
) -> list[Registration]:
    """A person's confirmed and waitlisted places at sessions not yet over."""
    return list(
        Registration.objects.filter(
            person=person,
            status__in=[Status.CONFIRMED, Status.WAITLISTED],
            session__status=Session.Status.PLANNED,
            session__ends_at__gte=now or timezone.now(),
        )
        .select_related("session__workshop", "session__library__commune")
        .order_by("session__starts_at")
    )


def trainers_of(workshop: Workshop) -> QuerySet:
    """The people training a workshop, read from the database (by name)."""
    return (
        get_user_model()
        .objects.filter(trained_workshops=workshop.pk)
        .order_by("last_name", "first_name", "pk")
    )


def kits_of(workshop: Workshop) -> QuerySet[KitPage]:
    """The live mediation kits a workshop uses, by title (read from the database)."""
    return KitPage.objects.live().filter(workshops=workshop.pk).order_by("title")


def sessions_trained_by(user: AbstractBaseUser) -> QuerySet[Session]:
    """Every session of the workshops a person trains."""
    return Session.objects.filter(workshop__trainers=user)


def trainer_sessions(
    user: AbstractBaseUser, *, now: datetime | None = None, past_days: int = 30
) -> tuple[list[Session], list[Session]]:
    """A trainer's upcoming sessions, and those of the last days (for the roll call)."""
    now = now or timezone.now()
    queryset = _with_details(sessions_trained_by(user))
    upcoming = list(queryset.filter(ends_at__gte=now).order_by("starts_at"))
    recent = list(
        queryset.filter(ends_at__lt=now, ends_at__gte=now - timedelta(days=past_days)).order_by(
            "-starts_at"
        )
    )
    return upcoming, recent


def trainer_registrant_ids(user: AbstractBaseUser) -> QuerySet:
    """The ids of the people holding or awaiting a place at, or attending, a trainer's sessions."""
    # A cancelled registration no longer puts the person in the trainer's scope.
    return Registration.objects.filter(
        Q(status__in=[Status.CONFIRMED, Status.WAITLISTED])
        | Q(attendance=Registration.Attendance.PRESENT),
        session__workshop__trainers=user,
    ).values("person_id")


def trainer_achievement_keys(user: AbstractBaseUser) -> list[str]:
    """The achievement keys of the cycles holding a session a trainer runs (certificates)."""
    cycles = Cycle.objects.filter(sessions__workshop__trainers=user).distinct()
    return [cycle.achievement_key for cycle in cycles]


def person_feed_sessions(person: AbstractBaseUser, *, now: datetime | None = None) -> list[Session]:
    """A person's calendar: sessions they hold or await a place at, and those they train."""
    since = (now or timezone.now()) - FEED_HISTORY
    registered = Registration.objects.filter(
        person=person, status__in=[Status.CONFIRMED, Status.WAITLISTED]
    ).values("session_id")
    queryset = Session.objects.filter(
        Q(pk__in=registered) | Q(workshop__trainers=person), ends_at__gte=since
    ).distinct()
    return list(_with_details(queryset).order_by("starts_at"))


def library_feed_sessions(library: Library, *, now: datetime | None = None) -> list[Session]:
    """A library's calendar: every session held there, recent and upcoming."""
    since = (now or timezone.now()) - FEED_HISTORY
    queryset = Session.objects.filter(library=library, ends_at__gte=since)
    return list(_with_details(queryset).order_by("starts_at"))


@dataclass(frozen=True)
class PublicWorkshopCounts:
    """Patrons at public mediation sessions: totals only, never a person.

    Each mapping gives a count of patrons; `by_theme` is keyed by kit title (the empty
    string for general help), `by_age_band` and `by_autonomy` by their codes,
    `by_library` by library id and `by_commune` by INSEE code.
    """

    sessions: int
    participants: int
    by_theme: dict[str, int]
    by_age_band: dict[str, int]
    by_autonomy: dict[str, int]
    by_library: dict[int, int]
    by_commune: dict[str, int]


def public_workshop_counts(
    *,
    libraries: QuerySet[Library] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> PublicWorkshopCounts:
    """Totals of the public mediation sessions held (optionally in some libraries and dates)."""
    sessions = Session.objects.filter(
        workshop__audience=Workshop.Audience.PUBLIC, status__in=["planned", "completed"]
    ).exclude(public_counts_recorded_at=None)
    if libraries is not None:
        sessions = sessions.filter(library__in=libraries)
    if since is not None:
        sessions = sessions.filter(starts_at__date__gte=since)
    if until is not None:
        sessions = sessions.filter(starts_at__date__lte=until)
    rows = PublicAttendanceCount.objects.filter(session__in=sessions)

    def total_by(field: str) -> dict:
        return {
            key if key is not None else "": value
            for key, value in rows.values_list(field).annotate(total=Sum("count")).order_by(field)
        }

    return PublicWorkshopCounts(
        sessions=sessions.count(),
        participants=rows.aggregate(total=Sum("count"))["total"] or 0,
        by_theme=total_by("kit__title"),
        by_age_band=total_by("age_band"),
        by_autonomy=total_by("autonomy"),
        by_library=total_by("session__library_id"),
        by_commune=total_by("session__library__commune__insee_code"),
    )


@dataclass(frozen=True)
class StaffAttendanceCounts:
    """Staff sessions held and people present, per library id."""

    sessions: int
    present: int
    by_library: dict[int, int]


def staff_attendance_counts(
    *, libraries: QuerySet[Library] | None = None, since: date | None = None
) -> StaffAttendanceCounts:
    """How many staff sessions took place and how many people attended them."""
    sessions = Session.objects.filter(
        workshop__audience=Workshop.Audience.STAFF, status__in=["planned", "completed"]
    ).filter(ends_at__lt=timezone.now())
    if libraries is not None:
        sessions = sessions.filter(library__in=libraries)
    if since is not None:
        sessions = sessions.filter(starts_at__date__gte=since)
    present = Registration.objects.filter(
        session__in=sessions, attendance=Registration.Attendance.PRESENT
    )
    by_library = dict(
        present.values_list("session__library_id").annotate(total=Count("pk")).order_by()
    )
    return StaffAttendanceCounts(
        sessions=sessions.count(), present=present.count(), by_library=by_library
    )
