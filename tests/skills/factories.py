"""Factories and helpers for skills: frameworks, competences, statements that prove them."""

from __future__ import annotations

import uuid
from datetime import datetime

import factory

from lrs.builders import activity, activity_iri, platform_statement
from lrs.models import Statement
from lrs.services import statement_record
from lrs.vocabulary import ActivityType, Extension, Verb
from skills.models import Competence, Framework, Level
from skills.selectors import framework_current


class FrameworkFactory(factory.django.DjangoModelFactory):
    """One of our own frameworks (the migration loads DigComp 2.2 and the CRCN)."""

    class Meta:
        model = Framework

    code = factory.Sequence(lambda n: f"cadre-{n}")
    version = "1.0"
    title = factory.Sequence(lambda n: f"Cadre maison {n}")


class LevelFactory(factory.django.DjangoModelFactory):
    """A level of a framework."""

    class Meta:
        model = Level

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: n % 8 + 1)
    band = "Niveau"


class CompetenceFactory(factory.django.DjangoModelFactory):
    """A competence of a framework."""

    class Meta:
        model = Competence

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    title = factory.Sequence(lambda n: f"Compétence {n}")
    area_code = "1"
    area_title = "Domaine 1"


def digcomp(code: str) -> Competence:
    """A DigComp 2.2 competence, by code."""
    return framework_current("digcomp").competences.get(code=code)


def crcn(code: str) -> Competence:
    """A CRCN competence, by code."""
    return framework_current("crcn").competences.get(code=code)


def exercise_iri(slug: str = "exercice") -> str:
    """The IRI of a test activity."""
    return activity_iri("test", slug)


def record(
    user,
    *,
    iri: str,
    verb: str = Verb.PASSED,
    result: dict | None = None,
    provenance: str | None = None,
    timestamp: datetime | None = None,
    statement_id: uuid.UUID | None = None,
) -> Statement:
    """Store one platform statement about a user and an activity (the real LRS path)."""
    extensions = {Extension.PROVENANCE: provenance} if provenance else None
    return statement_record(
        platform_statement(
            user=user,
            verb=verb,
            object_=activity(iri, activity_type=ActivityType.ASSESSMENT, name="Activité de test"),
            result=result,
            extensions=extensions,
            timestamp=timestamp,
            statement_id=statement_id,
        )
    )
