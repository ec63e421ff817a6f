"""The learner's home ("Mon espace") and the next steps offered on "Mes compétences"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.selectors.home import learner_paths, next_steps
from courses.services import (
    enrollment_create,
    lesson_view_record,
    path_alignments_sync,
    path_assign,
)
from organizations.models import Membership
from skills.suggestions import NextStepTarget
from tests.courses.factories import lessons_of, path_with_lessons, target
from tests.organizations.factories import LibraryFactory, MembershipFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def scene(digcomp):
    """An agent with one path done, one in progress, one assigned, and one left to suggest."""
    library = LibraryFactory()
    agent = MembershipFactory(role=Role.AGENT, library=library).user
    head = MembershipFactory(role=Role.LIBRARY_HEAD, library=library).user
    done = path_with_lessons(modules=1, lessons=1, title="Sécurité")
    ongoing = path_with_lessons(modules=1, lessons=2, title="Livres numériques")
    assigned = path_with_lessons(modules=1, lessons=1, title="Presse en ligne")
    other = path_with_lessons(modules=1, lessons=1, title="Cinéma à la demande")
    target(done, digcomp["4.2"], 3)
    target(other, digcomp["4.2"], 4)
    target(other, digcomp["1.1"], 2)
    for path in (done, other):
        path_alignments_sync(path=path)
    enrollment_create(user=agent, path=done)
    lesson_view_record(user=agent, lesson=lessons_of(done)[0])
    enrollment_create(user=agent, path=ongoing)
    lesson_view_record(user=agent, lesson=lessons_of(ongoing)[0])
    due = timezone.localdate() + datetime.timedelta(days=7)
    path_assign(assigned_by=head, path=assigned, people=[agent], due_on=due)
    return {"agent": agent, "done": done, "ongoing": ongoing, "assigned": assigned, "other": other}


def test_learner_paths_sort_done_ongoing_and_assigned(scene) -> None:
    """Completed (with certificate), in progress (with percentage), assigned (with due date)."""
    paths = learner_paths(scene["agent"])
    assert [entry.path for entry in paths.completed] == [scene["done"]]
    assert paths.completed[0].certificate is not None
    assert [entry.path for entry in paths.in_progress] == [scene["ongoing"]]
    assert paths.in_progress[0].progress.percent == 50
    assert [entry.path for entry in paths.assigned] == [scene["assigned"]]
    assert paths.assigned[0].enrollment.due_on is not None


def test_suggestions_aim_above_the_learners_levels(scene) -> None:
    """A path is suggested for the targets above the learner's record, not for reached ones."""
    suggestion = learner_paths(scene["agent"]).suggested
    assert [item.path for item in suggestion] == [scene["other"]]
    assert {(t.competence.code, t.level) for t in suggestion[0].targets} == {("4.2", 4), ("1.1", 2)}


def test_reached_level_is_not_suggested_again(scene, digcomp) -> None:
    """A path aiming at a level already reached is not suggested for that competence."""
    other = scene["other"]
    other.target_competences.filter(competence=digcomp["1.1"]).delete()
    other.target_competences.update(level=3)
    assert learner_paths(scene["agent"]).suggested == []


def test_next_steps_offer_paths_aligned_to_the_next_level(scene, digcomp) -> None:
    """The skills page's provider offers unfinished paths at the next level or above."""
    steps = next_steps(
        scene["agent"],
        [
            NextStepTarget(digcomp["4.2"].pk, current_level=3, next_level=4),
            NextStepTarget(digcomp["1.1"].pk, current_level=2, next_level=3),
        ],
    )
    assert [(step.competence_id, step.title, step.level) for step in steps] == [
        (digcomp["4.2"].pk, "Cinéma à la demande", 4)
    ]
    assert steps[0].url == scene["other"].url


def test_next_steps_leave_out_finished_paths(scene, digcomp) -> None:
    """A completed path is never offered as a next step."""
    steps = next_steps(scene["agent"], [NextStepTarget(digcomp["4.2"].pk, 0, 1)])
    assert scene["done"].title not in [step.title for step in steps]


def test_my_space_shows_the_panel(client, scene) -> None:
    """ "Mon espace" lists the paths in progress, assigned with due date, done with certificate."""
    client.force_login(scene["agent"], backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("accounts:my_space")).content.decode()
    assert "Mes parcours de formation" in page
    assert "Livres numériques" in page
    assert "À terminer avant le" in page
    assert "Télécharger l’attestation (PDF)" in page
    assert "Suggérés pour vous" in page
    assert "Cinéma à la demande" in page
