"""Models of workshops: the offer (workshops, cycles) and the domain state (sessions,
registrations and attendance, public counts, calendar feeds).

Why plain models and not Wagtail pages for the offer: a workshop is a structured record
(audience, duration, trainers, kits, competences) that people never browse as a tree;
it is listed and filtered through its sessions in the agenda, which is a Django view.
Editors manage workshops, sessions and cycles as snippets in the Wagtail admin
(`wagtail_hooks.py`): they get the same admin, search and history without a page tree
to maintain. Sessions, registrations, attendance and counts are domain state, which
always lives in plain models (see STYLE.md); the kits a workshop uses are Wagtail pages
(`mediation_kits.KitPage`) referenced from here.
"""

from workshops.models.digests import TrainerDigest
from workshops.models.feeds import CalendarFeed
from workshops.models.offer import Cycle, Workshop, WorkshopCompetence
from workshops.models.public import PublicAttendanceCount
from workshops.models.registrations import CompetenceValidation, Registration, SlotAttendance
from workshops.models.sessions import Session, TimeSlot

__all__ = [
    "CalendarFeed",
    "CompetenceValidation",
    "Cycle",
    "PublicAttendanceCount",
    "Registration",
    "Session",
    "SlotAttendance",
    "TimeSlot",
    "TrainerDigest",
    "Workshop",
    "WorkshopCompetence",
]
