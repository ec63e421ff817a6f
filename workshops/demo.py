"""Demo data for workshops: French workshops in the demo libraries, past and coming sessions.

Past sessions carry attendance (staff) or counts (public) so that the dashboards have
something to show; the demo agent holds a place at one coming session; the demo trainer
runs every workshop. Idempotent: each demo session is found again by its workshop and
library, and moved to the same dates relative to today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from accounts.demo import DemoLog
from mediation_kits.models import KitPage
from organizations.models import Library, Membership
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
from workshops.selectors import kits_of
from workshops.services import (
    attendance_mark,
    cycle_certificates_issue,
    public_counts_record,
    slot_attendance_mark,
    workshop_alignments_sync,
)

TRAINER_EMAIL = "formatrice@demo.example.org"
AGENT_EMAIL = "agent@demo.example.org"
STAFF, PUBLIC = Workshop.Audience.STAFF, Workshop.Audience.PUBLIC


@dataclass(frozen=True)
class DemoWorkshop:
    """A demo workshop: its text, audience, competences (DigComp code, level), kit words."""

    title: str
    description: str
    audience: str
    duration_minutes: int
    competences: tuple[tuple[str, int], ...] = ()
    kit_words: tuple[str, ...] = ()


WORKSHOPS = [
    DemoWorkshop(
        "Découvrir la presse en ligne",
        "Prendre en main les kiosques de presse numérique de la BNM : rechercher un titre, "
        "lire un numéro sur ordinateur et sur tablette, télécharger pour lire hors ligne, "
        "et savoir présenter le service à un usager.",
        STAFF,
        180,
        (("1.1", 3), ("1.2", 3)),
        ("presse",),
    ),
    DemoWorkshop(
        "Accompagner un usager sur liseuse",
        "Préparer une liseuse, emprunter un livre numérique, le transférer et le rendre ; "
        "mises en situation d’accompagnement d’un usager débutant, pas à pas.",
        STAFF,
        180,
        (("1.1", 2), ("5.2", 3), ("5.3", 3)),
        ("liseuse", "livre numérique", "livres numériques"),
    ),
    DemoWorkshop(
        "Protéger ses données personnelles au guichet",
        "Mots de passe, hameçonnage, données des usagers : les bons réflexes à la banque de "
        "prêt et sur les postes publics.",
        STAFF,
        120,
        (("4.2", 3), ("4.1", 2)),
    ),
    DemoWorkshop(
        "Lire la presse sur tablette (atelier public)",
        "Atelier ouvert à tous : découvrir les journaux et magazines en ligne de la "
        "bibliothèque sur une tablette prêtée pour l’occasion.",
        PUBLIC,
        90,
        (),
        ("presse",),
    ),
    DemoWorkshop(
        "Premiers pas avec une liseuse (atelier public)",
        "Atelier ouvert à tous : tenir une liseuse en main, emprunter son premier livre "
        "numérique et régler la taille du texte.",
        PUBLIC,
        90,
        (),
        ("liseuse", "livre numérique", "livres numériques"),
    ),
]

# (workshop title, library, days from today, start hour, length in hours, capacity)
SESSIONS = [
    ("Découvrir la presse en ligne", "Médiathèque Jean Lévy", -40, 9, 3, 12),
    ("Découvrir la presse en ligne", "Médiathèque La Grand-Plage", 12, 9, 3, 10),
    ("Accompagner un usager sur liseuse", "Médiathèque Jean Lévy", 9, 14, 3, 8),
    ("Accompagner un usager sur liseuse", "Médiathèque André Malraux", -20, 14, 3, 8),
    ("Protéger ses données personnelles au guichet", "Médiathèque de Lille-Sud", 19, 10, 2, 15),
    ("Protéger ses données personnelles au guichet", "Médiathèque de Wazemmes", -9, 10, 2, 15),
    ("Lire la presse sur tablette (atelier public)", "Médiathèque Jean Lévy", -30, 15, 1.5, 10),
    ("Lire la presse sur tablette (atelier public)", "Médiathèque de Croix", -12, 10, 1.5, 10),
    ("Lire la presse sur tablette (atelier public)", "Médiathèque de Seclin", 16, 15, 1.5, 10),
    (
        "Premiers pas avec une liseuse (atelier public)",
        "Médiathèque La Grand-Plage",
        -25,
        14,
        1.5,
        8,
    ),
    (
        "Premiers pas avec une liseuse (atelier public)",
        "Médiathèque Till l'Espiègle",
        -5,
        14,
        1.5,
        8,
    ),
    ("Premiers pas avec une liseuse (atelier public)", "Médiathèque de Loos", 23, 10, 1.5, 8),
]

# Sessions of two half-days: the afternoon slot (start hour, length in hours).
TWO_HALF_DAYS = {
    ("Protéger ses données personnelles au guichet", "Médiathèque de Wazemmes"): (14, 3),
    ("Protéger ses données personnelles au guichet", "Médiathèque de Lille-Sud"): (14, 3),
}

# Agents of other libraries who attended past sessions (no password: they cannot log in).
DEMO_ATTENDEES = [
    ("amandine.lefebvre@demo.example.org", "Amandine", "Lefebvre", "Médiathèque Jean Lévy"),
    ("mehdi.benali@demo.example.org", "Mehdi", "Benali", "Médiathèque La Grand-Plage"),
    ("lucie.vandamme@demo.example.org", "Lucie", "Vandamme", "Médiathèque André Malraux"),
    ("thomas.dubois@demo.example.org", "Thomas", "Dubois", "Médiathèque de Wazemmes"),
    ("ines.martin@demo.example.org", "Inès", "Martin", "Médiathèque de Lille-Sud"),
    ("pierre.deconinck@demo.example.org", "Pierre", "Deconinck", "Médiathèque de Croix"),
]

# Public counts of past public sessions: (age band, autonomy, count) per session.
PUBLIC_COUNTS = [
    ("senior", "accompanied", 4),
    ("senior", "partly", 2),
    ("adult", "partly", 3),
    ("adult", "autonomous", 1),
    ("teen", "autonomous", 1),
]


def _kits_for(words: tuple[str, ...]) -> list[KitPage]:
    """The live kits whose title mentions one of the words."""
    kits = []
    for kit in KitPage.objects.live().order_by("title"):
        title = kit.title.casefold()
        if any(word in title for word in words):
            kits.append(kit)
    return kits


def _workshop_ensure(demo: DemoWorkshop, trainer: AbstractBaseUser) -> Workshop:
    """Create or refresh one demo workshop, its trainer, kits and competences."""
    workshop, _created = Workshop.objects.update_or_create(
        title=demo.title,
        defaults={
            "description": demo.description,
            "audience": demo.audience,
            "duration_minutes": demo.duration_minutes,
            "is_active": True,
        },
    )
    workshop.trainers.set([trainer])
    workshop.kits.set(_kits_for(demo.kit_words) if demo.kit_words else [])
    workshop.save()
    competences = {
        c.code: c
        for c in Competence.objects.filter(framework__code="digcomp", framework__is_current=True)
    }
    WorkshopCompetence.objects.filter(workshop=workshop).delete()
    for order, (code, level) in enumerate(demo.competences):
        if code in competences:
            WorkshopCompetence.objects.create(
                workshop=workshop, competence=competences[code], level=level, sort_order=order
            )
    workshop_alignments_sync(workshop=workshop)
    return workshop


def _session_ensure(
    workshop: Workshop,
    library: Library,
    *,
    days: int,
    hour: float,
    hours: float,
    capacity: int,
    afternoon: tuple[float, float] | None = None,
) -> Session:
    """Create or move one demo session (and its slots) to its date relative to today."""
    day = timezone.localdate() + timedelta(days=days)

    def moment(at: float) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(int(at), int(at % 1 * 60))))

    bounds = [(moment(hour), moment(hour) + timedelta(hours=hours))]
    if afternoon is not None:
        bounds.append((moment(afternoon[0]), moment(afternoon[0]) + timedelta(hours=afternoon[1])))
    starts_at = bounds[0][0]
    session = Session.objects.filter(workshop=workshop, library=library).first()
    if session is None:
        session = Session(workshop=workshop, library=library)
    session.capacity = capacity
    session.room = "Salle d’animation"
    session.registration_closes_at = starts_at - timedelta(days=1)
    session.cancellation_closes_at = starts_at - timedelta(days=2)
    session.status = Session.Status.PLANNED if days >= 0 else Session.Status.COMPLETED
    session.save()
    # Slots are moved in place, not replaced, so the attendance taken per slot stays.
    slots = list(TimeSlot.objects.filter(session=session).order_by("starts_at", "pk"))
    for index, (slot_start, slot_end) in enumerate(bounds):
        if index < len(slots):
            slots[index].starts_at, slots[index].ends_at = slot_start, slot_end
            slots[index].save(update_fields=["starts_at", "ends_at"])
        else:
            TimeSlot.objects.create(session=session, starts_at=slot_start, ends_at=slot_end)
    TimeSlot.objects.filter(pk__in=[slot.pk for slot in slots[len(bounds) :]]).delete()
    session.save()
    return session


def _attendees() -> list[AbstractBaseUser]:
    """The demo agents who attended past sessions."""
    user_model = get_user_model()
    people = []
    for email, first_name, last_name, library_name in DEMO_ATTENDEES:
        person = user_model.objects.filter(email=email).first()
        if person is None:
            person = user_model.objects.create_user(email, None)
        person.first_name, person.last_name = first_name, last_name
        person.save(update_fields=["first_name", "last_name"])
        Membership.objects.get_or_create(
            user=person,
            role=Membership.Role.AGENT,
            library=Library.objects.get(name=library_name),
            commune=None,
        )
        people.append(person)
    return people


def _past_staff_attendance(
    session: Session, people: list[AbstractBaseUser], trainer: AbstractBaseUser
) -> int:
    """Registrations with attendance for a past staff session (most present, one excused;
    in a session of two half-days, one person missed the afternoon)."""
    marked = 0
    slots = list(session.slots.all())
    for index, person in enumerate(people):
        registration, _created = Registration.objects.get_or_create(
            session=session,
            person=person,
            defaults={
                "status": Registration.Status.CONFIRMED,
                "queued_at": session.starts_at - timedelta(days=10),
                "confirmed_at": session.starts_at - timedelta(days=10),
                "registered_by": person,
            },
        )
        registration.session = session
        wanted = Registration.Attendance.EXCUSED if index == len(people) - 1 else "present"
        if len(slots) > 1:
            marks = {slot.pk: wanted for slot in slots}
            if index == 0:
                marks[slots[-1].pk] = Registration.Attendance.ABSENT
            slot_attendance_mark(registration=registration, marks=marks, recorded_by=trainer)
        else:
            attendance_mark(registration=registration, attendance=wanted, recorded_by=trainer)
        marked += 1
    return marked


def seed(log: DemoLog) -> None:
    """Create the demo workshops, sessions, registrations, attendance and counts."""
    user_model = get_user_model()
    trainer = user_model.objects.get(email=TRAINER_EMAIL)
    agent = user_model.objects.get(email=AGENT_EMAIL)
    workshops = {demo.title: _workshop_ensure(demo, trainer) for demo in WORKSHOPS}
    log(f"{len(workshops)} workshops (trainer: {TRAINER_EMAIL})")
    attendees = _attendees()
    sessions = []
    for title, library_name, days, hour, hours, capacity in SESSIONS:
        library = Library.objects.get(name=library_name)
        session = _session_ensure(
            workshops[title],
            library,
            days=days,
            hour=hour,
            hours=hours,
            capacity=capacity,
            afternoon=TWO_HALF_DAYS.get((title, library_name)),
        )
        sessions.append((session, days))
    cycle, _created = Cycle.objects.update_or_create(
        title="Cycle « Médiation numérique en bibliothèque »",
        defaults={
            "description": "Deux ateliers pour accompagner les usagers vers la presse en "
            "ligne et le livre numérique. Les deux séances suivies donnent une attestation.",
            "required_sessions": 2,
        },
    )
    cycle.sessions.set(
        [
            session
            for session, _days in sessions
            if session.workshop.title
            in {"Découvrir la presse en ligne", "Accompagner un usager sur liseuse"}
            and session.library.name in {"Médiathèque Jean Lévy", "Médiathèque André Malraux"}
        ]
    )
    cycle.save()
    present = 0
    for session, days in sessions:
        if days >= 0:
            continue
        if session.is_public:
            kits = list(kits_of(session.workshop))
            theme = kits[0].pk if kits else None
            counts = {(theme, band, autonomy): n for band, autonomy, n in PUBLIC_COUNTS}
            if session.library.name != "Médiathèque Jean Lévy":
                counts[(None, PublicAttendanceCount.AgeBand.ADULT, "accompanied")] = 2
            public_counts_record(session=session, counts=counts, recorded_by=trainer)
        else:
            people = [agent, *attendees] if "presse" in session.workshop.title else attendees
            present += _past_staff_attendance(session, people, trainer)
    log(f"{len(sessions)} sessions, {present} attendance marks on past staff sessions")
    upcoming = next(
        session
        for session, days in sessions
        if days >= 0 and session.workshop.title == "Accompagner un usager sur liseuse"
    )
    Registration.objects.get_or_create(
        session=upcoming,
        person=agent,
        defaults={
            "status": Registration.Status.CONFIRMED,
            "queued_at": timezone.now(),
            "confirmed_at": timezone.now(),
            "registered_by": agent,
        },
    )
    log(f"  {AGENT_EMAIL} is registered to “{upcoming.workshop.title}”")
    for registration in Registration.objects.filter(
        session__cycles=cycle, attendance=Registration.Attendance.PRESENT
    ).select_related("person", "session"):
        cycle_certificates_issue(person=registration.person, session=registration.session)
    log(f"  cycle “{cycle.title}” ({cycle.sessions.count()} sessions)")
