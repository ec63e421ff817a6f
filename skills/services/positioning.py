"""Writes of self-positioning: one take of the questionnaire, recorded as xAPI statements."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrs.models import Statement
from lrs.services import statement_record
from skills.models import Competence, Framework
from skills.positioning import CHOICES, choice_level
from skills.selectors import framework_max_levels
from skills.statements import self_positioning_statement

VALID_CHOICES = {choice for choice, _label in CHOICES}


@dataclass(frozen=True)
class PositioningTake:
    """One take of the questionnaire: its registration id and the statements recorded."""

    take: uuid.UUID
    framework: Framework
    statements: tuple[Statement, ...]


@transaction.atomic
def positioning_record(
    *,
    user: AbstractBaseUser,
    framework: Framework,
    answers: Mapping[Competence, int],
    taken_at: datetime | None = None,
) -> PositioningTake:
    """Record a take: one `self-assessed` statement per answered competence (declared)."""
    if not answers:
        raise ValidationError(_("Answer at least one question."))
    top = framework_max_levels([framework.pk]).get(framework.pk, 0)
    for competence, choice in answers.items():
        if competence.framework_id != framework.pk:
            raise ValidationError(
                _("The competence %(code)s is not part of %(framework)s.")
                % {"code": competence.code, "framework": framework.label}
            )
        if choice not in VALID_CHOICES:
            raise ValidationError(_("Pick one of the proposed answers."))
    take = uuid.uuid4()
    taken_at = taken_at or timezone.now()
    rows = []
    for competence, choice in sorted(answers.items(), key=lambda item: item[0].sort_order):
        competence.framework = framework
        statement = self_positioning_statement(
            user=user,
            competence=competence,
            level=choice_level(choice, top),
            take=take,
            taken_at=taken_at,
        )
        rows.append(statement_record(statement))
    return PositioningTake(take=take, framework=framework, statements=tuple(rows))
