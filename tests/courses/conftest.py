"""Fixtures of the courses tests: people, a path, H5P contents, statement helpers."""

from __future__ import annotations

import pytest

from courses.activities import h5p_iri
from courses.services import enrollment_create
from lrs.agents import agent_for
from lrs.builders import activity
from lrs.services import statements_store
from lrs.vocabulary import ActivityType, Verb
from skills.models import Competence
from skills.selectors import framework_current
from tests.accounts.factories import UserFactory
from tests.courses.factories import path_with_lessons
from tests.h5p.factories import import_package


@pytest.fixture
def learner():
    """A library agent."""
    return UserFactory(first_name="Julien", last_name="Agent")


@pytest.fixture
def path():
    """A published path: two modules of two lessons."""
    return path_with_lessons()


@pytest.fixture
def enrolled(learner, path):
    """The learner's enrollment in the path."""
    return enrollment_create(user=learner, path=path)


@pytest.fixture
def h5p_content():
    """An H5P content imported through the h5p service (best attempt counts)."""
    return import_package(title="Question de test")


@pytest.fixture
def digcomp() -> dict[str, Competence]:
    """The DigComp 2.2 competences, by code (loaded by the skills migrations)."""
    framework = framework_current("digcomp")
    return {c.code: c for c in Competence.objects.filter(framework=framework)}


def h5p_answer(
    user, content, *, raw: float, maximum: float = 10, verb: str = Verb.ANSWERED, suffix: str = ""
):
    """Post an H5P result as the player does: through the LRS store, actor forced to the user.

    `suffix` is appended to the content's IRI (``?subContentId=…`` for a sub-question).
    """
    return statements_store(
        payload={
            "actor": {"objectType": "Agent", "mbox": "mailto:forged@example.org"},
            "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
            "object": activity(
                h5p_iri(content.pk) + suffix,
                activity_type=ActivityType.INTERACTION,
                name=content.title,
            ),
            "result": {
                "score": {"min": 0, "raw": raw, "max": maximum, "scaled": raw / maximum},
                "completion": True,
                "success": raw == maximum,
            },
        },
        forced_actor=agent_for(user),
    )
