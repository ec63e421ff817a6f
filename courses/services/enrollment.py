"""Enrollment in training paths: by the learner, or assigned by someone in charge."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.activities import path_activity
from courses.models import Enrollment, TrainingPathPage
from courses.selectors.assignment import (
    assignable_libraries,
    assignable_people,
    can_assign_paths,
    library_members,
)
from courses.selectors.progress import missing_prerequisites
from courses.services.completion import path_completion_check
from lrs.builders import platform_statement
from lrs.services import statement_record
from lrs.vocabulary import Verb
from organizations.models import Library


class PrerequisitesMissing(ValidationError):
    """Enrolling needs other paths finished first; `missing` lists them, in order."""

    def __init__(self, missing: Sequence[TrainingPathPage]) -> None:
        self.missing = list(missing)
        titles = ", ".join(f"« {path.title} »" for path in self.missing)
        super().__init__(
            ngettext(
                "Finish the path %(titles)s before enrolling in this one.",
                "Finish the paths %(titles)s before enrolling in this one.",
                len(self.missing),
            )
            % {"titles": titles},
            code="prerequisites_missing",
        )


@dataclass(frozen=True)
class AssignmentResult:
    """What an assignment did, person by person."""

    enrolled: list[AbstractBaseUser] = field(default_factory=list)
    already: list[AbstractBaseUser] = field(default_factory=list)
    refused: list[tuple[AbstractBaseUser, list[TrainingPathPage]]] = field(default_factory=list)


@transaction.atomic
def enrollment_create(
    *,
    user: AbstractBaseUser,
    path: TrainingPathPage,
    assigned_by: AbstractBaseUser | None = None,
    library: Library | None = None,
    due_on: datetime.date | None = None,
) -> Enrollment:
    """Enroll a learner in a path (idempotent); refuse when a prerequisite is unfinished.

    Enrolling twice returns the existing enrollment; an assignment to someone already
    enrolled records who assigned it and the due date, unless the path is finished.
    """
    existing = Enrollment.objects.select_for_update().filter(user=user, path=path).first()
    if existing is not None:
        if assigned_by is not None and not existing.is_completed:
            _assignment_update(existing, assigned_by=assigned_by, library=library, due_on=due_on)
        return existing
    if not path.live:
        raise ValidationError(_("This training path is not published."), code="not_live")
    missing = missing_prerequisites(user, path)
    if missing:
        raise PrerequisitesMissing(missing)
    now = timezone.now()
    enrollment = Enrollment(
        user=user,
        path=path,
        enrolled_at=now,
        assigned_by=assigned_by,
        assigned_at=now if assigned_by is not None else None,
        library=library,
        due_on=due_on,
    )
    enrollment.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError:  # a concurrent request enrolled the same person first
        return Enrollment.objects.get(user=user, path=path)
    statement_record(
        platform_statement(
            user=user,
            verb=Verb.REGISTERED,
            object_=path_activity(path),
            registration=enrollment.registration,
            instructor=assigned_by,
        )
    )
    # Lessons done before enrolling (e.g. read while browsing) count at once.
    return path_completion_check(enrollment=enrollment)


def _assignment_update(
    enrollment: Enrollment,
    *,
    assigned_by: AbstractBaseUser,
    library: Library | None,
    due_on: datetime.date | None,
) -> None:
    """Record an assignment on an existing enrollment."""
    enrollment.assigned_by = assigned_by
    enrollment.assigned_at = timezone.now()
    enrollment.library = library or enrollment.library
    enrollment.due_on = due_on or enrollment.due_on
    enrollment.full_clean(validate_unique=False)
    enrollment.save(update_fields=["assigned_by", "assigned_at", "library", "due_on"])


@transaction.atomic
def path_assign(
    *,
    assigned_by: AbstractBaseUser,
    path: TrainingPathPage,
    people: Sequence[AbstractBaseUser] = (),
    library: Library | None = None,
    due_on: datetime.date | None = None,
) -> AssignmentResult:
    """Assign a path to people in one's scope and/or to every member of a library.

    Refuses the whole assignment when someone or the library is outside the assigner's
    scope; people missing a prerequisite are reported, not enrolled.
    """
    if not can_assign_paths(assigned_by):
        raise PermissionDenied(
            _(
                "Only trainers, library heads, commune coordinators and the network team "
                "can assign training paths."
            )
        )
    if not people and library is None:
        raise ValidationError(_("Choose at least one person or a library."), code="empty")
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError(_("The due date cannot be in the past."), code="past_due_date")
    allowed_ids = set(assignable_people(assigned_by).values_list("pk", flat=True))
    outside = [person for person in people if person.pk not in allowed_ids]
    if outside:
        names = ", ".join(str(person) for person in outside)
        raise PermissionDenied(
            _("You cannot assign a path to people outside your scope: %(names)s.")
            % {"names": names}
        )
    if library is not None and not assignable_libraries(assigned_by).filter(pk=library.pk).exists():
        raise PermissionDenied(
            _("You cannot assign a path to the library %(library)s: it is outside your scope.")
            % {"library": library}
        )
    targets = {person.pk: person for person in people}
    chosen = set(targets)
    if library is not None:
        for member in library_members(library).exclude(pk=assigned_by.pk):
            targets.setdefault(member.pk, member)
    result = AssignmentResult()
    for person in targets.values():
        was_enrolled = Enrollment.objects.filter(user=person, path=path).exists()
        try:
            with transaction.atomic():
                enrollment_create(
                    user=person,
                    path=path,
                    assigned_by=assigned_by,
                    library=None if person.pk in chosen else library,
                    due_on=due_on,
                )
        except PrerequisitesMissing as refusal:
            result.refused.append((person, refusal.missing))
            continue
        (result.already if was_enrolled else result.enrolled).append(person)
    return result
