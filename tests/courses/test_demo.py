"""The demo: three real paths, and the demo agent's progress made through the services."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from courses.activities import path_iri
from courses.demo.content import DEMO_PATHS
from courses.models import Enrollment, LessonPage, PathCompetence, TrainingPathPage
from courses.selectors.home import learner_paths
from h5p.models import H5PContent
from lrs.models import Statement
from skills.models import Alignment, Evidence
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "paths": TrainingPathPage.objects.count(),
        "lessons": LessonPage.objects.count(),
        "targets": PathCompetence.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "statements": Statement.objects.count(),
        "certificates": Certificate.objects.count(),
        "alignments": Alignment.objects.count(),
    }


def test_seed_demo_builds_three_paths_and_the_agents_progress_once() -> None:
    """seed_demo creates the three paths and the agent's done/in-progress/assigned paths, once."""
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first

    titles = set(TrainingPathPage.objects.live().values_list("title", flat=True))
    assert titles == {spec.title for spec in DEMO_PATHS}
    for path in TrainingPathPage.objects.all():
        assert Alignment.objects.filter(activity_iri=path_iri(path.pk)).exists()
        assert LessonPage.objects.live().descendant_of(path).count() >= 5
    assert (
        "lorem"
        not in " ".join(str(lesson.body.raw_data) for lesson in LessonPage.objects.all()).lower()
    )

    agent = UserFactory(email="agent@demo.example.org")
    paths = learner_paths(agent)
    assert [e.path.title for e in paths.completed] == [
        "Premiers pas : sécurité et données personnelles"
    ]
    assert paths.completed[0].certificate is not None
    assert [e.path.title for e in paths.in_progress] == [
        "Accompagner un usager pour emprunter un livre numérique"
    ]
    assert 0 < paths.in_progress[0].progress.percent < 100
    assert [e.path.title for e in paths.assigned] == ["Découvrir la presse en ligne de la BNM"]
    assert paths.assigned[0].enrollment.due_on is not None
    assert Evidence.objects.filter(user=agent, competence__code="4.2").exists()
    assert Certificate.objects.filter(user=agent, achievement_key__startswith="path:").count() == 1

    # With the H5P packages installed by the h5p step, the quizzes are French H5P exercises
    # (without them the quiz lessons are left out, and the paths keep their reading lessons).
    quizzes = LessonPage.objects.filter(completion_rule=LessonPage.CompletionRule.H5P_PASSED)
    if H5PContent.objects.exclude(package_name__startswith="bnm-formation-").exists():
        assert quizzes.count() == 5
        titles = {content.title for lesson in quizzes for content in lesson.h5p_contents()}
        assert "Ce message est-il fiable ?" in titles
    else:
        assert not quizzes.exists()
