"""The xAPI statements skills records itself: self-positioning and Pix results."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from lrs.builders import activity, activity_iri, platform_statement
from lrs.vocabulary import ActivityType, Extension, Verb
from skills.models import Competence, Framework, Provenance
from skills.selectors import competence_iri

# Statement ids of Pix results are derived from their content, so a re-import is a no-op.
PIX_NAMESPACE = uuid.UUID("6f1d1c38-5f7e-4b8e-9a55-2f6c0b7d9e41")


def _french(competence: Competence) -> str:
    """The French title of a competence (the platform's language)."""
    return (competence.translations.get("fr") or {}).get("title") or competence.title


def competence_activity(competence: Competence) -> dict[str, Any]:
    """The xAPI Activity standing for a competence."""
    return activity(
        competence_iri(competence),
        activity_type=ActivityType.COMPETENCY,
        name=f"{competence.framework.label} {competence.code} {_french(competence)}",
    )


def questionnaire_activity(framework: Framework) -> dict[str, Any]:
    """The self-positioning questionnaire of a framework, as the parent activity of a take."""
    return activity(
        activity_iri("self-positioning", f"{framework.code}/{framework.version}"),
        activity_type=ActivityType.ASSESSMENT,
        name=f"Auto-positionnement {framework.label}",
    )


def self_positioning_statement(
    *,
    user: AbstractBaseUser,
    competence: Competence,
    level: int,
    take: uuid.UUID,
    taken_at: datetime,
) -> dict[str, Any]:
    """A person declares their level on a competence (provenance: declared)."""
    return platform_statement(
        user=user,
        verb=Verb.SELF_ASSESSED,
        object_=competence_activity(competence),
        result={"completion": True, "extensions": {Extension.LEVEL: level}},
        registration=take,
        parents=[questionnaire_activity(competence.framework)],
        extensions={Extension.PROVENANCE: Provenance.DECLARED.value},
        timestamp=taken_at,
    )


def pix_statement(
    *,
    user: AbstractBaseUser,
    competence: Competence,
    level: int,
    sent_at: datetime,
    campaign_key: str,
    campaign_name: str,
    email: str,
) -> dict[str, Any]:
    """A Pix result imported for a person (provenance: certified), with a stable id."""
    key = "|".join(
        [
            "pix",
            campaign_key,
            email,
            competence_iri(competence),
            sent_at.date().isoformat(),
            str(level),
        ]
    )
    parents = None
    if campaign_key:
        parents = [
            activity(
                activity_iri("pix-campaign", campaign_key),
                activity_type=ActivityType.ASSESSMENT,
                name=campaign_name or f"Campagne Pix {campaign_key}",
            )
        ]
    return platform_statement(
        user=user,
        verb=Verb.CERTIFIED,
        object_=competence_activity(competence),
        result={"success": True, "extensions": {Extension.LEVEL: level}},
        parents=parents,
        extensions={Extension.PROVENANCE: Provenance.CERTIFIED.value},
        timestamp=sent_at,
        statement_id=uuid.uuid5(PIX_NAMESPACE, key),
    )
