"""Helpers for dashboards tests: a small network, and statements recorded the real way."""

from __future__ import annotations

import uuid
from datetime import datetime

from lrs.builders import activity, activity_iri, platform_statement
from lrs.models import Statement
from lrs.services import statement_record
from lrs.vocabulary import ActivityType, Extension, Verb
from organizations.models import Library, Membership
from skills.models import Competence
from skills.selectors import competence_iri, framework_current
from tests.accounts.factories import UserFactory

VERB_OF = {
    "online": Verb.PASSED,
    "in_person": Verb.MASTERED,
    "declared": Verb.SELF_ASSESSED,
    "certified": Verb.CERTIFIED,
}


def digcomp(code: str) -> Competence:
    """A DigComp 2.2 competence, by code."""
    return framework_current("digcomp").competences.get(code=code)


def agent_at(library: Library, **fields):
    """A new agent of a library."""
    user = UserFactory(**fields)
    Membership.objects.create(user=user, role=Membership.Role.AGENT, library=library)
    return user


def evidence_record(
    user, competence: Competence, *, level: int, provenance: str = "online", when: datetime
) -> Statement:
    """Store a statement proving a level on a competence (the platform path, trusted)."""
    return statement_record(
        platform_statement(
            user=user,
            verb=VERB_OF[provenance],
            object_=activity(
                competence_iri(competence),
                activity_type=ActivityType.COMPETENCY,
                name=competence.title,
            ),
            result={"success": True, "extensions": {Extension.LEVEL: level}},
            extensions={Extension.PROVENANCE: provenance},
            timestamp=when,
        )
    )


def completion_record(user, *, when: datetime, path: int = 1) -> Statement:
    """Store a path completion (`completed` about a course activity)."""
    return statement_record(
        platform_statement(
            user=user,
            verb=Verb.COMPLETED,
            object_=activity(
                activity_iri("path", path), activity_type=ActivityType.COURSE, name="Parcours"
            ),
            result={"completion": True},
            timestamp=when,
        )
    )


def lesson_completion_record(user, *, when: datetime) -> Statement:
    """Store a lesson completion (not a path: the dashboards do not count it)."""
    return statement_record(
        platform_statement(
            user=user,
            verb=Verb.COMPLETED,
            object_=activity(
                activity_iri("lesson", 1), activity_type=ActivityType.LESSON, name="Leçon"
            ),
            result={"completion": True},
            timestamp=when,
        )
    )


def attendance_record(user, *, when: datetime, workshop: int = 1) -> Statement:
    """Store an attendance at a workshop (`attended`)."""
    return statement_record(
        platform_statement(
            user=user,
            verb=Verb.ATTENDED,
            object_=activity(
                activity_iri("workshop", workshop),
                activity_type=ActivityType.MEETING,
                name="Atelier",
            ),
            result={"completion": True},
            extensions={Extension.PROVENANCE: "in_person"},
            timestamp=when,
        )
    )


def statement_void(statement: Statement, *, by) -> Statement:
    """Void a stored statement."""
    return statement_record(
        platform_statement(
            user=by,
            verb=Verb.VOIDED,
            object_={"objectType": "StatementRef", "id": str(statement.statement_id)},
            statement_id=uuid.uuid4(),
        )
    )
